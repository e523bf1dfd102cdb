package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Constraint;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-pass split of the history against the sort it replaces ({@link TpeSampler#rankByFirstObjective}). */
class TpeSplitTest {
    private static final SearchSpace SPACE = SearchSpace.parse(Map.of("x", "float(0, 1)"));

    @Test
    void onePassSplitEqualsTheSortedRankingOnRandomHistories() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 300; round++) {
            int size = random.nextInt(0, 400);
            boolean constrained = round % 3 == 0;
            Direction direction = round % 2 == 0 ? Direction.MINIMIZE : Direction.MAXIMIZE;
            List<Trial> trials = history(random, size);
            List<Constraint> constraints = constrained ? List.of(new Constraint("size", null, 0.5)) : List.of();
            SamplingContext context = new SamplingContext(SPACE, trials, List.of(direction), size, 1, constraints);

            TpeSampler.Split fast = TpeSampler.Split.byFirstObjective(context);
            assertNotNull(fast);
            TpeSampler.Split sorted = TpeSampler.Split.ofRanking(TpeSampler.rankByFirstObjective(context),
                    trials.stream().filter(TpeSampler::failedWithParams).toList());
            assertEquals(sorted.observed(), fast.observed(), "round " + round);
            assertEquals(numbers(sorted.good()), numbers(fast.good()), "round " + round);
            assertEquals(numbers(sorted.bad()), numbers(fast.bad()), "round " + round);
            assertTrue(fast.good().stream().noneMatch(t -> t.state() == TrialState.FAILED), "round " + round);
        }
    }

    @Test
    void aHistoryOutOfNumberOrderIsLeftToTheSort() {
        List<Trial> trials = new ArrayList<>(history(new SplittableRandom(1), 20));
        java.util.Collections.reverse(trials);
        assertNull(TpeSampler.Split.byFirstObjective(
                new SamplingContext(SPACE, trials, List.of(Direction.MINIMIZE), 20, 1)));
    }

    /** Complete, pruned, failed and running trials, with many equal values so that ties are exercised. */
    private static List<Trial> history(SplittableRandom random, int size) {
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int kind = random.nextInt(10);
            double value = random.nextInt(12) / 4.0; // ties on purpose
            if (random.nextInt(25) == 0) {
                value = Double.NaN;
            }
            Map<String, Double> metrics = Map.of("size", random.nextInt(4) / 4.0);
            TreeMap<Double, Double> intermediate = new TreeMap<>();
            TrialState state;
            List<Double> values = List.of();
            if (kind < 6) {
                state = TrialState.COMPLETE;
                values = java.util.Collections.singletonList(value);
            } else if (kind < 8) {
                state = TrialState.PRUNED;
                if (random.nextInt(5) > 0) {
                    intermediate.put(0.25, value);
                    if (random.nextBoolean()) {
                        intermediate.put(0.5, random.nextInt(12) / 4.0);
                    }
                }
            } else {
                state = kind == 8 ? TrialState.FAILED : TrialState.RUNNING;
            }
            trials.add(new Trial(i + 1, i, state, Map.of("x", random.nextDouble()), intermediate, values, metrics,
                    null, null, null, null));
        }
        return trials;
    }


    private static List<Integer> numbers(List<Trial> trials) {
        return trials.stream().map(Trial::number).toList();
    }
}
