package dev.tuner.pruner;

import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Small helpers the pruners share for reading a {@link PruningContext}. */
final class Rungs {

    private Rungs() {
    }

    /** Ladder index of the budget just reported; a budget outside the ladder is an engine bug, so it fails loudly. */
    static int rungOf(PruningContext context) {
        int rung = context.rung();
        if (rung < 0) {
            throw new IllegalArgumentException(
                    "budget " + context.budget() + " is not on the ladder " + context.ladder());
        }
        return rung;
    }

    /**
     * Whether the budget just reported is the ladder's last one. Stopping a trial there saves nothing (its full
     * evaluation is already paid for) and would only hide a fully measured result, so no pruner prunes there.
     */
    static boolean isFinalBudget(PruningContext context) {
        return rungOf(context) == context.ladder().size() - 1;
    }

    /** The judged trial's value at the budget just reported, NaN when it did not report one. */
    static double ownValue(PruningContext context) {
        Double value = context.trial().intermediate().get(context.budget());
        return value == null ? Double.NaN : value;
    }

    /**
     * The other trials of the study. The context promises "every other trial", but filtering by number as well
     * keeps a pruner correct if a caller passes the whole study, the judged trial's older snapshot included.
     */
    static Stream<Trial> others(PruningContext context) {
        int self = context.trial().number();
        return context.trials().stream().filter(t -> t.number() != self);
    }

    /** Losses (lower is better) that the trials matching {@code filter} reported at {@code budget}, NaN skipped. */
    static double[] lossesAt(PruningContext context, Predicate<Trial> filter) {
        return others(context)
                .filter(filter)
                .map(t -> t.intermediate().get(context.budget()))
                .filter(v -> v != null && !v.isNaN())
                .mapToDouble(v -> context.direction().toLoss(v))
                .toArray();
    }

    /** Finished trials that reported values to the pruner: COMPLETE or PRUNED (a FAILED trial judged nothing). */
    static boolean isCompleteOrPruned(Trial trial) {
        return trial.state() == TrialState.COMPLETE || trial.state() == TrialState.PRUNED;
    }

    /** The ladder's last budget, the one every trial's evaluation list ends with. */
    static List<Double> lastBudgetOnly(List<Double> ladder) {
        if (ladder.isEmpty()) {
            throw new IllegalArgumentException("the budget ladder is empty");
        }
        return List.of(ladder.get(ladder.size() - 1));
    }
}
