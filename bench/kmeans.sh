#!/usr/bin/env bash
# The bundle's former hand-written spherical k-means against Tribuo 4.3.2's KMeansTrainer (k-means++, cosine
# distance) as the bundle now runs it, one thread each, on the same unit vectors: CPU seconds, mean cosine to the
# nearest centroid, repeatability.
# Usage: bench/kmeans.sh [rows] [dimension] [k] [repeats]   (defaults 2000 384 4 5: one label's rows of a bundle
# corpus and <centroidsPerLabel>4). Under a minute on a quiet 2-core machine. Figures go to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
java -cp "$CP" -Djava.util.logging.config.file=/dev/null dev.tuner.bundle.KMeansBench \
    "${1:-2000}" "${2:-384}" "${3:-4}" "${4:-5}"
