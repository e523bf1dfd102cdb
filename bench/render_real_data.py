"""Turns the JSON lines of bench/real-data.sh into docs/benchmarks-real-data.md (stdout). Every figure in the page
comes from those lines; the page says the command, the machine and its load."""
import json
import os
import platform
import statistics
import sys
from collections import defaultdict

results, seconds, load_before, load_after, command = sys.argv[1:6]
note = sys.argv[6] if len(sys.argv) > 6 else ""
rows = [json.loads(line) for line in open(results) if line.strip().startswith("{")]
by = defaultdict(list)
for r in rows:
    by[(r["case"], r["sampler"])].append(r)
cases = list(dict.fromkeys(r["case"] for r in rows))
samplers = list(dict.fromkeys(r["sampler"] for r in rows))


def f(x):
    return "%.4f" % x


def held(rs, who, metric):
    return [r[who][metric] for r in rs]


out = []
p = out.append
p("# Tuning on the examples' real data")
p("")
p("Produced by `%s` in %s s on %s (%d cores; load %s before, %s after: a busy machine makes the seconds noisy, not"
  " the metrics). Every study: objective cross-validated log-loss, the trainer's defaults as the first trial, the"
  " top trials re-scored on more folds before the choice (`<rescoreTop>`, docs/tune.md), no pruning, one job; the"
  " held-out rows (20%%) are never seen by tuning." % (command, seconds, platform.processor() or platform.machine(),
                                                      os.cpu_count(), load_before, load_after))
p("")
if note:
    p("**" + note + "**")
    p("")
expected = [c for c in os.environ.get("CASES", "").split(",") if c and c not in cases]
if expected:
    p("**Not measured in this run: " + ", ".join(expected) + ".**")
    p("")
if "auto" in samplers and "tpe" in samplers:
    p("## `auto` against `tpe`: held-out log-loss, median of the seeds")
    p("")
    p("| data set, trainer | seeds | auto | tpe | auto not worse |")
    p("|---|---|---|---|---|")
    for c in cases:
        # Seeds both samplers finished (a run stopped early may have one more of one).
        common = {r["seed"] for r in by[(c, "auto")]} & {r["seed"] for r in by[(c, "tpe")]}
        a = [r for r in by[(c, "auto")] if r["seed"] in common]
        t = [r for r in by[(c, "tpe")] if r["seed"] in common]
        if not a or not t:
            continue
        ma, mt = statistics.median(held(a, "tuned", "log-loss")), statistics.median(held(t, "tuned", "log-loss"))
        p("| %s | %d | %s | %s | %s |" % (c, len(a), f(ma), f(mt), "yes" if ma <= mt else "**no**"))
    p("")
p("## Tuned against the trainer's defaults on held-out rows, mean of the seeds")
p("")
p("| data set, trainer | sampler | seeds | accuracy tuned | accuracy defaults | log-loss tuned | log-loss defaults |"
  " tuned not worse | final choice changed by re-scoring |")
p("|---|---|---|---|---|---|---|---|---|")
for c in cases:
    for s in samplers:
        rs = by[(c, s)]
        if not rs:
            continue
        mean = statistics.mean
        at, ad = mean(held(rs, "tuned", "accuracy")), mean(held(rs, "defaults", "accuracy"))
        lt, ld = mean(held(rs, "tuned", "log-loss")), mean(held(rs, "defaults", "log-loss"))
        ok = at >= ad and lt <= ld
        changed = sum(1 for r in rs if r.get("finalChoice") and r["finalChoice"].get("changed"))
        p("| %s | %s | %d | %s | %s | %s | %s | %s | %d of %d |" % (c, s, len(rs), f(at), f(ad), f(lt), f(ld),
                                                                   "yes" if ok else "**no**", changed, len(rs)))
p("")
p("## Search or selection: log-loss at each step, median of the seeds")
p("")
p("The study's best by its own folds (what the sampler optimised), the chosen trial over every fold of the final"
  " choice's cross-validations (the study's and the re-scoring's), and the chosen trial refit and measured on the"
  " held-out rows. A sampler ahead on the first and behind on the others found the luck of the study's folds.")
p("")
p("| data set, trainer | sampler | study's best (its folds) | chosen (all folds) | held-out |")
p("|---|---|---|---|---|")


def chosen_cv(r):
    fc = r.get("finalChoice")
    if fc:
        for c in fc["candidates"]:
            if c["number"] == fc["chosen"]:
                return c["combined"]
    return r["crossValidated"]


for c in cases:
    for s in samplers:
        rs = by[(c, s)]
        if rs:
            med = statistics.median
            p("| %s | %s | %s | %s | %s |" % (c, s, f(med(r["crossValidated"] for r in rs)),
                                             f(med(chosen_cv(r) for r in rs)), f(med(held(rs, "tuned", "log-loss")))))
p("")
p("## Seconds per study (mean)")
p("")
p("| data set, trainer | " + " | ".join(samplers) + " |")
p("|---|" + "---|" * len(samplers))
for c in cases:
    p("| %s | %s |" % (c, " | ".join("%.1f" % statistics.mean(r["seconds"] for r in by[(c, s)]) if by[(c, s)] else "-"
                                      for s in samplers)))
print("\n".join(out))
