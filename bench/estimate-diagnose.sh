#!/usr/bin/env bash
# Where the estimates of the last bench/estimate-accuracy.sh run went wrong, per case, from the files it kept in
# target/bench-estimate/<case>/ (dev.tuner.estimate.CostDiagnosis): the estimate's own cost model prices random
# configurations of the case's space and the study's actual trials.
#   per-run forecast / random's price   what the simulated study expected a run to cost, over a random configuration
#                                        (above 1: the simulation drifted to costly settings, or the bootstrap's
#                                        models disagree; the forecast of a run is a mean over them)
#   later trials' price / random's       where the study's sampler actually went after its start-up trials
#   trial seconds / (price x folds)     how fast the trials ran against the price of their own parameters (one-budget
#                                        studies; with 2 jobs a trial's wall seconds include sharing the cores)
# Usage: bench/estimate-diagnose.sh [case-name-substring]     (seconds; needs a run of bench/estimate-accuracy.sh)
#        DIAGNOSE_OPTS=-DperTrial=true bench/estimate-diagnose.sh xgb   also lists each trial's price and seconds
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
# The case table of the accuracy bench, read from it so that the two never disagree.
eval "$(sed -n '/^cases=(/,/^)/p' bench/estimate-accuracy.sh)"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/diagnose-cp.txt -Dmdep.includeScope=test
CP="target/classes:target/test-classes:$(cat target/diagnose-cp.txt)"
for c in "${cases[@]}"; do
  IFS='|' read -r name group data trainer space trials sampler pruner budgets folds jobs <<< "$c"
  [[ -n "$filter" && "$name" != *"$filter"* ]] && continue
  [ -f "target/bench-estimate/$name/estimate.json" ] || { echo "$name: not run"; continue; }
  classes=$(python3 -c 'import csv, sys; print(len({r["label"] for r in csv.DictReader(open(sys.argv[1]))}))' \
    "bench/data/$data.csv")
  java ${DIAGNOSE_OPTS:-} -cp "$CP" dev.tuner.estimate.CostDiagnosis "target/bench-estimate/$name" "$space" "$classes" 2>/dev/null
done
