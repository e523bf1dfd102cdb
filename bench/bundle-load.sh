#!/usr/bin/env bash
# Bundle load benchmark: cold load of a bundle with 10,000 x 384 embeddings vs recomputing them with MiniLM.
# Usage: bench/bundle-load.sh [runs] [texts-to-embed]   (defaults 5 and 300). Figures go to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
EMBED=${2:-300}
DATA=${DATA:-bench/data}
OUT=target/bench-bundle
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
JAVA="java -cp $CP -Djava.util.logging.config.file=/dev/null"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
$JAVA dev.tuner.bundle.BundleLoadBenchmark build "$OUT" "$DATA/reuters-grain-train.csv" "$DATA/reuters-grain-test.csv"
ls -l "$OUT/bundle.zip"
for i in $(seq "$RUNS"); do
  $JAVA dev.tuner.bundle.BundleLoadBenchmark load "$OUT/bundle.zip"
done
$JAVA dev.tuner.bundle.BundleLoadBenchmark embed "$OUT" "$EMBED"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
