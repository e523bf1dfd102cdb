package dev.tuner.estimate;

import dev.tuner.sampler.TpeSampler;
import dev.tuner.sampler.Sampler;
import dev.tuner.sampler.Samplers;
import dev.tuner.sampler.SamplingContext;
import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * What the sampler's own proposals cost over the study: a model-based sampler refits on the whole history for each
 * trial ({@code gp}: a Gaussian process, O(n^3) in the trials), which on a cheap objective is most of the study's
 * time. Its proposal time is measured, warm, on synthetic histories of the study's sizes (see {@link #history}),
 * fitted as {@code seconds = a * n^b} and summed over the trials the study will propose.
 *
 * @param seconds  the proposals of trials {@code finished .. target - 1}, in seconds
 * @param atTarget seconds of one proposal with {@code target - 1} trials in the history (extrapolated beyond
 *                 {@link #MAX_TIMED_HISTORY})
 */
record SamplerCost(double seconds, double atTarget) {
    static final SamplerCost NONE = new SamplerCost(0, 0);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Histories the proposal time is measured at, as fractions of the target. */
    private static final double[] SIZES = {0.25, 0.5, 1.0};
    /**
     * Rounds of timing, each timing one proposal at every size (in CPU time, see {@link #threadNanos}); a size's
     * figure is its median round: the work of a proposal varies with its seed (a model fit that converges in fewer
     * steps), and the median is the typical proposal's, which a study of many sums to.
     */
    private static final int ROUNDS = 5;
    /** Rounds at least, so that a median has a middle. */
    private static final int MIN_ROUNDS = 3;
    /** No further round past {@link #MIN_ROUNDS} once the rounds took this long together. */
    private static final double ROUNDS_SECONDS = 2.0;
    /** Untimed proposals before the timed ones, at most, and at most this long. */
    private static final int WARM_UP_PROPOSALS = 40;
    private static final double WARM_UP_SECONDS = 1.5;
    /**
     * The largest history timed; a longer study's proposals are extrapolated by the fitted law. Building and timing
     * histories of thousands of trials would make the estimate cost what it forecasts (gp: seconds per proposal).
     */
    static final int MAX_TIMED_HISTORY = 300;

    /**
     * Times the named sampler's proposals on histories of the study's space.
     *
     * @param estimatedObjective whether the study's objective is an estimate (a trainer's cross-validation), which
     *                           picks the {@code auto} it runs ({@link Samplers#create(String, boolean)})
     */
    static SamplerCost measure(String samplerName, boolean estimatedObjective, SearchSpace space,
                               List<Direction> directions, int finished, int target, long seed) {
        if (target - finished <= 0 || space.size() == 0) {
            return NONE;
        }
        TreeSet<Integer> sizes = new TreeSet<>();
        int largest = Math.min(target - 1, MAX_TIMED_HISTORY);
        for (double f : SIZES) {
            sizes.add(Math.max(1, (int) Math.round(f * largest)));
        }
        List<Trial> history = history(space, directions, sizes.last(), seed);
        // Untimed proposals first, on the smallest history: a cold JVM runs the sampler's code interpreted until it
        // is compiled, 3-5x slower than the study, whose hundreds of proposals run it compiled.
        long warmUpStart = System.nanoTime();
        Sampler warm = Samplers.create(samplerName, estimatedObjective);
        for (int i = 0; i < WARM_UP_PROPOSALS && (System.nanoTime() - warmUpStart) / 1e9 < WARM_UP_SECONDS; i++) {
            warm.sample(new SamplingContext(space, history.subList(0, sizes.first()), directions, sizes.first(),
                    seed + i));
        }
        List<Integer> ns = new ArrayList<>(sizes);
        // One sampler per size, kept across rounds: a study's sampler carries its state from one proposal to the next.
        List<Sampler> samplers = new ArrayList<>();
        List<List<Double>> rounds = new ArrayList<>();
        for (int i = 0; i < ns.size(); i++) {
            samplers.add(Samplers.create(samplerName, estimatedObjective));
            rounds.add(new ArrayList<>());
        }
        double spent = 0;
        // Round -1 is not timed: the first proposal on a larger history runs code the small one's warm-up did not
        // (longer loops compiled on their own), and in a JVM that ran other work first it read 3x the study's.
        for (int round = -1; round < ROUNDS && (round < MIN_ROUNDS || spent < ROUNDS_SECONDS); round++) {
            for (int i = 0; i < ns.size(); i++) {
                int n = ns.get(i);
                long t0 = threadNanos();
                samplers.get(i).sample(new SamplingContext(space, history.subList(0, n), directions, n,
                        seed + round + 1));
                double seconds = (threadNanos() - t0) / 1e9;
                if (round >= 0) {
                    rounds.get(i).add(seconds);
                    spent += seconds;
                }
            }
        }
        List<Double> times = new ArrayList<>();
        for (List<Double> timings : rounds) {
            times.add(Math.max(CostModel.median(timings.stream().mapToDouble(Double::doubleValue).toArray()), 1e-7));
        }
        double atTarget = times.get(times.size() - 1);
        if (ns.size() < 2) {
            return new SamplerCost(atTarget * (target - finished), atTarget);
        }
        PowerLaw law = PowerLaw.fitBounded(ns.stream().mapToDouble(Integer::doubleValue).toArray(),
                times.stream().mapToDouble(Double::doubleValue).toArray(), 0, 4);
        double total = 0;
        for (int n = finished; n < target; n++) {
            total += law.at(Math.max(1, n));
        }
        return new SamplerCost(total, target - 1 > largest ? law.at(target - 1) : atTarget);
    }

    /**
     * The CPU time of this thread, where the JVM measures it, else the wall clock. A proposal is one thread's
     * computation: its CPU time is the sampler's work whatever else the machine runs, where the wall clock of a
     * fraction of a second moved tenfold with the load of the moment (32 and 344 ms for the same proposal, minutes
     * apart, beside another build); the study's speed against the probe's is the forecast's range's business.
     */
    private static long threadNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()
                ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** {@code size} complete trials of a study of a noisy bowl, as TPE proposes them. */
    private static List<Trial> history(SearchSpace space, List<Direction> directions, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Trial> trials = new ArrayList<>(size);
        for (int number = 0; number < size; number++) {
            // TPE's proposals (a fraction of a millisecond each): the history gathers around the bowl's minimum as a
            // searching study's does, and a model fits such a history in fewer steps than points spread at random.
            Map<String, Object> params = new TpeSampler().sample(new SamplingContext(space, trials, directions,
                    number, seed));
            // A smooth bowl over the unit cube plus a little noise, as a study's metric is: a model fits it as it
            // fits a real study (pure noise would make each fit search longer for structure that is not there).
            double bowl = 0;
            for (var entry : params.entrySet()) {
                double u = unit(space, entry.getKey(), entry.getValue());
                bowl += (u - 0.3) * (u - 0.3);
            }
            List<Double> values = new ArrayList<>();
            for (int o = 0; o < directions.size(); o++) {
                values.add(bowl + 0.01 * random.nextDouble() + 0.1 * o);
            }
            trials.add(new Trial(number, number, TrialState.COMPLETE, params, null, values, Map.of(), Instant.EPOCH,
                    Instant.EPOCH, "estimate", null));
        }
        return trials;
    }

    /** Where {@code value} lies in its parameter's range, in [0, 1] (0.5 for a choice). */
    private static double unit(SearchSpace space, String name, Object value) {
        var d = space.get(name);
        if (!(value instanceof Number n) || d instanceof dev.tuner.space.CategoricalDistribution) {
            return 0.5;
        }
        double low = d.internalLow();
        double high = d.internalHigh();
        return high > low ? (d.toInternal(n) - low) / (high - low) : 0.5;
    }
}
