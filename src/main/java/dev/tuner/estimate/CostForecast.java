package dev.tuner.estimate;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;

/**
 * The time of the remaining trials as a distribution, from the cost model's forecast of many candidate
 * configurations drawn from the search space, simulating which of them a study's trials will be.
 *
 * <p>Each of {@link #SIMULATIONS} simulated studies draws from the three sources of error the estimate knows of:
 * <ul>
 *   <li><b>the cost law itself</b>: each simulation prices the candidates with one of the cost models refitted on a
 *   bootstrap resample of the probe's draws ({@link Plan#costs}), so exponents the probe pinned badly, and the rows
 *   exponent extrapolated beyond the probe's rows, spread the totals;</li>
 *   <li><b>where the sampler goes</b>: each candidate gets a quality that correlates with its cost by a coefficient
 *   drawn around what the probe measured on its own draws ({@link Sources#costQuality}), shrunk towards none by a
 *   prior ({@link #DRIFT_PRIOR_SD}, Fisher's z): a few draws at small budgets say little of how quality goes with cost
 *   over a study's trials at the full budget, and on the benchmark's studies the two agreed weakly. A random-like
 *   sampler (random, grid, sobol, sweep) takes random candidates; a model-based one (TPE, GP, CMA-ES, ...) takes
 *   {@link #STARTUP_TRIALS} at random and then settles within {@link #WINDOW} cost quantiles of the best of those:
 *   it models from what it has tried, not from the best configuration of the whole space. Where cost buys quality,
 *   that is towards the costly end. A resumed study's finished trials count towards the start-up, and once it has
 *   trials past it, it settles where its own last trials did ({@link Plan#settledQuantile}). The final choice re-scores the best simulated trials and the held-out refit
 *   trains the best one, so they cost what the best trials cost, not what an average one does;</li>
 *   <li><b>run-to-run scatter</b>: each simulated trial's time is multiplied by a log-normal factor of median 1 with
 *   the probe's residual scatter ({@link Sources#runLogSd});</li>
 *   <li><b>the machine's speed</b>: each simulated total is multiplied by a log-normal factor of median 1 with the
 *   spread of the probe's repeated warm-up passes ({@link Sources#speedLogSd}): a machine whose speed wobbles over
 *   seconds while the probe runs is not likely to run the study at the probe's speed.</li>
 *   <li><b>what the pruner stops</b>: each simulated study takes the runs per budget of one of the pruner plan's own
 *   simulated studies ({@link Plan#runScales}), and its final choice re-scores no more trials than that study
 *   completed ({@link Plan#completeTrials}): which trials a pruner stops depends on the order in which good and bad
 *   values arrive, so a pruned study of twenty trials may run a fifth fewer or more trainings than the average one,
 *   and leave two complete trials to re-score or eight.</li>
 * </ul>
 * The expected seconds are the median of the simulated totals under the cost model fitted on every probe run (the
 * other sources still drawn); the range is the 10th to 90th percentile of the totals with every source drawn, the
 * refits included, moved so that their median falls on the expected seconds. The median, not the mean: the totals
 * are skewed to the right (a few trials drawn from costs with a long tail usually miss the tail), so the mean lies
 * above what a study typically takes, and a plan is judged by how far, as a factor, the actual lands from it, which
 * the median of a distribution minimises. The mean is kept for the per-run table, whose runs add up to it.
 */
final class CostForecast {
    static final int SIMULATIONS = 400;
    /** Trials a model-based sampler draws at random before it models (TPE's n_startup_trials). */
    static final int STARTUP_TRIALS = 10;
    /** Half-width, in cost quantiles, of the region a model-based study settles in. */
    static final double WINDOW = 0.15;
    /**
     * Standard deviation of the prior on the cost-quality correlation (Fisher's z, centred on none): the spread of the
     * correlation over studies' own trials, root mean square 0.42 in z over 36 studies of the estimate benchmark (runs
     * 18 and 19 and the first run of its unseen cases: -0.62 to 0.94), against which the probe's four-draw reading
     * agreed weakly (0.34). With this prior, four draws move the simulated study about a seventh as far as they
     * measure, twelve about three fifths as far.
     */
    static final double DRIFT_PRIOR_SD = 0.4;
    /**
     * Standard deviation, in log seconds, of what the probe cannot see and no other source draws: conditions that
     * differ between the probe and the study (the JIT's state, the garbage collector, caches, a sampler's luck beyond
     * the model). Fitted on the estimate benchmark: over 60 case-runs (runs 18-20 and the first run of the unseen
     * cases) the actual fell inside the 10-90% range in 44 (73%) without it and in 48 (80%) with 0.1 added in
     * quadrature to each range's own spread. The estimate adds it to the machine's speed ({@link Sources#speedLogSd}).
     */
    static final double UNSEEN_LOG_SD = 0.1;
    /** Correlations beyond this are taken as this before Fisher's z: four draws in order are not certainty. */
    static final double MAX_CORRELATION = 0.9;
    private static final Set<String> RANDOM_LIKE = Set.of("random", "grid", "sobol", "sweep");

    /**
     * What the simulated study trains.
     *
     * @param costs          {@code costs[m][c][k]}: seconds of candidate {@code c} in column {@code k} by cost model
     *                       {@code m}; the columns are the ladder's budgets, then the refit's (every tuning row)
     * @param defaults       {@code defaults[m][k]}: seconds of the trainer's defaults, same columns
     * @param weights        per ladder column, the runs of one trial's configuration the total counts (expected
     *                       runs over the parallelism)
     * @param trials         trials still to run
     * @param randomLike     whether every trial is a random draw of the space
     * @param defaultsFirst  whether the first trial is the defaults trial (tune enqueues it)
     * @param rescoreTop     the final choice's best trials re-scored (0: no final choice)
     * @param rescoreDefaults whether the defaults trial is re-scored with them
     * @param rescoreWeight  trainings of one re-scored candidate at the last budget, over the parallelism
     * @param refits         whether the best trial and the defaults are refitted on the tuning rows
     * @param runScales      per simulated pruned study, its runs per ladder budget over the expected ones
     *                       ({@link PrunerPlan#runScales}); empty: every study runs the expected ones
     * @param completeTrials per simulated pruned study, the trials it completes, which the final choice picks from
     *                       ({@link PrunerPlan#completeTrials}); empty: as many as it needs
     * @param finishedTrials trials a resumed study has finished: they count towards the sampler's start-up
     * @param settledQuantile for a resumed model-based study, the cost quantile its last trials settled at (NaN:
     *                       unknown, the simulation then draws it from the start-up trials it simulates)
     */
    record Plan(double[][][] costs, double[][] defaults, double[] weights, int trials, boolean randomLike,
                boolean defaultsFirst, int rescoreTop, boolean rescoreDefaults, double rescoreWeight,
                boolean refits, double[][] runScales, double[] completeTrials, int finishedTrials,
                double settledQuantile) {

        /** A plan for a fresh study. */
        Plan(double[][][] costs, double[][] defaults, double[] weights, int trials, boolean randomLike,
             boolean defaultsFirst, int rescoreTop, boolean rescoreDefaults, double rescoreWeight, boolean refits,
             double[][] runScales, double[] completeTrials) {
            this(costs, defaults, weights, trials, randomLike, defaultsFirst, rescoreTop, rescoreDefaults,
                    rescoreWeight, refits, runScales, completeTrials, 0, Double.NaN);
        }

        /** A plan whose pruner (none, or its expectation) runs the same trainings in every study. */
        Plan(double[][][] costs, double[][] defaults, double[] weights, int trials, boolean randomLike,
             boolean defaultsFirst, int rescoreTop, boolean rescoreDefaults, double rescoreWeight, boolean refits) {
            this(costs, defaults, weights, trials, randomLike, defaultsFirst, rescoreTop, rescoreDefaults,
                    rescoreWeight, refits, new double[0][], new double[0]);
        }
    }

    /**
     * @param runLogSd      standard deviation of one trial's log time around the model (the probe's residuals)
     * @param costQuality   rank correlation of cost with quality over the probe's draws (0 when unknown)
     * @param qualityDraws  draws behind it
     * @param speedLogSd    standard deviation of the log of the machine's speed (the probe's repeated warm-up
     *                      passes): the whole study may run that much faster or slower than the probe did
     */
    record Sources(double runLogSd, double costQuality, int qualityDraws, double speedLogSd) {
        static final Sources NONE = new Sources(0, 0, 0, 0);

        Sources(double runLogSd, double costQuality, int qualityDraws) {
            this(runLogSd, costQuality, qualityDraws, 0);
        }
    }

    /**
     * @param expected       median of the simulated totals: the point forecast
     * @param mean           mean of the simulated totals (what the per-run means add up to)
     * @param low            10th percentile
     * @param high           90th percentile
     * @param secondsPerRun  per column, the mean seconds of one run of a study's trial over the simulated studies
     * @param rescoreSeconds mean seconds of the final choice's re-scoring (part of the totals)
     * @param refitSeconds   mean seconds of the held-out refits, best trial and defaults (part of the totals)
     * @param spreads        high over low with only one source of error at a time: cost law, sampler, scatter
     */
    record Result(double expected, double mean, double low, double high, double[] secondsPerRun, double rescoreSeconds,
                  double refitSeconds, Spreads spreads) {
    }

    /** The 90th over the 10th percentile of the totals when only one source of error varies. */
    record Spreads(double costLaw, double sampler, double scatter, double machine, double pruner) {
    }

    private CostForecast() {
    }

    static boolean randomLike(String sampler) {
        return sampler == null || RANDOM_LIKE.contains(sampler);
    }

    static Result simulate(Plan plan, Sources sources, long seed) {
        Totals all = run(plan, sources, true, true, true, seed);
        Spreads spreads = new Spreads(
                run(plan, new Sources(0, 0, sources.qualityDraws()), true, false, false, seed).spread(),
                run(plan, new Sources(0, sources.costQuality(), sources.qualityDraws()), false, true, false, seed)
                        .spread(),
                run(plan, new Sources(sources.runLogSd(), 0, 0), false, false, false, seed).spread(),
                run(plan, new Sources(0, 0, 0, sources.speedLogSd()), false, false, false, seed).spread(),
                run(plan, Sources.NONE, false, false, true, seed).spread());
        // The point forecast and the per-run table come from the fit on every probe run; the bootstrap models only
        // spread the range around it. A resample draws n - 1 of the n draws with replacement, often fewer distinct
        // ones, so its exponents lean on the trainer's priors more than the full fit does, and their median is no
        // better a centre than the fit: on the estimate benchmark's XGBoost studies it sat 10-20% above it, on the
        // side the actual did not fall.
        Totals point = run(plan, sources, false, true, true, seed);
        double[] centred = point.totals.clone();
        Arrays.sort(centred);
        double[] spread = all.totals.clone();
        Arrays.sort(spread);
        double expected = percentile(centred, 0.50);
        double shift = expected / percentile(spread, 0.50);
        return new Result(expected, Arrays.stream(centred).average().orElse(0), shift * percentile(spread, 0.10),
                shift * percentile(spread, 0.90), point.perRun, point.rescore, point.refit, spreads);
    }

    private record Totals(double[] totals, double[] perRun, double rescore, double refit) {
        double spread() {
            double[] sorted = totals.clone();
            Arrays.sort(sorted);
            double low = percentile(sorted, 0.10);
            return low > 0 ? percentile(sorted, 0.90) / low : 1;
        }
    }

    /**
     * @param modelSpread whether each simulation takes its own bootstrap model (else the first, the fit on every run)
     * @param drift       whether the quality's correlation with cost is drawn (else cost and quality are unrelated
     *                    and a model-based study settles at the middle of the costs)
     * @param prunerSpread whether each simulation takes one simulated pruned study's runs and complete trials (else
     *                    the expected runs, and no cap on the trials re-scored)
     */
    private static Totals run(Plan plan, Sources sources, boolean modelSpread, boolean drift, boolean prunerSpread,
                              long seed) {
        Random random = new Random(seed);
        int models = plan.costs().length;
        int n = plan.costs()[0].length;
        int columns = plan.costs()[0][0].length;
        int ladder = plan.weights().length;
        int last = ladder - 1;
        int refit = columns - 1;
        int count = Math.max(0, plan.trials());
        double[] totals = new double[SIMULATIONS];
        double[] perRun = new double[columns];
        double rescoreSum = 0;
        double refitSum = 0;
        double clamped = Math.max(-MAX_CORRELATION, Math.min(MAX_CORRELATION, sources.costQuality()));
        // Fisher's z (atanh) of the measurement, with its variance for that many draws, combined with the prior.
        double measuredVariance = 1.06 / Math.max(1, sources.qualityDraws() - 3);
        double priorVariance = DRIFT_PRIOR_SD * DRIFT_PRIOR_SD;
        double shrink = priorVariance / (priorVariance + measuredVariance);
        double measured = shrink * 0.5 * Math.log((1 + clamped) / (1 - clamped));
        double fisherSd = Math.sqrt(shrink * measuredVariance);
        Integer[][] orders = new Integer[models][];
        for (int s = 0; s < SIMULATIONS; s++) {
            int m = modelSpread ? s % models : 0;
            double[][] costs = plan.costs()[m];
            if (orders[m] == null) {
                orders[m] = byCost(costs, last);
            }
            Integer[] order = orders[m];
            double rho = drift ? Math.tanh(measured + fisherSd * random.nextGaussian()) : 0;
            // Quality of each candidate: its standardised cost rank times rho, plus noise of the rest.
            double[] quality = new double[n];
            int[] position = new int[n];
            for (int i = 0; i < n; i++) {
                int c = order[i];
                double rank = ((i + 0.5) / n - 0.5) * Math.sqrt(12);
                quality[c] = rho * rank + Math.sqrt(1 - rho * rho) * random.nextGaussian();
                position[c] = i;
            }
            // Where a model-based study settles: the cost quantile of its best start-up trial (without drift, the
            // middle of the costs).
            boolean settled = !Double.isNaN(plan.settledQuantile());
            double q = settled ? plan.settledQuantile() : 0.5;
            int bestStartup = -1;
            int[] chosen = new int[count];
            double[] factor = new double[count];
            double[] mean = new double[columns];
            for (int t = 0; t < count; t++) {
                if (t == 0 && plan.defaultsFirst()) {
                    chosen[t] = -1;
                } else if (plan.randomLike() || t + plan.finishedTrials() < STARTUP_TRIALS) {
                    chosen[t] = random.nextInt(n);
                    if (drift && !settled && (bestStartup < 0 || quality[chosen[t]] > quality[bestStartup])) {
                        bestStartup = chosen[t];
                        q = (position[bestStartup] + 0.5) / n;
                    }
                } else {
                    double lo = Math.max(0, q - WINDOW);
                    double hi = Math.min(1, q + WINDOW);
                    chosen[t] = order[Math.min(n - 1, (int) ((lo + random.nextDouble() * (hi - lo)) * n))];
                }
                // Median 1: the model is fitted to log times, so its forecast is a run's median time; a run costs
                // exp(sd^2 / 2) times that on average, which a study's many trials add up to.
                factor[t] = Math.exp(sources.runLogSd() * random.nextGaussian());
                double[] row = chosen[t] < 0 ? plan.defaults()[m] : costs[chosen[t]];
                for (int k = 0; k < columns; k++) {
                    mean[k] += row[k] * factor[t] / Math.max(1, count);
                }
            }
            boolean pruned = prunerSpread && plan.runScales().length > 0;
            double[] scale = pruned ? plan.runScales()[s % plan.runScales().length] : null;
            double total = 0;
            for (int k = 0; k < ladder; k++) {
                total += plan.weights()[k] * mean[k] * (scale == null ? 1 : scale[k]);
            }
            for (int k = 0; k < columns; k++) {
                perRun[k] += mean[k] / SIMULATIONS;
            }
            // The best trials by quality: the final choice re-scores them, the held-out refit trains the first. A
            // study with fewer trials than that (resumed near its end) is topped up with random candidates.
            // A pruned study re-scores only among the trials it completed, and nothing when fewer than two did.
            int complete = prunerSpread && plan.completeTrials().length > 0
                    ? (int) Math.round(plan.completeTrials()[s % plan.completeTrials().length]) : Integer.MAX_VALUE;
            int top = Math.max(1, Math.min(plan.rescoreTop(), complete));
            int[] ranked = bestTrials(chosen, quality, top, random, n);
            double rescore = 0;
            if (plan.rescoreTop() > 0) {
                boolean defaultsAmongThem = false;
                for (int c : ranked) {
                    rescore += (c < 0 ? plan.defaults()[m][last] : costs[c][last]) * plan.rescoreWeight();
                    defaultsAmongThem |= c < 0;
                }
                int candidates = ranked.length;
                // FinalChoice adds the defaults trial when it is not one of the best already (and completed).
                if (plan.rescoreDefaults() && !defaultsAmongThem && ranked.length < complete) {
                    rescore += plan.defaults()[m][last] * plan.rescoreWeight();
                    candidates++;
                }
                if (candidates < 2) {
                    rescore = 0;
                }
            }
            double refitTime = plan.refits()
                    ? (ranked[0] < 0 ? plan.defaults()[m][refit] : costs[ranked[0]][refit]) + plan.defaults()[m][refit]
                    : 0;
            rescoreSum += rescore / SIMULATIONS;
            refitSum += refitTime / SIMULATIONS;
            // The machine's speed during the study against the probe's (and what the probe cannot see, see
            // UNSEEN_LOG_SD): one factor for all of it, as likely faster as slower (median 1).
            double speed = Math.exp(sources.speedLogSd() * random.nextGaussian());
            totals[s] = (total + rescore + refitTime) * speed;
        }
        return new Totals(totals, perRun, rescoreSum, refitSum);
    }

    /** Candidates (or -1, the defaults) of the {@code top} best trials by quality, best first. */
    private static int[] bestTrials(int[] chosen, double[] quality, int top, Random random, int n) {
        int[] pool = Arrays.copyOf(chosen, Math.max(chosen.length, top));
        for (int i = chosen.length; i < pool.length; i++) {
            pool[i] = random.nextInt(n);
        }
        // The defaults' quality is unknown: an average candidate's.
        Integer[] idx = new Integer[pool.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> Double.compare(pool[y] < 0 ? 0 : quality[pool[y]], pool[x] < 0 ? 0 : quality[pool[x]]));
        int[] out = new int[Math.min(top, pool.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = pool[idx[i]];
        }
        return out;
    }

    private static Integer[] byCost(double[][] costs, int column) {
        Integer[] order = new Integer[costs.length];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (x, y) -> Double.compare(costs[x][column], costs[y][column]));
        return order;
    }

    private static double percentile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }
}
