#!/usr/bin/env bash
# What two threads buy a trainer's trainings in one fresh JVM, read as the estimate's probe reads it (four
# configurations on one thread, then each twice side by side on two), round after round, with what the JIT compiled
# during each two-thread phase (dev.tuner.bench.TwoThreadBench).
# Usage: bench/two-threads.sh [csv target trainer folds rounds params...]
#   default: bench/data/blobs-wide.csv label knn 2 6 'distance=choice(l1|l2)'   (about 20 s)
#   bench/two-threads.sh bench/data/breast-cancer.csv label libsvm 3 6 'kernel=choice(linear|rbf|poly)' \
#       'cost=log(0.01:100)' 'gamma=log(0.001:1)'                               (libsvm trains under a JVM-wide lock)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/test-classpath.sh
if [ $# -eq 0 ]; then
  set -- bench/data/blobs-wide.csv label knn 2 6 'distance=choice(l1|l2)'
fi
java -cp "$CP" dev.tuner.bench.TwoThreadBench "$@" 2>&1 | grep -v '^SLF4J'
