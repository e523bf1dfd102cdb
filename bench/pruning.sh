#!/usr/bin/env bash
# Pruning over data fractions on real data: runs examples/breast-cancer with and without Hyperband for several
# seeds (each a fresh study) and prints the training compute each spent and the best values it found.
# Needs the plugin installed first (mvn -B install). Usage: [SAMPLER=tpe] bench/pruning.sh [seeds] [trials]
# (SAMPLER unset: the example's own sampler, the default auto)
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${1:-3}
TRIALS=${2:-40}
EXAMPLE=examples/breast-cancer
SAMPLER_ARG=()
[ -n "${SAMPLER:-}" ] && SAMPLER_ARG=(-Dtuner.sampler="$SAMPLER")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

for seed in $(seq 1 "$SEEDS"); do
  for pruner in none hyperband; do
    out="$WORK/$pruner-$seed"
    mvn -B -q -f "$EXAMPLE/pom.xml" process-classes -Dtuner.pruner="$pruner" -Dtuner.seed="$seed" \
      -Dtuner.trials="$TRIALS" -Dtuner.storage="$WORK/studies.db" -Dtuner.study="bench-$pruner-$seed" \
      -Dtuner.outputDirectory="$out" "${SAMPLER_ARG[@]}" > "$out.log" 2>&1 || { cat "$out.log"; exit 1; }
  done
done

/usr/bin/python3 - "$WORK" "$SEEDS" "$TRIALS" "${SAMPLER:-auto (the default)}" <<'PY'
import json, statistics, sys, os, platform
work, seeds, trials, sampler = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = {}
for pruner in ("none", "hyperband"):
    spent, cv, held, secs, defaults, lossT, lossD = [], [], [], [], [], [], []
    for seed in range(1, seeds + 1):
        b = json.load(open(os.path.join(work, f"{pruner}-{seed}", "best.json")))
        spent.append(b["budgetSpent"]["fullTrainings"])
        objective = next(iter(b["best"]["values"]))
        cv.append(b["best"]["values"][objective])
        held.append(b["heldOut"]["tuned"]["accuracy"])
        defaults.append(b["heldOut"]["defaults"]["accuracy"])
        lossT.append(b["heldOut"]["tuned"]["log-loss"])
        lossD.append(b["heldOut"]["defaults"]["log-loss"])
        secs.append(b["seconds"])
    m = statistics.median
    rows[pruner] = (m(spent), m(cv), m(held), m(secs), m(defaults), m(lossT), m(lossD),
                    statistics.mean(lossT), statistics.mean(lossD), sum(t <= d for t, d in zip(lossT, lossD)))
print(f"breast-cancer (the example's budgets, folds and jobs), XGBoost, sampler {sampler}, {trials} trials, median of {seeds} seeds"
      f" ({os.cpu_count()} cores, {platform.machine()})")
print(f"| pruner | full trainings spent | share of no-pruning | best CV {objective} | held-out accuracy, tuned / XGBoost defaults | held-out log-loss, tuned / defaults | mean held-out log-loss, tuned / defaults | seeds tuned <= defaults | seconds |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
base = rows["none"][0]
for p, (s, c, h, t, d, lt, ld, mt, md, wins) in rows.items():
    print(f"| {p} | {s:.1f} | {s / base:.0%} | {c:.4f} | {h:.4f} / {d:.4f} | {lt:.4f} / {ld:.4f} | {mt:.4f} / {md:.4f}"
          f" | {wins} of {seeds} | {t:.1f} |")
PY
