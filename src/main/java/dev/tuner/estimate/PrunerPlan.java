package dev.tuner.estimate;

import dev.tuner.pruner.HyperbandPruner;
import dev.tuner.pruner.Pruner;
import dev.tuner.pruner.PruningForecast;
import dev.tuner.pruner.SuccessiveHalvingPruner;

import java.util.List;

/**
 * How many of a study's trials the configured pruner lets reach each budget of the ladder, and how many it stops
 * there: the pruner half of the plan.
 *
 * <ul>
 *   <li>{@code none}: every trial is evaluated at the last budget only ({@link Pruner#budgetsFor}); exact.</li>
 *   <li>{@code successive-halving} and {@code hyperband}: exact expectations. Hyperband's bracket of each trial
 *       number is deterministic ({@link HyperbandPruner#bracketOf}), so the trials per bracket are counted, not
 *       guessed. Within a bracket the pruner is ASHA: the {@code i}-th arrival at a rung is promoted when its value
 *       is among the best {@code max(1, floor(i / eta))} of the {@code i} values there. When values arrive in random
 *       order (exchangeable trials), the rank of the {@code i}-th arrival among the first {@code i} is uniform and
 *       independent of earlier ranks, so promotions are independent Bernoulli({@code max(1, floor(i/eta)) / i})
 *       draws; the count reaching the next rung is a Poisson-binomial, whose full distribution is carried rung to
 *       rung by dynamic programming.</li>
 *   <li>{@code median}, {@code percentile} (or any other pruner): {@link PruningForecast}, which runs the real
 *       pruner over simulated trials in random order.</li>
 * </ul>
 * Trials already finished in storage are not planned again: the plan covers trial numbers {@code from .. to - 1},
 * computed as the expectation for {@code to} trials minus that for {@code from} (linearity of expectation).
 *
 * @param evaluated expected trials evaluated at each ladder budget (each evaluation runs once per fold)
 * @param stopped   expected trials pruned right after their evaluation at each ladder budget
 * @param method    {@code exact} or {@code simulated}
 */
public record PrunerPlan(List<Double> ladder, double[] evaluated, double[] stopped, String method) {

    /** Simulated studies averaged for pruners without a closed form. */
    static final int SIMULATIONS = 400;

    public PrunerPlan {
        ladder = List.copyOf(ladder);
        evaluated = evaluated.clone();
        stopped = stopped.clone();
    }

    @Override
    public double[] evaluated() {
        return evaluated.clone();
    }

    @Override
    public double[] stopped() {
        return stopped.clone();
    }

    public double expectedEvaluations() {
        double s = 0;
        for (double e : evaluated) {
            s += e;
        }
        return s;
    }

    /** The plan for trial numbers {@code from .. to - 1} of a study over {@code ladder}. */
    public static PrunerPlan of(Pruner pruner, List<Double> ladder, int from, int to, long seed) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("trial range must be 0 <= from <= to, got " + from + ".." + to);
        }
        double[][] high = cumulative(pruner, ladder, to, seed);
        double[][] low = cumulative(pruner, ladder, from, seed);
        double[] evaluated = new double[ladder.size()];
        double[] stopped = new double[ladder.size()];
        for (int r = 0; r < ladder.size(); r++) {
            evaluated[r] = Math.max(0, high[0][r] - low[0][r]);
            stopped[r] = Math.max(0, high[1][r] - low[1][r]);
        }
        boolean exact = isExact(pruner);
        return new PrunerPlan(ladder, evaluated, stopped, exact ? "exact" : "simulated");
    }

    static boolean isExact(Pruner pruner) {
        return pruner instanceof SuccessiveHalvingPruner || pruner instanceof HyperbandPruner
                || pruner.budgetsFor(0, List.of(0.5, 1.0)).size() == 1;
    }

    /** {evaluated, stopped} per rung for trials {@code 0 .. n - 1}. */
    private static double[][] cumulative(Pruner pruner, List<Double> ladder, int n, long seed) {
        int rungs = ladder.size();
        double[] evaluated = new double[rungs];
        double[] stopped = new double[rungs];
        if (n == 0) {
            return new double[][]{evaluated, stopped};
        }
        if (pruner instanceof SuccessiveHalvingPruner sha) {
            int first = Math.min(sha.minEarlyStoppingRate(), rungs - 1);
            addAsha(n, first, sha.reductionFactor(), evaluated, stopped);
        } else if (pruner instanceof HyperbandPruner hb) {
            int[] perBracket = new int[rungs];
            for (int t = 0; t < n; t++) {
                perBracket[hb.bracketOf(t, rungs)]++;
            }
            for (int bracket = 0; bracket < rungs; bracket++) {
                addAsha(perBracket[bracket], bracket, hb.reductionFactor(), evaluated, stopped);
            }
        } else if (pruner.budgetsFor(0, ladder).size() == 1 && allSingleBudget(pruner, ladder, n)) {
            // A pruner that evaluates one budget per trial (none) has nothing to judge before the last budget.
            evaluated[rungs - 1] = n;
        } else {
            PruningForecast.Forecast f = PruningForecast.forecast(pruner, n, ladder, seed, SIMULATIONS);
            return new double[][]{f.evaluated(), f.stopped()};
        }
        return new double[][]{evaluated, stopped};
    }

    private static boolean allSingleBudget(Pruner pruner, List<Double> ladder, int n) {
        for (int t = 0; t < n; t++) {
            List<Double> b = pruner.budgetsFor(t, ladder);
            if (b.size() != 1 || !b.get(0).equals(ladder.get(ladder.size() - 1))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds the expected ASHA counts of {@code n} trials that start at rung {@code first}: the distribution of
     * arrivals is exact at the first rung ({@code n} with certainty) and carried through the Poisson-binomial of
     * the promotions to each next rung. The last rung judges nothing.
     */
    static void addAsha(int n, int first, int eta, double[] evaluated, double[] stopped) {
        int last = evaluated.length - 1;
        double[] arrivals = new double[n + 1];
        arrivals[n] = 1.0;
        for (int rung = first; rung <= last; rung++) {
            double mean = mean(arrivals);
            evaluated[rung] += mean;
            if (rung == last) {
                break;
            }
            double[] next = promotedDistribution(arrivals, eta);
            stopped[rung] += mean - mean(next);
            arrivals = next;
        }
    }

    /** P(promoted = j) when the arrivals count has distribution {@code arrivals}. */
    static double[] promotedDistribution(double[] arrivals, int eta) {
        int max = arrivals.length - 1;
        double[] out = new double[max + 1];
        double[] pb = {1.0}; // Poisson-binomial of the first i arrivals' promotions, i = 0
        for (int i = 0; i <= max; i++) {
            if (i > 0) {
                double p = Math.max(1, i / eta) / (double) i;
                double[] grown = new double[i + 1];
                for (int j = 0; j < pb.length; j++) {
                    grown[j] += pb[j] * (1 - p);
                    grown[j + 1] += pb[j] * p;
                }
                pb = grown;
            }
            if (arrivals[i] > 0) {
                for (int j = 0; j < pb.length; j++) {
                    out[j] += arrivals[i] * pb[j];
                }
            }
        }
        return out;
    }

    private static double mean(double[] distribution) {
        double m = 0;
        for (int j = 0; j < distribution.length; j++) {
            m += j * distribution[j];
        }
        return m;
    }
}
