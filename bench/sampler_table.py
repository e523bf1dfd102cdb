"""Median best per function, sampler and trial count from dev.tuner.sampler.QualityBench's JSON lines (stdin or
files), as a Markdown table; the lowest median of each row in bold. Standard library only."""
import fileinput
import json
from collections import defaultdict
from statistics import median

cells = defaultdict(list)
functions, samplers, counts = [], [], []
for line in fileinput.input():
    row = json.loads(line)
    if row.get("bench") != "quality" or "skipped" in row:
        continue
    for value, seen in ((row["function"], functions), (row["sampler"], samplers), (row["trials"], counts)):
        if value not in seen:
            seen.append(value)
    cells[(row["function"], row["trials"], row["sampler"])].append(row["best"])

seeds = max((len(v) for v in cells.values()), default=0)
print(f"Median best over {seeds} seeds (lower is better; the lowest of each row in bold).")
print()
print("| function | trials | " + " | ".join(samplers) + " |")
print("| --- | --- | " + " | ".join("---" for _ in samplers) + " |")
for f in functions:
    for n in counts:
        medians = {s: median(cells[(f, n, s)]) for s in samplers if cells.get((f, n, s))}
        best = min(medians.values())
        shown = [(f"**{medians[s]:.4g}**" if medians[s] == best else f"{medians[s]:.4g}") if s in medians else "-"
                 for s in samplers]
        print(f"| {f} | {n} | " + " | ".join(shown) + " |")
