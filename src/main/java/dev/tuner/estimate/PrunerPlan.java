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
 * @param counts  expected trials evaluated and stopped at each ladder budget
 * @param method  {@code exact}, {@code simulated} or {@code brackets exact, promotions simulated}
 * @param studies the whole study (trials {@code 0 .. to - 1}) in each simulation, for how far one study may land from
 *                the expectation; one entry when the plan is exact
 */
public record PrunerPlan(RungCounts counts, String method, List<RungCounts> studies) {

    public PrunerPlan {
        studies = List.copyOf(studies);
    }

    /**
     * Per simulated study, its evaluations at each budget over the expected ones (1 where none are expected): the
     * factors by which one study's runs differ from the plan's, since which trials a pruner stops depends on the
     * order in which good and bad values arrive. Applied to the remaining trials of a resumed study as to a fresh one.
     */
    public double[][] runScales() {
        double[] mean = new double[counts.ladder().size()];
        for (RungCounts study : studies) {
            double[] e = study.evaluated();
            for (int r = 0; r < mean.length; r++) {
                mean[r] += e[r] / studies.size();
            }
        }
        double[][] scales = new double[studies.size()][mean.length];
        for (int s = 0; s < studies.size(); s++) {
            double[] e = studies.get(s).evaluated();
            for (int r = 0; r < mean.length; r++) {
                scales[s][r] = mean[r] > 0 ? e[r] / mean[r] : 1;
            }
        }
        return scales;
    }

    /** Per simulated study, the trials that complete (reach the last budget and are not stopped there). */
    public double[] completeTrials() {
        int last = counts.ladder().size() - 1;
        return studies.stream().mapToDouble(s -> s.evaluated()[last] - s.stopped()[last]).toArray();
    }

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
        List<RungCounts> high = cumulative(pruner, ladder, to, seed, objectives);
        RungCounts highMean = mean(ladder, high);
        RungCounts lowMean = mean(ladder, cumulative(pruner, ladder, from, seed, objectives));
        double[] evaluated = new double[ladder.size()];
        double[] stopped = new double[ladder.size()];
        for (int r = 0; r < ladder.size(); r++) {
            evaluated[r] = Math.max(0, highMean.evaluated()[r] - lowMean.evaluated()[r]);
            stopped[r] = Math.max(0, highMean.stopped()[r] - lowMean.stopped()[r]);
        }
        String method = allSingleBudget(pruner, ladder, Math.max(1, to)) ? "exact"
                : pruner instanceof HyperbandPruner ? "brackets exact, promotions simulated" : "simulated";
        return new PrunerPlan(new RungCounts(ladder, evaluated, stopped), method, high);
    }

    /** Per simulated study, the counts of trials {@code 0 .. n - 1}; one study when they are exact. */
    private static List<RungCounts> cumulative(Pruner pruner, List<Double> ladder, int n, long seed, int objectives) {
        int rungs = ladder.size();
        double[] evaluated = new double[rungs];
        if (n > 0 && allSingleBudget(pruner, ladder, n)) {
            // A pruner that evaluates one budget per trial (none) has nothing to judge before the last budget.
            evaluated[rungs - 1] = n;
        } else if (n > 0) {
            return PruningForecast.forecast(pruner, n, ladder, seed, PruningForecast.SIMULATIONS, objectives)
                    .bySimulation();
        }
        return List.of(new RungCounts(ladder, evaluated, new double[rungs]));
    }

    private static RungCounts mean(List<Double> ladder, List<RungCounts> studies) {
        double[] evaluated = new double[ladder.size()];
        double[] stopped = new double[ladder.size()];
        for (RungCounts study : studies) {
            for (int r = 0; r < ladder.size(); r++) {
                evaluated[r] += study.evaluated()[r] / studies.size();
                stopped[r] += study.stopped()[r] / studies.size();
            }
        }
        return new RungCounts(ladder, evaluated, stopped);
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
