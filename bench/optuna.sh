#!/usr/bin/env bash
# This project against Optuna 3.1 on the same machine in one run; writes docs/benchmarks-optuna.md.
#   (1) sampler + storage overhead per trial (random, TPE, NSGA-II; 100 and 1,000 trials; 1, 4, 16 parameters;
#       in memory and SQLite; trivial objective; and ours gp, cmaes, tpe-multivariate at 200 trials x 8 parameters),
#       (2) search quality (median best of SEEDS seeds at 50/100/200 trials on nine standard functions, ours
#       tpe/random/tpe-multivariate/gp/cmaes/auto, Optuna's tpe/random/multivariate tpe/cmaes; hypervolume of NSGA-II /
#       MOTPE on ZDT1, ZDT3, DTLZ2 and DTLZ7), (3) pruning on real
#       data sets with and without Hyperband, (4) parallel throughput with jobs=1 and jobs=2.
# Optuna is Debian's python3-optuna run by Debian's /usr/bin/python3 (not a pyenv python first on PATH).
# Usage: bench/optuna.sh            the whole plan: every overhead cell the issue lists, SQLite at 1,000 trials
#                                       included (about 30 minutes on 2 cores, most of it Optuna's)
#        BENCH_QUICK=1 bench/optuna.sh  leaves out the 1,000-trial SQLite cells and TPE 1,000 x 4 in memory
#        BENCH_ONLY=hypervolume bench/optuna.sh   only the sections named (comma-separated: overhead, quality,
#            hypervolume, noisy, parallel, pruning; noisy runs only when named); the page then goes to target/benchmarks-optuna-<sections>.md, and
#            docs/benchmarks-optuna.md (always the whole plan) is left alone
#        BENCH_ONLY=quality,hypervolume bench/optuna.sh   exactly these two: search quality and hypervolume, with
#            gp's overhead at 200 trials x 8 parameters, written to docs/benchmarks-search.md. The page's run:
#              SEEDS=20 HV_TRIALS=100 SIDE_BY_SIDE=1 BENCH_THREADS=2 QUALITY_SAMPLERS=tpe,gp,cmaes,auto FUNCTION_SET=all \
#                PEER_ROWS=bench/peer/optuna-3.1-search.jsonl BENCH_ONLY=quality,hypervolume bench/optuna.sh
#            (1,901 s on 2 cores, most of it gp's 440 studies of 200 trials; without gp in QUALITY_SAMPLERS about
#            300 s; without PEER_ROWS, Optuna's studies run too: about 40 minutes more)
#            BENCH_THREADS=2 runs two of our studies at once, SIDE_BY_SIDE=1 runs our studies and Optuna's at the
#            same time (one process each). HV_TRIALS=100,200 adds Optuna's 200-trial MOTPE studies on DTLZ2 and DTLZ7
#        BENCH_ONLY=noisy bench/optuna.sh   search quality under noise: eight functions seen through noise of 0.15 of
#            their scale, scored by the noise-free value of the best measured trial at 50 and 100 trials (ours
#            NOISY_SAMPLERS: tpe,cmaes,auto,auto-handover, auto as a trainer's study gets it and auto-handover as a
#            project's objective does; Optuna's OPTUNA_SAMPLERS, always run: PEER_ROWS holds no noisy rows), written to
#            docs/benchmarks-noisy.md (other SEEDS, samplers, NOISE_LEVEL or FUNCTIONS: target/benchmarks-noisy.md).
#            The page's run: SEEDS=20 SIDE_BY_SIDE=1 BENCH_THREADS=2 BENCH_ONLY=noisy bench/optuna.sh
# Knobs: PEER_ROWS (a raw-rows file of an earlier run, e.g. a copy of target/benchmarks-optuna.jsonl: Optuna's quality
#        and hypervolume rows are taken from it, not run again; the page says so), QUALITY_SAMPLERS (tpe,gp,cmaes,auto: ours), OPTUNA_SAMPLERS (tpe,tpe-mv,cmaes), BENCH_THREADS (1),
#        FUNCTION_SET (standard: the functions auto's rules were set on; unseen: the held-out ones; all: both, the
#        page reporting the held-out ones in a section of their own; a run of unseen alone writes its page to target/;
#        search quality only),
#        OVERHEAD_REPS (5) and OVERHEAD_CELL_SECONDS (10): repetitions of an overhead cell, SEEDS (20), HV_SEEDS (5), HV_TRIALS (100,200: one study of the largest count per seed, read after each), PRUNING_TRIALS (12), PRUNING_SEEDS (1),
#        PRUNING_DATASETS (iris,wine,credit-g,digits), DATA (bench/data).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
SEEDS=${SEEDS:-20}
QUALITY_SAMPLERS=${QUALITY_SAMPLERS:-tpe,gp,cmaes,auto}
OPTUNA_SAMPLERS=${OPTUNA_SAMPLERS:-tpe,tpe-mv,cmaes}
NOISY_SAMPLERS=${NOISY_SAMPLERS:-tpe,cmaes,auto,auto-handover}
HV_SEEDS=${HV_SEEDS:-5}
HV_TRIALS=${HV_TRIALS:-100,200}
PRUNING_TRIALS=${PRUNING_TRIALS:-12}
PRUNING_SEEDS=${PRUNING_SEEDS:-1}
PRUNING_DATASETS=${PRUNING_DATASETS:-iris,wine,credit-g,digits}
DATA=${DATA:-bench/data}
FULL=full
[ -z "${BENCH_QUICK:-}" ] || FULL=
ONLY=${BENCH_ONLY:-}
PAGE=docs/benchmarks-optuna.md
[ -z "$ONLY" ] || PAGE=target/benchmarks-optuna-${ONLY//,/-}.md
[ "$ONLY" != "quality,hypervolume" ] || PAGE=docs/benchmarks-search.md
# FUNCTION_SET reaches QualityBench and optuna_bench.py quality through the environment.
[ "${FUNCTION_SET:-standard}" != unseen ] || PAGE=target/benchmarks-optuna-${ONLY:+${ONLY//,/-}-}unseen.md

if ! $PY -c 'import optuna, cmaes' 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y python3-optuna python3-cmaes >/dev/null; else sudo apt-get install -y python3-optuna python3-cmaes >/dev/null; fi
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test
# A copy of the classes: a rebuild in this worktree during the run must not pull them from under the JVMs.
cp -r target/classes "$OUT/classes" && cp -r target/test-classes "$OUT/test-classes"
CP="$OUT/classes:$OUT/test-classes:$(cat "$OUT/cp.txt")"
JAVA=(java -cp "$CP")
RESULTS="$OUT/results.jsonl"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)

step() { echo "== $*" >&2; }
section() { [ -z "$ONLY" ] || [[ ",$ONLY," == *",$1,"* ]]; }
if section overhead; then step "overhead: tuner"; "${JAVA[@]}" dev.tuner.bench.Bench overhead 100,1000 1,4,16 random,tpe,nsga2 $FULL >> "$RESULTS"; fi
if section overhead; then step "overhead: tuner's model-based samplers"; "${JAVA[@]}" dev.tuner.sampler.SamplerOverheadBench gp,cmaes,tpe-multivariate 200 8 3 >> "$RESULTS"; fi
if section overhead; then step "overhead: optuna"; $PY bench/optuna_bench.py overhead 100,1000 1,4,16 random,tpe,nsga2 $FULL >> "$RESULTS"; fi
if section quality && ! section overhead; then step "quality: gp's overhead"; "${JAVA[@]}" dev.tuner.sampler.SamplerOverheadBench gp 200 8 3 >> "$RESULTS"; fi
# Both tools' search studies: one after the other, or with SIDE_BY_SIDE=1 at the same time, one process each (their
# best values and hypervolumes do not depend on timing; only the overhead section needs the machine to itself).
# PEER_ROWS=file takes Optuna's rows of these two sections from an earlier run's raw rows instead of running Optuna
# again (seeded, Optuna's studies give the same rows); every cell asked for must be there.
peer() {
  # Optuna's noisy rows always run: an earlier run's raw rows hold quality and hypervolume only.
  if [ -z "${PEER_ROWS:-}" ] || [ "${PEER[0]}" = noisy ]; then $PY bench/optuna_bench.py "${PEER[@]}"; return; fi
  $PY bench/optuna_bench.py rows "$PEER_ROWS" "${PEER[@]}"
}
both() {
  local name=$1; shift
  local ours=("$@")
  if [ -n "${SIDE_BY_SIDE:-}" ]; then
    step "$name: tuner and optuna side by side"
    "${ours[@]}" > "$OUT/$name-tuner.jsonl" &
    local tuner=$!
    peer > "$OUT/$name-optuna.jsonl" &
    local peer=$!
    wait "$tuner" && wait "$peer"
    cat "$OUT/$name-tuner.jsonl" "$OUT/$name-optuna.jsonl" >> "$RESULTS"
  else
    step "$name: tuner"; "${ours[@]}" >> "$RESULTS"
    step "$name: optuna${PEER_ROWS:+ (rows of $PEER_ROWS)}"; peer >> "$RESULTS"
  fi
}
if section quality; then
  PEER=(quality "$SEEDS" 50,100,200 "$OPTUNA_SAMPLERS")
  both quality "${JAVA[@]}" dev.tuner.sampler.QualityBench "$SEEDS" 50,100,200 "$QUALITY_SAMPLERS"
fi
if section noisy && [ -n "$ONLY" ]; then
  PEER=(noisy "$SEEDS" 50,100 "$OPTUNA_SAMPLERS")
  both noisy "${JAVA[@]}" dev.tuner.sampler.NoisyQualityBench "$SEEDS" 50,100 "$NOISY_SAMPLERS"
fi
if section hypervolume; then
  PEER=(hypervolume "$HV_SEEDS" "$HV_TRIALS" nsga2,motpe)
  both hypervolume "${JAVA[@]}" dev.tuner.sampler.HypervolumeBench "$HV_SEEDS" "$HV_TRIALS" nsga2,motpe
fi
if section parallel; then step "parallel: tuner"; "${JAVA[@]}" dev.tuner.bench.Bench parallel 60 20 >> "$RESULTS"; fi
if section parallel; then step "parallel: optuna"; $PY bench/optuna_bench.py parallel 60 20 >> "$RESULTS"; fi
if section pruning; then step "pruning: tuner"; "${JAVA[@]}" dev.tuner.bench.Bench pruning "$DATA" "$PRUNING_TRIALS" "$PRUNING_SEEDS" "$PRUNING_DATASETS" >> "$RESULTS"; fi

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$ONLY" != noisy ]; then
  $PY bench/render_optuna.py "$RESULTS" "$(( $(date +%s) - START ))" "$LOAD_BEFORE" "$LOAD_AFTER" \
    "bench/optuna.sh${BENCH_QUICK:+ (BENCH_QUICK=1)}${ONLY:+ (BENCH_ONLY=$ONLY)}${SIDE_BY_SIDE:+ (SIDE_BY_SIDE=1)} with SEEDS=$SEEDS${PEER_ROWS:+ PEER_ROWS=$PEER_ROWS}${FUNCTION_SET:+ FUNCTION_SET=$FUNCTION_SET} QUALITY_SAMPLERS=$QUALITY_SAMPLERS OPTUNA_SAMPLERS=$OPTUNA_SAMPLERS HV_SEEDS=$HV_SEEDS HV_TRIALS=$HV_TRIALS PRUNING_TRIALS=$PRUNING_TRIALS PRUNING_SEEDS=$PRUNING_SEEDS PRUNING_DATASETS=$PRUNING_DATASETS" \
    ${ONLY:+"$ONLY"} > "$PAGE.tmp"
  mv "$PAGE.tmp" "$PAGE"
  step "wrote $PAGE"
fi
if section noisy && [ -n "$ONLY" ]; then
  NOISY_PAGE=docs/benchmarks-noisy.md
  [ "$SEEDS/$NOISY_SAMPLERS/$OPTUNA_SAMPLERS/${NOISE_LEVEL:-}/${FUNCTIONS:-}" = "20/tpe,cmaes,auto,auto-handover/tpe,tpe-mv,cmaes//" ] \
    || NOISY_PAGE=target/benchmarks-noisy.md
  $PY bench/render_noisy.py "$RESULTS" "$(( $(date +%s) - START ))" "$LOAD_BEFORE" "$LOAD_AFTER" \
    "BENCH_ONLY=$ONLY${SIDE_BY_SIDE:+ SIDE_BY_SIDE=1} SEEDS=$SEEDS BENCH_THREADS=${BENCH_THREADS:-1}${NOISE_LEVEL:+ NOISE_LEVEL=$NOISE_LEVEL}${FUNCTIONS:+ FUNCTIONS=$FUNCTIONS} NOISY_SAMPLERS=$NOISY_SAMPLERS OPTUNA_SAMPLERS=$OPTUNA_SAMPLERS bench/optuna.sh" \
    > "$NOISY_PAGE.tmp"
  mv "$NOISY_PAGE.tmp" "$NOISY_PAGE"
  step "wrote $NOISY_PAGE"
fi
cp "$RESULTS" target/benchmarks-optuna.jsonl 2>/dev/null || true
step "raw rows: target/benchmarks-optuna.jsonl"
