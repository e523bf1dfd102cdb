package dev.tuner.pruner;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the trial snapshots and contexts that unit tests judge. */
final class TrialFixtures {

    static final List<Double> LADDER = List.of(0.05, 0.2, 1.0);

    private TrialFixtures() {
    }

    /** A trial with {@code values} reported at the first budgets of {@link #LADDER}, in order. */
    static Trial trial(int number, TrialState state, double... values) {
        TreeMap<Double, Double> intermediate = new TreeMap<>();
        for (int rung = 0; rung < values.length; rung++) {
            intermediate.put(LADDER.get(rung), values[rung]);
        }
        return trialWith(number, state, intermediate);
    }

    /** A trial with values reported at exactly the given budgets. */
    static Trial trialWith(int number, TrialState state, Map<Double, Double> intermediate) {
        TreeMap<Double, Double> sorted = new TreeMap<>(intermediate);
        List<Double> finalValues = state == TrialState.COMPLETE && !sorted.isEmpty()
                ? List.of(sorted.lastEntry().getValue()) : List.of();
        return new Trial(number, number, state, Map.of(), sorted, finalValues, Map.of(), null, null, "test", null);
    }

    /** {@code count} COMPLETE trials numbered from {@code firstNumber}, reporting {@code value} at every budget. */
    static List<Trial> completeTrials(int firstNumber, int count, double value) {
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            trials.add(trial(firstNumber + i, TrialState.COMPLETE, value, value, value));
        }
        return trials;
    }

    /** The context after {@code trial} reported at {@code LADDER.get(rung)}. */
    static PruningContext context(Trial trial, int rung, List<Trial> others, Direction direction) {
        return new PruningContext(trial, LADDER.get(rung), LADDER, others, direction);
    }
}
