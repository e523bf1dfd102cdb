package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An objective that fails over part of the space, where its formula would be best: a bowl centred at (4, 4) in
 * [-5, 5]^2 whose trials fail (an exception, or no finite value) for x > 3, so the best feasible value is 1 at
 * (3, 4). A model that never sees the failures extrapolates from the complete trials into the failing strip and
 * proposes there again and again; the model-based samplers must learn to leave it.
 */
class FailingRegionTest {
    private static final int TRIALS = 50;

    static Stream<Arguments> samplersAndStates() {
        return Stream.of("tpe", "gp", "auto", "tpe-multivariate").flatMap(sampler -> Stream.of(
                Arguments.of(sampler, TrialState.FAILED), Arguments.of(sampler, TrialState.PRUNED)));
    }

    /** Pruned trials stand for a pruner that stops every trial there, after a first value at budget 0.5. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samplersAndStates")
    void theSamplersLeaveTheRegionWhereTrialsFail(String name, TrialState stopped) {
        SearchSpace space = SearchSpace.parse(Map.of("x", "float(-5, 5)", "y", "float(-5, 5)"));
        int totalFailed = 0;
        for (long seed = 1; seed <= 3; seed++) {
            Sampler sampler = Samplers.create(name);
            List<Trial> history = new ArrayList<>();
            for (int number = 0; number < TRIALS; number++) {
                Map<String, Object> params = sampler.sample(SamplerDriver.context(space, history,
                        Direction.MINIMIZE, number, seed));
                double x = ((Number) params.get("x")).doubleValue();
                double y = ((Number) params.get("y")).doubleValue();
                double value = (x - 4) * (x - 4) + (y - 4) * (y - 4);
                history.add(x <= 3 ? SamplerDriver.complete(number, params, value)
                        : stopped == TrialState.FAILED ? SamplerDriver.inState(number, TrialState.FAILED, params)
                        : SamplerDriver.pruned(number, params, new TreeMap<>(Map.of(0.5, value))));
            }
            long failed = history.stream().filter(t -> t.state() == stopped).count();
            double best = SamplerDriver.best(history, Direction.MINIMIZE);
            System.out.printf("%s seed %d: %d of %d %s, best %.3f%n", name, seed, failed, TRIALS, stopped, best);
            totalFailed += (int) failed;
            assertTrue(best < 2.5, name + " seed " + seed + ": best " + best);
        }
        // Uniform draws fail on a fifth of the box, 10 of 50; the best feasible point lies on the strip's edge, so a
        // sampler refining it crosses the edge at times. Before failed trials counted, each of these failed 35-40 of
        // 50 with seed 1, and its best was 3.3-16.5.
        assertTrue(totalFailed <= 3 * 20, name + ": " + totalFailed + " of " + 3 * TRIALS + " trials failed");
    }
}
