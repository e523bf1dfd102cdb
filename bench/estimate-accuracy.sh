#!/usr/bin/env bash
# Estimate accuracy: runs tuner:estimate then tuner:tune (in one Maven invocation, as a bound build does:
# estimate in validate, tune in process-classes) on two examples with different trainers, each time on a fresh
# study storage, and prints estimate.json's expectedSeconds against the seconds tune actually took (best.json's
# estimate.actualSeconds, measured around the study in the tune goal) and their ratio.
#
# Usage: bench/estimate-accuracy.sh [repeats]
# Needs `mvn -B install` first: it runs offline against target/local-repo, where the ITs installed this worktree's
# plugin (the shared ~/.m2 may hold another build of the same SNAPSHOT).
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-2}"
plugin="dev.tuner:tuner-maven-plugin:0.1.0-SNAPSHOT"
settings="$(mktemp)"
# As src/it/settings.xml: whatever target/local-repo lacks comes from the developer's ~/.m2, as a file repository.
sed "s#@localRepositoryUrl@#file://$HOME/.m2/repository#" src/it/settings.xml > "$settings"
printf '%-14s %-14s %3s %10s %10s %7s %6s\n' example trainer run expected_s actual_s ratio load1
for example in breast-cancer credit-g; do
  for run in $(seq 1 "$repeats"); do
    scratch="$(mktemp -d)"
    # The examples name <storage> in their POM (which beats -Dtuner.storage): a fresh study means deleting it.
    rm -rf "examples/$example/.tuner"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    mvn -B -q -o -s "$settings" -Dmaven.repo.local="$PWD/target/local-repo" -f "examples/$example/pom.xml" "$plugin:estimate" "$plugin:tune" \
        -Dtuner.outputDirectory="$scratch/out" > "$scratch/build.log" 2>&1 \
      || { cat "$scratch/build.log"; exit 1; }
    python3 - "$scratch/out" "$example" "$run" "$load" <<'PY'
import json, sys
out, example, run, load = sys.argv[1:]
e = json.load(open(out + '/estimate.json'))
b = json.load(open(out + '/best.json'))['estimate']
print('%-14s %-14s %3s %10.1f %10.1f %7.2f %6s' % (example, e['trainer'], run, e['expectedSeconds'],
      b['actualSeconds'], b['actualSeconds'] / e['expectedSeconds'], load))
PY
    rm -rf "$scratch" "examples/$example/.tuner"
  done
done
