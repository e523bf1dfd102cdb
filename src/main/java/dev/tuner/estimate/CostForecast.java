package dev.tuner.estimate;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;

/**
 * The time of the remaining trials as a distribution, from the cost model's forecast of many candidate
 * configurations drawn from the search space, simulating which of them a study's trials will be.
 *
 * <p>A random-like sampler (random, grid, sobol, sweep) spreads its trials over the space, so each trial is a random
 * candidate. A model-based sampler (TPE, GP, CMA-ES, NSGA-II, ...) draws its first {@link #STARTUP_TRIALS} at random
 * and then concentrates where the metric is good, which may be the cheap or the costly end of the space: each
 * simulated study picks a cost quantile {@code q} and takes its later trials within {@link #WINDOW} of it. {@code q}
 * is the larger of two uniform draws (mean 2/3): the drivers of cost are mostly capacity (trees, depth, epochs,
 * weaker regularisation), which tends to buy metric, so a study drifts to the costly side more often than to the
 * cheap side. The model's own uncertainty (the scatter of the probe's runs, the error of the rows exponent over
 * the extrapolation) multiplies each simulated total by a log-normal factor. The expected seconds are the mean of
 * the simulated totals, the range their 10th and 90th percentiles.
 */
final class CostForecast {
    static final int SIMULATIONS = 400;
    /** Trials a model-based sampler draws at random before it models (TPE's n_startup_trials). */
    static final int STARTUP_TRIALS = 10;
    /** Half-width, in cost quantiles, of the region a model-based study settles in. */
    static final double WINDOW = 0.15;
    private static final Set<String> RANDOM_LIKE = Set.of("random", "grid", "sobol", "sweep");

    /**
     * @param expected       mean of the simulated totals
     * @param low            10th percentile
     * @param high           90th percentile
     * @param secondsPerRun  per column, the mean seconds of one run over the simulated studies
     */
    record Result(double expected, double low, double high, double[] secondsPerRun) {
    }

    private CostForecast() {
    }

    static boolean randomLike(String sampler) {
        return sampler == null || RANDOM_LIKE.contains(sampler);
    }

    /**
     * @param costs         {@code costs[c][k]}: forecast seconds of candidate {@code c} in column {@code k} (a budget's
     *                      rows, or the refit's)
     * @param weights       per column, how many runs of a trial's configuration the total counts (expected runs
     *                      over the parallelism, or 1 for the refit of the best trial)
     * @param trials        trials still to run
     * @param randomLike    whether every trial is a random draw of the space
     * @param logSd         standard deviation of the log error of a simulated total
     */
    static Result simulate(double[][] costs, double[] weights, int trials, boolean randomLike, double logSd,
                           long seed) {
        int n = costs.length;
        int columns = weights.length;
        Integer[] order = new Integer[n];
        double[] key = new double[n];
        for (int c = 0; c < n; c++) {
            order[c] = c;
            key[c] = costs[c][columns - 1];
        }
        // Rank candidates by what they cost in the last column, where most of the time goes.
        Arrays.sort(order, (x, y) -> Double.compare(key[x], key[y]));
        Random random = new Random(seed);
        double[] totals = new double[SIMULATIONS];
        double[] perRun = new double[columns];
        int count = Math.max(1, trials);
        for (int s = 0; s < SIMULATIONS; s++) {
            double q = Math.max(random.nextDouble(), random.nextDouble());
            double[] mean = new double[columns];
            for (int t = 0; t < count; t++) {
                int candidate;
                if (randomLike || t < STARTUP_TRIALS) {
                    candidate = random.nextInt(n);
                } else {
                    double lo = Math.max(0, q - WINDOW);
                    double hi = Math.min(1, q + WINDOW);
                    candidate = order[Math.min(n - 1, (int) ((lo + random.nextDouble() * (hi - lo)) * n))];
                }
                for (int k = 0; k < columns; k++) {
                    mean[k] += costs[candidate][k] / count;
                }
            }
            double total = 0;
            for (int k = 0; k < columns; k++) {
                total += weights[k] * mean[k];
                perRun[k] += mean[k] / SIMULATIONS;
            }
            totals[s] = total * Math.exp(logSd * random.nextGaussian());
        }
        double expected = Arrays.stream(totals).average().orElse(0);
        Arrays.sort(totals);
        return new Result(expected, percentile(totals, 0.10), percentile(totals, 0.90), perRun);
    }

    private static double percentile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }
}
