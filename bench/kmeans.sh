#!/usr/bin/env bash
# The bundle's former hand-written spherical k-means against Tribuo 4.3.2's KMeansTrainer (k-means++, cosine
# distance) as the bundle now runs it, one thread each, on the same unit vectors: CPU seconds, mean cosine to the
# nearest centroid, repeatability.
# Usage: bench/kmeans.sh [rows] [dimension] [k] [repeats]   (defaults 2000 384 4 5: one label's rows of a bundle
# corpus and <centroidsPerLabel>4). Under a minute on a quiet 2-core machine. Figures go to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/test-classpath.sh
java -cp "$CP" -Djava.util.logging.config.file=/dev/null dev.tuner.bundle.KMeansBench \
    "${1:-2000}" "${2:-384}" "${3:-4}" "${4:-5}"
