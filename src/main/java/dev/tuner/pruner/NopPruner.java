package dev.tuner.pruner;

import java.util.List;

/**
 * The pruner that never prunes ({@code <pruner>none</pruner>}).
 *
 * <p>Since nothing judges the small budgets, evaluating a trial there would be wasted compute: every trial is
 * evaluated at the ladder's last (full) budget only.
 */
public final class NopPruner implements Pruner {

    public static final String NAME = "none";

    @Override
    public List<Double> budgetsFor(int trialNumber, List<Double> ladder) {
        return Rungs.lastBudgetOnly(ladder);
    }

    @Override
    public boolean shouldPrune(PruningContext context) {
        return false;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
