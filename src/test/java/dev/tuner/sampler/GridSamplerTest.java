package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridSamplerTest {
    private static final SearchSpace SPACE = SearchSpace.parse(Map.of(
            "rate", "float(0, 1)",
            "lr", "log(0.001, 10)",
            "depth", "int(1, 3)",
            "kind", "choice(a, b)"));

    @Test
    void axesTakeEveryChoiceSmallIntRangesWholeAndEvenlySpacedValuesOtherwise() {
        GridSampler grid = new GridSampler();
        assertEquals(List.of("a", "b", "c"), grid.axis(SearchSpace.parse(Map.of("k", "choice(a, b, c)")).get("k")));
        assertEquals(List.of(1L, 2L, 3L), grid.axis(SearchSpace.parse(Map.of("d", "int(1, 3)")).get("d")));
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), grid.axis(SearchSpace.parse(Map.of("r", "float(0, 1)")).get("r")));
        // ends included, on the step, as evenly spread as the step allows
        assertEquals(List.of(0L, 30L, 50L, 80L, 100L), grid.axis(SearchSpace.parse(Map.of("w", "int(0, 100, 10)")).get("w")));
        // log ranges are log-spaced
        assertEquals(List.of(1L, 6L, 32L, 178L, 1000L), grid.axis(SearchSpace.parse(Map.of("n", "intlog(1, 1000)")).get("n")));
        List<Object> lr = grid.axis(SPACE.get("lr"));
        double[] expected = {0.001, 0.01, 0.1, 1, 10};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], (Double) lr.get(i), 1e-12 * expected[i]);
        }
        assertEquals(3, new GridSampler(3).axis(SPACE.get("rate")).size());
    }

    @Test
    void visitsEveryPointExactlyOnceThenReportsExhaustion() {
        GridSampler grid = new GridSampler();
        assertEquals(OptionalLong.of(5 * 5 * 3 * 2), grid.capacity(SPACE));

        List<Trial> trials = SamplerDriver.run(grid, SPACE, p -> 0, Direction.MINIMIZE, 150, 42);

        Set<Map<String, Object>> visited = new HashSet<>();
        trials.forEach(t -> visited.add(t.params()));
        assertEquals(150, visited.size(), "no point visited twice");
        assertEquals(fullGrid(grid), visited, "every point visited");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> grid.sample(SamplerDriver.context(SPACE, trials, Direction.MINIMIZE, 150, 42)));
        assertTrue(e.getMessage().startsWith("grid exhausted"), e.getMessage());
    }

    @Test
    void skipsPointsOfTrialsInAnyStateIncludingEnqueuedOnes() {
        GridSampler grid = new GridSampler();
        Map<String, Object> first = grid.sample(SamplerDriver.context(SPACE, List.of(), Direction.MINIMIZE, 0, 9));
        for (TrialState state : TrialState.values()) {
            List<Trial> history = List.of(SamplerDriver.inState(0, state, first));
            Map<String, Object> next = grid.sample(SamplerDriver.context(SPACE, history, Direction.MINIMIZE, 1, 9));
            assertNotEquals(first, next, state.name());
        }
    }

    @Test
    void recognisesAStoredFloatThatDiffersInTheLastBits() {
        GridSampler grid = new GridSampler();
        Map<String, Object> first = grid.sample(SamplerDriver.context(SPACE, List.of(), Direction.MINIMIZE, 0, 9));
        Map<String, Object> roundTripped = new HashMap<>(first);
        double rate = (Double) first.get("rate");
        roundTripped.put("rate", rate > 0 ? Math.nextDown(rate) : Math.nextUp(rate));
        List<Trial> history = List.of(SamplerDriver.complete(0, roundTripped, 1));
        assertNotEquals(first, grid.sample(SamplerDriver.context(SPACE, history, Direction.MINIMIZE, 1, 9)));
    }

    @Test
    void theSeedShufflesTheVisitingOrder() {
        List<Trial> one = SamplerDriver.run(new GridSampler(), SPACE, p -> 0, Direction.MINIMIZE, 10, 1);
        List<Trial> two = SamplerDriver.run(new GridSampler(), SPACE, p -> 0, Direction.MINIMIZE, 10, 2);
        assertNotEquals(one.stream().map(Trial::params).toList(), two.stream().map(Trial::params).toList());
    }

    @Test
    void seededPermutationIsABijection() {
        for (long size : new long[]{1, 2, 3, 7, 64, 1000, 4097}) {
            SeededPermutation permutation = new SeededPermutation(size, size * 31);
            Set<Long> seen = new HashSet<>();
            for (long i = 0; i < size; i++) {
                long p = permutation.apply(i);
                assertTrue(p >= 0 && p < size);
                seen.add(p);
            }
            assertEquals(size, seen.size(), "size " + size);
        }
    }

    private static Set<Map<String, Object>> fullGrid(GridSampler grid) {
        Set<Map<String, Object>> points = new HashSet<>();
        points.add(Map.of());
        for (String name : SPACE.names()) {
            Set<Map<String, Object>> extended = new HashSet<>();
            for (Map<String, Object> point : points) {
                for (Object value : grid.axis(SPACE.get(name))) {
                    Map<String, Object> next = new HashMap<>(point);
                    next.put(name, value);
                    extended.add(next);
                }
            }
            points = extended;
        }
        return points;
    }
}
