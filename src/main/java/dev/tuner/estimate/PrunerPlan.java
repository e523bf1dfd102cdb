package dev.tuner.estimate;

import dev.tuner.pruner.HyperbandPruner;
import dev.tuner.pruner.Pruner;
import dev.tuner.pruner.PruningForecast;
import dev.tuner.pruner.RungCounts;

import java.util.List;

/**
 * How many of a study's trials the configured pruner lets reach each budget of the ladder, and how many it stops
 * there: the pruner half of the plan.
 *
 * <ul>
 *   <li>{@code none}: every trial is evaluated at the last budget only ({@link Pruner#budgetsFor}); exact.</li>
 *   <li>every other pruner: {@link PruningForecast}, which runs the real pruner ({@link Pruner#budgetsFor} and
 *       {@link Pruner#shouldPrune}) over {@value PruningForecast#SIMULATIONS} simulated studies whose budgets rank trials
 *       roughly as the full budget does. Hyperband's bracket of each trial number is deterministic
 *       ({@link HyperbandPruner#bracketOf}), so the trials entering each bracket's first rung are exact counts.
 *       ASHA's promotions are not given a closed form on purpose: under independent random rankings per rung the
 *       expectation has one (promotion of the {@code i}-th arrival with probability
 *       {@code max(1, floor(i/eta))/i}), but real budgets are correlated, later arrivals at a rung were selected
 *       harder, and that closed form overstates stops at the middle rungs by about 10% against the simulated real
 *       pruner ({@code PrunerPlanTest} checks the first rung, where it is exact).</li>
 * </ul>
 * Trials already finished in storage are not planned again: the plan covers trial numbers {@code from .. to - 1},
 * computed as the expectation for {@code to} trials minus that for {@code from} (linearity of expectation).
 *
 * @param counts expected trials evaluated and stopped at each ladder budget
 * @param method {@code exact}, {@code simulated} or {@code brackets exact, promotions simulated}
 */
public record PrunerPlan(RungCounts counts, String method) {

    public double[] evaluated() {
        return counts.evaluated();
    }

    public double[] stopped() {
        return counts.stopped();
    }

    public double expectedEvaluations() {
        return counts.expectedRuns();
    }

    /** The plan for trial numbers {@code from .. to - 1} of a study of one objective over {@code ladder}. */
    public static PrunerPlan of(Pruner pruner, List<Double> ladder, int from, int to, long seed) {
        return of(pruner, ladder, from, to, seed, 1);
    }

    /**
     * The plan for trial numbers {@code from .. to - 1} of a study of {@code objectives} objectives: with several,
     * the pruner ranks a rung's trials on their Pareto fronts, as the engine does.
     */
    public static PrunerPlan of(Pruner pruner, List<Double> ladder, int from, int to, long seed, int objectives) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("trial range must be 0 <= from <= to, got " + from + ".." + to);
        }
        double[][] high = cumulative(pruner, ladder, to, seed, objectives);
        double[][] low = cumulative(pruner, ladder, from, seed, objectives);
        double[] evaluated = new double[ladder.size()];
        double[] stopped = new double[ladder.size()];
        for (int r = 0; r < ladder.size(); r++) {
            evaluated[r] = Math.max(0, high[0][r] - low[0][r]);
            stopped[r] = Math.max(0, high[1][r] - low[1][r]);
        }
        String method = allSingleBudget(pruner, ladder, Math.max(1, to)) ? "exact"
                : pruner instanceof HyperbandPruner ? "brackets exact, promotions simulated" : "simulated";
        return new PrunerPlan(new RungCounts(ladder, evaluated, stopped), method);
    }

    /** {evaluated, stopped} per rung for trials {@code 0 .. n - 1}. */
    private static double[][] cumulative(Pruner pruner, List<Double> ladder, int n, long seed, int objectives) {
        int rungs = ladder.size();
        double[] evaluated = new double[rungs];
        double[] stopped = new double[rungs];
        if (n == 0) {
            return new double[][]{evaluated, stopped};
        }
        if (allSingleBudget(pruner, ladder, n)) {
            // A pruner that evaluates one budget per trial (none) has nothing to judge before the last budget.
            evaluated[rungs - 1] = n;
        } else {
            PruningForecast.Forecast f = PruningForecast.forecast(pruner, n, ladder, seed,
                    PruningForecast.SIMULATIONS, objectives);
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
}
