package dev.tuner.pruner;

import java.util.List;

/**
 * Judges a trial's intermediate values over the budget ladder and decides whether to stop it.
 *
 * <p>Budgets are fractions of the training rows in (0, 1], rising, the last one being the full budget. A pruner
 * may also decide at which budgets a trial is evaluated at all ({@link #budgetsFor}): Hyperband's brackets start
 * at different budgets, and without pruning only the full budget is worth computing.
 */
public interface Pruner {

    /**
     * The budgets at which trial {@code trialNumber} is evaluated, a rising sub-list of {@code ladder} that ends with
     * the ladder's last budget.
     */
    default List<Double> budgetsFor(int trialNumber, List<Double> ladder) {
        return ladder;
    }

    /** Whether the trial in {@code context} should stop after reporting at {@code context.budget()}. */
    boolean shouldPrune(PruningContext context);

    /**
     * The fraction of a rung's trials this pruner keeps in a study of several objectives ({@link ParetoRungRule});
     * NaN when it never prunes there.
     */
    default double keepFraction() {
        return Double.NaN;
    }

    /**
     * Whether a trial of a study of several objectives stops at a rung: its loss vector against those of the other
     * trials that reported at the same budget, ranked by {@link ParetoRungRule} with {@link #keepFraction()}.
     */
    default boolean shouldPrune(double[] losses, List<double[]> others) {
        return ParetoRungRule.shouldPrune(losses, others, keepFraction());
    }

    /** Short name used in logs, reports and the study description. */
    String name();
}
