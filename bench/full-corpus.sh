#!/usr/bin/env bash
# Full-corpus forecast against the time it forecasts: for each case, a study is tuned on a sample of a larger data
# set with <fullCorpus> (estimate then tune, one Maven invocation), and the study's top trials are then trained on
# the whole set. The forecast (estimate.json fullCorpus.secondsPerRun, and its range over topK) is compared with the
# median seconds of one of those trainings.
#
# The full run: tune on the whole file with the sample study's top-k trials enqueued (trials = k, random sampler,
# no defaults trial, no final choice), the same testFraction (0.2) and a single 80/20 validation split (folds 1): a
# trial is one training on 0.64 x the file's rows, validated on 0.16 x them, which is the row count of the corpus
# passed as <fullCorpus> (the estimate times a training on a corpus in its own 80/20 split, so the validation rows
# are alike too; stratified rounding moves them by a few rows). That build runs estimate first, as a bound build
# does: its probe warms the JVM (class loading, JIT) on the same trainer and data, so the k trainings are timed warm,
# as the sample's forecast is; the median of the k leaves out one that a pause slowed.
# <fullCorpus> is a data file of that many rows, drawn from the whole set (the estimate then times a configuration
# on it at growing rows); FULL_CORPUS_AS=rows passes the row count instead (the growth is then the cost model's).
#
# Usage: bench/full-corpus.sh [case-name-substring]   (8 cases, about 5 minutes on a quiet 2-core machine)
# Needs the plugin in target/local-repo (see bench/estimate-accuracy.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
filter="${1:-}"
plugin_version="0.1.0-SNAPSHOT"
plugin="dev.tuner:tuner-maven-plugin:$plugin_version"
settings="$(mktemp)"
sed "s#@localRepositoryUrl@#file://$HOME/.m2/repository#" src/it/settings.xml > "$settings"
work="$(mktemp -d)"
# A Friedman #1 set four times the benchmark's own (same generator), so that a sample of 1,000 rows is a twelfth.
python3 bench/make_unseen_data.py "$work" 12000
cp bench/data/digits.csv bench/data/reuters-grain-train.csv bench/data/blobs-wide.csv "$work/"

# name | data | sample rows | trainer | searchSpace (name=dist;...)
cases=(
  "sgd-friedman|friedman|1000|linear-sgd|epochs=int(5, 50);minibatchSize=intlog(1, 64)"
  "xgb-friedman|friedman|1000|xgboost|numTrees=int(20, 200);maxDepth=int(2, 8);eta=log(0.01, 0.3)"
  "cart-friedman|friedman|1000|cart|maxDepth=int(2, 20);minChildWeight=float(1.0, 20.0)"
  "rf-digits|digits|300|random-forest|numTrees=int(10, 100);maxDepth=int(3, 14)"
  "logistic-reuters|reuters-grain-train|300|logistic|epochs=int(3, 15);learningRate=log(0.01, 1.0)"
  "svm-blobs|blobs-wide|400|libsvm|kernel=choice(linear, rbf);cost=log(0.1, 10.0)"
  "nb-digits|digits|300|naive-bayes|alpha=log(0.01, 10.0)"
  "knn-blobs|blobs-wide|400|knn|k=int(1, 30)"
)

pom() { # dir name data-file extra-configuration folds
  local text=""
  head -1 "$1/data/$3" | tr ',' '\n' | grep -qx 'text' && text="<textColumns><textColumn>text</textColumn></textColumns>"
  cat > "$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>$2</artifactId><version>1</version><packaging>pom</packaging>
  <build><plugins><plugin>
    <groupId>dev.tuner</groupId><artifactId>tuner-maven-plugin</artifactId><version>$plugin_version</version>
    <configuration>
      <dataset><path>data/$3</path><target>label</target><testFraction>0.2</testFraction>$text</dataset>
      <trainer>$trainer</trainer>
      <searchSpace>$entries</searchSpace>
      <folds>$5</folds><budgets>1.0</budgets><pruner>none</pruner><topK>3</topK>
      <storage>\${project.basedir}/.tuner/studies.db</storage>
      $4
    </configuration>
  </plugin></plugins></build>
</project>
POM
}

start_all=$(date +%s)
results="$(mktemp)"
printf '%-17s %-15s %6s %6s %7s %9s %9s %9s %9s %6s %5s %5s\n' case trainer sample full b forecast low high actual ratio in load1
for c in "${cases[@]}"; do
  IFS='|' read -r name data sample trainer space <<< "$c"
  [[ -n "$filter" && "$name" != *"$filter"* ]] && continue
  entries=""
  IFS=';' read -ra parts <<< "$space"
  for p in "${parts[@]}"; do entries+="<${p%%=*}>${p#*=}</${p%%=*}>"; done
  small="$(mktemp -d)"; whole="$(mktemp -d)"
  mkdir -p "$small/data" "$whole/data"
  cp "$work/$data.csv" "$whole/data/full.csv"
  python3 - "$work/$data.csv" "$small/data/sample.csv" "$sample" <<'PY'
import random, sys
lines = open(sys.argv[1]).read().splitlines()
rows = random.Random(20261201).sample(lines[1:], int(sys.argv[3]))
open(sys.argv[2], 'w').write('\n'.join([lines[0]] + rows) + '\n')
PY
  full_rows=$(( ($(wc -l < "$whole/data/full.csv") - 1) * 64 / 100 ))
  corpus="$full_rows"
  if [[ "${FULL_CORPUS_AS:-file}" == file ]]; then
    corpus="$small/data/corpus.csv"
    python3 - "$work/$data.csv" "$corpus" "$full_rows" <<'PY'
import random, sys
lines = open(sys.argv[1]).read().splitlines()
rows = random.Random(7).sample(lines[1:], int(sys.argv[3]))
open(sys.argv[2], 'w').write('\n'.join([lines[0]] + rows) + '\n')
PY
  fi
  pom "$small" "$name" sample.csv "<trials>12</trials><sampler>tpe</sampler><rescoreTop>0</rescoreTop>" 2
  load="$(cut -d' ' -f1 /proc/loadavg)"
  mvn -B -q -o -s "$settings" -Dmaven.repo.local="$root/target/local-repo" -f "$small/pom.xml" \
      "$plugin:estimate" "$plugin:tune" -Dtuner.fullCorpus="$corpus" -Dtuner.outputDirectory="$small/out" \
      > "$small/build.log" 2>&1 || { cat "$small/build.log"; exit 1; }
  enqueue="$(python3 - "$small/out/best.json" <<'PY'
import json, sys
top = json.load(open(sys.argv[1]))['topK']
print('<enqueue>' + ''.join('<trial>' + ''.join('<%s>%s</%s>' % (k, v, k) for k, v in t['params'].items())
                            + '</trial>' for t in top) + '</enqueue><trials>%d</trials>' % len(top))
PY
)"
  pom "$whole" "$name-full" full.csv "$enqueue<sampler>random</sampler><evaluateDefaults>false</evaluateDefaults><rescoreTop>0</rescoreTop>" 1
  mvn -B -q -o -s "$settings" -Dmaven.repo.local="$root/target/local-repo" -f "$whole/pom.xml" \
      "$plugin:estimate" "$plugin:tune" -Dtuner.outputDirectory="$whole/out" > "$whole/build.log" 2>&1 \
      || { cat "$whole/build.log"; exit 1; }
  python3 - "$small/out/estimate.json" "$whole/out/trials.csv" "$name" "$load" <<'PY' | tee -a "$results"
import csv, json, statistics, sys
e = json.load(open(sys.argv[1]))
f = e['fullCorpus']
k = f['topK']
runs = [float(r['seconds']) for r in csv.DictReader(open(sys.argv[2])) if r['state'].upper() == 'COMPLETE']
actual = statistics.median(runs)
lo, hi = f['lowSeconds'] / k, f['highSeconds'] / k
print('%-17s %-15s %6d %6d %7.2f %9.3f %9.3f %9.3f %9.3f %6.2f %5s %5s' % (sys.argv[3], e['trainer'], f['sampleRows'],
      f['rows'], f['rowsExponent'], f['secondsPerRun'], lo, hi, actual, actual / f['secondsPerRun'],
      'yes' if lo <= actual <= hi else 'NO', sys.argv[4]))
PY
  mkdir -p "target/bench-full-corpus/$name"
  cp "$small/out/estimate.json" "$small/build.log" "target/bench-full-corpus/$name/"
  cp "$whole/out/trials.csv" "target/bench-full-corpus/$name/full-trials.csv"
  rm -rf "$small" "$whole"
done
python3 - "$results" <<'PY'
import math, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
if rows:
    ratios = [float(r[9]) for r in rows]
    print('%d cases: ratio within 0.75-1.33 in %d, inside the range in %d, ratios %.2f-%.2f, geometric mean %.2f'
          % (len(rows), sum(1 for x in ratios if 0.75 <= x <= 1.33), sum(1 for r in rows if r[10] == 'yes'),
             min(ratios), max(ratios), math.exp(sum(map(math.log, ratios)) / len(ratios))))
PY
echo "bench took $(( $(date +%s) - start_all )) s"
rm -rf "$settings" "$results" "$work"
