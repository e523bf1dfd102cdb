package dev.tuner.trial;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParetoFrontTest {
    private static final List<ObjectiveSpec> BOTH_MIN = List.of(ObjectiveSpec.parse("cost:min"),
            ObjectiveSpec.parse("error:min"));

    private static Trial trial(int n, double cost, double error) {
        return new Trial(n, n, TrialState.COMPLETE, Map.of(), new TreeMap<>(), List.of(cost, error), Map.of(), null,
                null, null, null);
    }

    private static Trial failed(int n) {
        return new Trial(n, n, TrialState.FAILED, Map.of(), new TreeMap<>(), List.of(), Map.of(), null, null, null,
                null);
    }

    /** Non-dominated sorting: each front is what no remaining trial dominates; failed trials are in none. */
    @Test
    void sortsTheTrialsIntoFronts() {
        List<Trial> trials = List.of(trial(0, 1, 1), trial(1, 2, 2), trial(2, 3, 3), trial(3, 2.5, 1.5), failed(4),
                trial(5, 0.5, 4));
        List<List<Integer>> fronts = ParetoFront.fronts(trials, BOTH_MIN, List.of()).stream()
                .map(f -> f.stream().map(Trial::number).toList()).toList();
        assertEquals(List.of(List.of(0, 5), List.of(1, 3), List.of(2)), fronts);
        assertEquals(List.of(0, 5), ParetoFront.of(trials, BOTH_MIN, List.of()).stream().map(Trial::number).toList());
    }

    /**
     * One trial dominating all others is a front of one: a top-3 for the fine stage to narrow around takes the next
     * fronts, not that trial alone; a front larger than what is left is chosen from along it.
     */
    @Test
    void aTopKFillsFromTheNextFrontsWhenTheFirstIsSmall() {
        List<Trial> trials = List.of(trial(0, 1, 1), trial(1, 2, 5), trial(2, 3, 4), trial(3, 4, 3), trial(4, 5, 2),
                trial(5, 9, 9));
        List<Trial> top = ParetoFront.topKByFronts(trials, BOTH_MIN, List.of(), 3);
        assertEquals(3, top.size());
        assertEquals(0, top.get(0).number());
        assertEquals(2, top.stream().filter(t -> List.of(1, 2, 3, 4).contains(t.number())).count(),
                "two of the second front");
        assertEquals(List.of(0, 1, 2, 3, 4, 5), ParetoFront.topKByFronts(trials, BOTH_MIN, List.of(), 10).stream()
                .map(Trial::number).sorted().toList());
        assertEquals(List.of(), ParetoFront.topKByFronts(List.of(failed(0)), BOTH_MIN, List.of(), 3));
    }
}
