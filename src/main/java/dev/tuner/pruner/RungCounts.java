package dev.tuner.pruner;

import java.util.Arrays;
import java.util.List;

/**
 * Expected trial counts per budget of a ladder, as a pruner forecast and the estimate's pruner plan report them.
 *
 * @param evaluated expected count of trials evaluated at each ladder budget (each evaluation runs once per fold)
 * @param stopped   expected count of trials pruned right after their evaluation at each budget
 */
public record RungCounts(List<Double> ladder, double[] evaluated, double[] stopped) {

    public RungCounts {
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

    /** Expected evaluations (trial x budget), each of which the engine runs once per fold. */
    public double expectedRuns() {
        return Arrays.stream(evaluated).sum();
    }

    /** Expected trials pruned in all. */
    public double expectedStopped() {
        return Arrays.stream(stopped).sum();
    }
}
