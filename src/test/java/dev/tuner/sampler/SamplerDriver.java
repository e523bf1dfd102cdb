package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.ToDoubleFunction;

/**
 * The study loop reduced to what a sampler sees: ask the sampler for trial {@code n} given trials {@code 0..n-1},
 * evaluate the objective, record the trial as COMPLETE, repeat. One worker, no storage, no pruning.
 */
final class SamplerDriver {
    private static final Instant EPOCH = Instant.EPOCH;

    private SamplerDriver() {
    }

    /** Runs {@code trials} trials of {@code function} (minimised) and returns them in number order. */
    static List<Trial> minimize(Sampler sampler, TestFunctions.TestFunction function, int trials, long seed) {
        return run(sampler, function.space(), function.objective(), Direction.MINIMIZE, trials, seed);
    }

    static List<Trial> run(Sampler sampler, SearchSpace space, ToDoubleFunction<Map<String, Object>> objective,
                           Direction direction, int trials, long seed) {
        List<Trial> history = new ArrayList<>();
        for (int number = 0; number < trials; number++) {
            Map<String, Object> params = sampler.sample(context(space, history, direction, number, seed));
            history.add(complete(number, params, objective.applyAsDouble(params)));
        }
        return history;
    }

    static SamplingContext context(SearchSpace space, List<Trial> history, Direction direction, int number, long seed) {
        return new SamplingContext(space, history, List.of(direction), number, seed);
    }

    /** The best first-objective value among complete trials, in {@code direction}. */
    static double best(List<Trial> trials, Direction direction) {
        double best = Double.NaN;
        for (Trial trial : trials) {
            if (trial.state() == TrialState.COMPLETE && direction.isBetter(trial.value(), best)) {
                best = trial.value();
            }
        }
        return best;
    }

    static Trial complete(int number, Map<String, Object> params, double value) {
        return new Trial(number, number, TrialState.COMPLETE, params, null, List.of(value), Map.of(),
                EPOCH, EPOCH, "test", null);
    }

    /** A trial pruned after reporting {@code intermediate} (budget to value). */
    static Trial pruned(int number, Map<String, Object> params, NavigableMap<Double, Double> intermediate) {
        return new Trial(number, number, TrialState.PRUNED, params, intermediate, List.of(), Map.of(),
                EPOCH, EPOCH, "test", "pruned");
    }

    static Trial inState(int number, TrialState state, Map<String, Object> params) {
        return new Trial(number, number, state, params, null, List.of(), Map.of(),
                state == TrialState.WAITING ? null : EPOCH, state.isFinished() ? EPOCH : null, "test", null);
    }
}
