package dev.tuner.estimate;

import dev.tuner.tribuo.Metrics;
import dev.tuner.study.Objective;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleToIntFunction;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.Objects;
import java.lang.management.MemoryUsage;

/**
 * A timed probe: a few real trainings of the configured trainer on the project's data (fold 0) at small budgets,
 * with parameters drawn at random from the search space, measuring wall seconds and peak heap of each.
 *
 * <p><b>Memory</b> is what a training needs live on the heap at its highest, whatever the JVM's maximum heap. The
 * peak of the heap pools during a timed training ({@link MemoryPoolMXBean#getPeakUsage}, reset before it) is no
 * measure of that: it holds every byte allocated since the last collection, garbage included, and how much garbage
 * the collector lets build up grows with {@code -Xmx} (an extra-trees study on 178 rows peaked at 614 MiB in a 6 GiB
 * heap and ran in 128 MiB). So after the timed runs, each probe budget's hungriest draw is trained once more while
 * another thread runs full collections ({@code System.gc()}) every tenth of the training's time and reads the heap
 * after each: the largest reading, less the heap after a collection just before the training, is its live peak, up to
 * the sampling's resolution (a short training is repeated until a few readings are in). One that still gives fewer
 * than two keeps its pool peak, an upper bound (the safe side for a ceiling); a JVM that ignores {@code System.gc()}
 * reads its garbage too. Native memory (XGBoost's C++ side) is not on the Java heap and is not counted.
 *
 * <p><b>Parallel efficiency</b> is measured, not assumed: the trainings at the largest probe budget run once each on
 * one thread, then twice each on two threads; the speed-up of two threads over one is what {@code jobs = 2} buys on
 * this machine, under its current load. Cheap trainings are measured again, up to {@link #SPEEDUP_READINGS} pairs
 * within {@link #SPEEDUP_SECONDS}, and the median kept. The live-heap readings come after every timing: their full
 * collections leave the heap shrunk, and two threads timed right after them paid for growing it again (the
 * speed-up read 1.0-1.3 where the study ran at 1.9).
 */
final class CalibrationProbe {

    /** One probe budget: rows trained on, mean seconds and largest heap increment over the parameter draws. */
    record Point(double budget, int rows, double meanSeconds, double peakHeapBytes) {
    }

    /**
     * @param points        the probe budgets, rising
     * @param twoThreadSpeedup measured speed-up of two threads over one (1 when not measured)
     * @param modelBytes    largest model-size metric seen
     * @param metrics       metrics of one probe training, to size the database and reports
     */
    /**
     * @param firstSeconds       the first training's seconds (class loading, first compilation)
     * @param coldPassSeconds    what the untimed warm-up passes took beyond as many passes at the settled speed
     *                           (the fastest): the JIT compiling the trainer's code while it runs, which a fresh JVM
     *                           pays again over its first trainings
     * @param warmUpTrainings    trainings of those passes
     */
    record Result(List<Point> points, double twoThreadSpeedup, boolean speedupMeasured, double modelBytes,
                  Map<String, Double> metrics, double seconds, List<Timed> runs, double firstSeconds,
                  double speedLogSd, double coldPassSeconds, int warmUpTrainings) {
    }

    /** One timed training: which draw, at which budget and rows, its wall seconds and the metrics it measured. */
    record Timed(int draw, double budget, int rows, double seconds, Map<String, Double> metrics) {
    }

    /** Untimed warm-up: at most this many passes over the draws at the smallest budget... */
    static final int WARM_UP_PASSES = 400;
    /** ...and no more passes once this much time has gone into them... */
    static final double WARM_UP_SECONDS = 15.0;
    /** ...and none once this many passes in a row were not faster than the best by WARM_UP_GAIN... */
    static final int WARM_UP_STALE = 3;
    static final double WARM_UP_GAIN = 0.05;
    /** ...while the JIT compiled for less than this share of the pass's wall time (it is quiet). */
    static final double JIT_QUIET = 0.05;
    /** A warm-up pass costs what it takes beyond this many times the settled pass's time (see coldPassSeconds). */
    static final double COLD_MARGIN = 1.1;
    /** Marks the cheapest draw's run at the full budget in the probe's order. */
    private static final int FULL = -1;

    private CalibrationProbe() {
    }

    /**
     * @param rowsAt     rows trained on at a budget (for a custom objective, the budget in work units)
     * @param fullBudget the study's full budget, at which draws are timed once more (NaN: not)
     * @param fullRuns   what the runs at the full budget may cost, in runs of an average draw: the cheapest draw is
     *                   timed there in any case, the next cheapest ones while their time at the smallest budget adds
     *                   up to no more than this many average draws' (see {@link #fullBudgetDraws})
     */
    static Result run(Objective objective, DoubleToIntFunction rowsAt, List<Double> budgets, double fullBudget,
                      double fullRuns, List<Map<String, Object>> draws, boolean measureParallel) throws Exception {
        long start = System.nanoTime();
        // Trainings before timing, at the smallest budget: class loading and JIT compilation of each draw's code
        // path (optimiser, kernel, booster, metrics) belong to no budget. A study runs long enough for the JIT to reach
        // its steady code, so untimed passes over the draws go on until a pass is no longer getting faster: its time
        // has not beaten the best pass by WARM_UP_GAIN for WARM_UP_STALE passes, and the JIT compiled for less than
        // JIT_QUIET of it. Timing is the test that matters: on a loaded machine the compiler threads get little CPU, so
        // a JIT that compiles little may still have much to compile, and cheap trainings (a tree on a hundred rows)
        // need thousands of calls before their code is compiled. Bounded by WARM_UP_PASSES and WARM_UP_SECONDS. The
        // first training's own time, against the model's forecast for it, is what the first trial of a cold JVM adds.
        long first = System.nanoTime();
        evaluate(objective, draws, 0, budgets.get(0));
        double firstSeconds = (System.nanoTime() - first) / 1e9;
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        double best = Double.POSITIVE_INFINITY;
        int stale = 0;
        List<Double> passes = new ArrayList<>();
        double[] drawSeconds = new double[draws.size()];
        for (int pass = 0; pass < WARM_UP_PASSES && (System.nanoTime() - first) / 1e9 < WARM_UP_SECONDS; pass++) {
            long jitBefore = jitTimed ? jit.getTotalCompilationTime() : 0;
            long passStart = System.nanoTime();
            for (int d = 0; d < draws.size(); d++) {
                long drawStart = System.nanoTime();
                evaluate(objective, draws, d, budgets.get(0));
                drawSeconds[d] = (System.nanoTime() - drawStart) / 1e9;
            }
            double passMillis = (System.nanoTime() - passStart) / 1e6;
            passes.add(passMillis);
            boolean jitQuiet = !jitTimed || jit.getTotalCompilationTime() - jitBefore < JIT_QUIET * passMillis;
            if (passMillis < best * (1 - WARM_UP_GAIN)) {
                best = passMillis;
                stale = 0;
            } else {
                best = Math.min(best, passMillis);
                stale++;
            }
            if (stale >= WARM_UP_STALE && jitQuiet) {
                break;
            }
        }
        // The timed runs in a seeded random order: whatever still warms up, or a load that changes while the probe
        // runs, then spreads over every budget instead of slowing the small ones and bending the rows exponent.
        List<int[]> order = new ArrayList<>();
        for (int b = 0; b < budgets.size(); b++) {
            for (int d = 0; d < draws.size(); d++) {
                order.add(new int[]{b, d});
            }
        }
        // Draws also at the study's full budget: the rows exponent measured up to half the budget misses a cost that
        // is flat at small rows and grows later (a tree's fixed set-up against its split search, a booster's per-round
        // overhead), and how fast it grows differs between cheap and costly configurations, which one exponent for
        // all cannot tell; runs at the full rows pin it where the study runs.
        if (!Double.isNaN(fullBudget)) {
            for (int d : fullBudgetDraws(drawSeconds, fullRuns)) {
                order.add(new int[]{FULL, d});
            }
        }
        Collections.shuffle(order, new Random(31L * budgets.size() + draws.size()));
        List<Timed> runs = new ArrayList<>();
        double[] seconds = new double[budgets.size()];
        double[] peaks = new double[budgets.size()];
        int[] hungriest = new int[budgets.size()];
        Arrays.fill(hungriest, -1);
        double modelBytes = 0;
        Map<String, Double> lastMetrics = Map.of();
        for (int[] run : order) {
            double budget = run[0] == FULL ? fullBudget : budgets.get(run[0]);
            long used = heapUsed();
            resetPeaks();
            long t0 = System.nanoTime();
            Map<String, Double> m = evaluate(objective, draws, run[1], budget);
            double took = (System.nanoTime() - t0) / 1e9;
            runs.add(new Timed(run[1], budget, rowsAt.applyAsInt(budget), took, m));
            if (run[0] != FULL) {
                seconds[run[0]] += took;
                long peak = heapPeak() - used;
                if (peak > peaks[run[0]]) {
                    peaks[run[0]] = peak;
                    hungriest[run[0]] = run[1];
                }
            }
            modelBytes = Math.max(modelBytes, m.getOrDefault(Metrics.MODEL_SIZE, 0.0));
            lastMetrics = m;
        }
        double speedup = 1.0;
        if (measureParallel && draws.size() >= 2) {
            double budget = budgets.get(budgets.size() - 1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                // The draws once on one thread (first: the timed runs at this budget), then twice each on two, and
                // again while cheap: one reading of cheap trainings (milliseconds) moves with whatever else the
                // machine does in that instant, and was seen from 1.0 to 2.0 for the same study on the same machine.
                List<Double> ratios = new ArrayList<>();
                long phaseStart = System.nanoTime();
                double sequential = seconds[budgets.size() - 1];
                do {
                    if (!ratios.isEmpty()) {
                        long s0 = System.nanoTime();
                        for (int d = 0; d < draws.size(); d++) {
                            evaluate(objective, draws, d, budget);
                        }
                        sequential = (System.nanoTime() - s0) / 1e9;
                    }
                    double parallel = twoThreads(pool, objective, draws, budget);
                    ratios.add(Math.max(1.0, Math.min(2.0, 2 * sequential / parallel)));
                } while (ratios.size() < SPEEDUP_READINGS
                        && (System.nanoTime() - phaseStart) / 1e9 < SPEEDUP_SECONDS);
                speedup = CostModel.median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
            } finally {
                pool.shutdownNow();
            }
        }
        // The live peak of each budget's hungriest draw (see the class comment), in place of its pool peak; last, as its
        // full collections leave the heap shrunk, and a run timed after them would pay for growing it again.
        for (int b = 0; b < budgets.size(); b++) {
            if (hungriest[b] >= 0) {
                int draw = hungriest[b];
                double budget = budgets.get(b);
                OptionalLong live = livePeak(() -> evaluate(objective, draws, draw, budget), seconds[b] / draws.size());
                if (live.isPresent()) {
                    peaks[b] = live.getAsLong();
                }
            }
        }
        List<Point> points = new ArrayList<>();
        for (int b = 0; b < budgets.size(); b++) {
            points.add(new Point(budgets.get(b), rowsAt.applyAsInt(budgets.get(b)), seconds[b] / draws.size(),
                    Math.max(1, peaks[b])));
        }
        return new Result(points, speedup, measureParallel && draws.size() >= 2, modelBytes, lastMetrics,
                (System.nanoTime() - start) / 1e9, runs, firstSeconds, plateauLogSd(passes), coldPassSeconds(passes),
                passes.size() * draws.size());
    }

    /**
     * The draws timed at the full budget: the cheapest always, then the next cheapest while their times at the
     * smallest budget ({@code seconds}, from the last warm-up pass) add up to no more than {@code allowance} times
     * the average draw's. Times at the smallest budget rank the draws' costs at the full one, and their sum over
     * the average is what the runs at the full budget cost in average runs there, whatever the rows exponent.
     */
    static List<Integer> fullBudgetDraws(double[] seconds, double allowance) {
        Integer[] byCost = new Integer[seconds.length];
        for (int d = 0; d < byCost.length; d++) {
            byCost[d] = d;
        }
        Arrays.sort(byCost, (a, b) -> Double.compare(seconds[a], seconds[b]));
        double mean = Arrays.stream(seconds).average().orElse(0);
        List<Integer> chosen = new ArrayList<>();
        double spent = 0;
        for (int d : byCost) {
            spent += seconds[d];
            if (!chosen.isEmpty() && spent > allowance * mean) {
                break;
            }
            chosen.add(d);
        }
        return chosen;
    }

    /**
     * A draw whose training failed (diverged, predicted no class, ran out of what the trainer can take): the study
     * would count such a trial as failed and go on, so the estimate takes another configuration instead.
     */
    static final class DrawFailedException extends RuntimeException {
        private final int draw;

        DrawFailedException(int draw, Exception cause) {
            super(cause);
            this.draw = draw;
        }

        int draw() {
            return draw;
        }
    }

    private static Map<String, Double> evaluate(Objective objective, List<Map<String, Object>> draws, int draw,
                                                double budget) {
        try {
            return objective.evaluate(draws.get(draw), budget, 0);
        } catch (Exception e) {
            throw new DrawFailedException(draw, e);
        }
    }

    /**
     * How much the machine's speed wobbles: the standard deviation of the log times of the warm-up passes once they
     * stopped getting faster (the last {@code WARM_UP_STALE + 1}; the same work each time, so what differs is the
     * machine: other processes, GC, frequency). 0 when the warm-up ended before it had that many such passes.
     */
    static double plateauLogSd(List<Double> passes) {
        int n = WARM_UP_STALE + 1;
        if (passes.size() < n + 1) {
            return 0;
        }
        double[] logs = passes.subList(passes.size() - n, passes.size()).stream()
                .mapToDouble(p -> Math.log(Math.max(1e-3, p))).toArray();
        double mean = Arrays.stream(logs).average().orElse(0);
        double ss = Arrays.stream(logs).map(x -> (x - mean) * (x - mean)).sum();
        return Math.sqrt(ss / (n - 1));
    }

    /**
     * The passes' milliseconds beyond the settled speed, in seconds: the settled speed is the median of the last
     * {@code WARM_UP_STALE + 1} passes (those that were no longer getting faster), only the passes before them count,
     * and each only beyond a tenth more than the settled speed: a steady machine's wobble over a long warm-up must not
     * add up to a cost.
     */
    static double coldPassSeconds(List<Double> passes) {
        int plateau = Math.min(passes.size(), WARM_UP_STALE + 1);
        double settled = CostModel.median(passes.subList(passes.size() - plateau, passes.size()).stream()
                .mapToDouble(Double::doubleValue).toArray());
        return passes.subList(0, passes.size() - plateau).stream()
                .mapToDouble(p -> Math.max(0, p - COLD_MARGIN * settled)).sum() / 1000;
    }

    /** Readings of the two-thread speed-up, at most, their median kept... */
    static final int SPEEDUP_READINGS = 5;
    /** ...while the readings so far took less than this (one reading in any case). */
    static final double SPEEDUP_SECONDS = 1.0;

    /**
     * Each draw twice, the two copies side by side on two threads: the draws span cheap to costly, so one copy each
     * would leave a thread idle behind the costliest and understate what two threads buy. Wall seconds.
     */
    private static double twoThreads(ExecutorService pool, Objective objective, List<Map<String, Object>> draws,
                                     double budget) throws Exception {
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int d = 0; d < draws.size(); d++) {
            int draw = d;
            futures.add(pool.submit(() -> evaluate(objective, draws, draw, budget)));
            futures.add(pool.submit(() -> evaluate(objective, draws, draw, budget)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof DrawFailedException failed ? failed : e;
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Full collections a live-peak reading may take over a training, at most. */
    static final int LIVE_SAMPLES = 10;
    /** Readings a live peak wants: a shorter training is repeated for them... */
    static final int LIVE_MIN_READINGS = 4;
    /** ...for no longer than this. */
    static final double LIVE_REPEAT_SECONDS = 0.5;

    /**
     * The live heap one training needs at its highest: the training runs while another thread collects the heap
     * ({@code System.gc()}) and reads it, {@link #LIVE_SAMPLES} times over its expected time (a training too short for
     * {@link #LIVE_MIN_READINGS} readings is repeated, up to {@link #LIVE_REPEAT_SECONDS}); empty when fewer than two
     * readings came in.
     *
     * @param expectedSeconds what such a training took when timed
     */
    static OptionalLong livePeak(Runnable training, double expectedSeconds) throws InterruptedException {
        System.gc();
        long before = heapAfterCollection();
        long intervalNanos = Math.max(1_000_000L, (long) (expectedSeconds * 1e9 / LIVE_SAMPLES));
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong highest = new AtomicLong(Long.MIN_VALUE);
        AtomicInteger readings = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                System.gc();
                if (done.get()) {
                    break;
                }
                // What the collection left, not the heap now: a training allocating fast refills it at once.
                long used = heapAfterCollection();
                highest.accumulateAndGet(used, Math::max);
                readings.incrementAndGet();
                LockSupport.parkNanos(intervalNanos);
            }
        }, "tuner-live-heap");
        sampler.setDaemon(true);
        sampler.start();
        try {
            // A training shorter than a collection or two is repeated, each reading falling somewhere in one of them,
            // until a few readings are in or LIVE_REPEAT_SECONDS are spent.
            long start = System.nanoTime();
            do {
                training.run();
            } while (readings.get() < LIVE_MIN_READINGS && System.nanoTime() - start < LIVE_REPEAT_SECONDS * 1e9);
        } finally {
            done.set(true);
            sampler.interrupt();
            sampler.join();
        }
        if (readings.get() < 2) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, highest.get() - before));
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
    }

    private static long heapUsed() {
        return heapPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    /** The heap the last collection left, over the heap pools ({@link MemoryPoolMXBean#getCollectionUsage}). */
    private static long heapAfterCollection() {
        return heapPools().stream().map(MemoryPoolMXBean::getCollectionUsage)
                .filter(Objects::nonNull).mapToLong(MemoryUsage::getUsed).sum();
    }

    private static void resetPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long heapPeak() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
