#!/usr/bin/env bash
# Pruning over data fractions on real data: runs examples/breast-cancer with and without Hyperband for several
# seeds (each a fresh study) and prints the training compute each spent and the best values it found.
# Needs the plugin installed first (mvn -B install). Usage: bench/pruning.sh [seeds] [trials]
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${1:-3}
TRIALS=${2:-40}
EXAMPLE=examples/breast-cancer
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

for seed in $(seq 1 "$SEEDS"); do
  for pruner in none hyperband; do
    out="$WORK/$pruner-$seed"
    mvn -B -q -f "$EXAMPLE/pom.xml" process-classes -Dtuner.pruner="$pruner" -Dtuner.seed="$seed" \
      -Dtuner.trials="$TRIALS" -Dtuner.storage="$WORK/studies.db" -Dtuner.study="bench-$pruner-$seed" \
      -Dtuner.outputDirectory="$out" > "$out.log" 2>&1 || { cat "$out.log"; exit 1; }
  done
done

/usr/bin/python3 - "$WORK" "$SEEDS" "$TRIALS" <<'PY'
import json, statistics, sys, os, platform
work, seeds, trials = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = {}
for pruner in ("none", "hyperband"):
    spent, cv, held, secs = [], [], [], []
    for seed in range(1, seeds + 1):
        b = json.load(open(os.path.join(work, f"{pruner}-{seed}", "best.json")))
        spent.append(b["budgetSpent"]["fullTrainings"])
        cv.append(b["best"]["values"]["accuracy"])
        held.append(b["heldOut"]["tuned"]["accuracy"])
        secs.append(b["seconds"])
    rows[pruner] = (statistics.median(spent), statistics.median(cv), statistics.median(held), statistics.median(secs))
print(f"breast-cancer, XGBoost, TPE, budgets 0.05,0.2,1.0, 2 folds, {trials} trials, median of {seeds} seeds"
      f" ({os.cpu_count()} cores, {platform.machine()})")
print("| pruner | full trainings spent | fraction of no-pruning | best CV accuracy | held-out accuracy | seconds |")
print("| --- | --- | --- | --- | --- | --- |")
base = rows["none"][0]
for p, (s, c, h, t) in rows.items():
    print(f"| {p} | {s:.1f} | {s / base:.0%} | {c:.4f} | {h:.4f} | {t:.1f} |")
PY
