#!/usr/bin/env bash
# The built-in single-objective samplers against each other, without Optuna: median best value of SEEDS seeds at
# 50/100/200 trials on every function of TestFunctions.standard() (dev.tuner.sampler.QualityBench), and the per-trial
# overhead of each at 200 trials x 8 parameters (dev.tuner.sampler.SamplerOverheadBench). Prints Markdown.
# Usage: bench/samplers.sh                      SEEDS=10, samplers gp,cmaes,tpe,random
#        SEEDS=20 SAMPLERS=gp,tpe bench/samplers.sh
# About 20 minutes on 2 quiet cores with the defaults, most of it gp's 200-trial studies.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-10}
SAMPLERS=${SAMPLERS:-gp,cmaes,tpe,random}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test
JAVA=(java -cp "target/classes:target/test-classes:$(cat "$OUT/cp.txt")")
echo "== quality" >&2
"${JAVA[@]}" dev.tuner.sampler.QualityBench "$SEEDS" 50,100,200 "$SAMPLERS" > "$OUT/quality.jsonl"
echo "== overhead" >&2
"${JAVA[@]}" dev.tuner.sampler.SamplerOverheadBench "$SAMPLERS" 200 8 3 > "$OUT/overhead.jsonl"
python3 bench/sampler_table.py "$OUT/quality.jsonl"
echo
echo "Overhead per trial at 200 trials x 8 parameters (in memory, trivial objective; median of 3 studies):"
echo
python3 - "$OUT/overhead.jsonl" <<'PY'
import json, sys
print("| sampler | wall ms / trial | CPU ms / trial |")
print("| --- | --- | --- |")
for line in open(sys.argv[1]):
    r = json.loads(line)
    print(f"| {r['sampler']} | {r['ms_per_trial']:.2f} | {r['cpu_ms_per_trial']:.2f} |")
PY
echo
echo "Load average at the end (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
