#!/usr/bin/env bash
# Near-duplicate removal and the neighbour graph on planted unit vectors: the approximate path
# (dev.tuner.neighbours.NeighbourIndex.of, HNSW above 5,000 rows) against the all-pairs loop the bundle ran before,
# in the same run; the loop runs on a prefix and is extrapolated quadratically. Recall: of the planted pairs, and
# against exact search for a sample of rows. Prints one JSON object per run; figures go to docs/benchmarks.md.
# Usage: bench/dedup.sh [rows] [dimension] [loop-prefix-rows] [recall-sample-rows] [topic-spread]
#        [m efConstruction ef firstK projection]
#        (defaults 100000 384 8000 200 0.9, HnswNeighbourIndex.DEFAULT). About 5 minutes on a quiet 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/test-classpath.sh
/usr/bin/time -f "wall %e s, max RSS %M KiB" java -Xmx6g -cp "$CP" dev.tuner.neighbours.DedupBench \
    "${1:-100000}" "${2:-384}" "${3:-8000}" "${4:-200}" "${5:-0.9}" "${@:6}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
