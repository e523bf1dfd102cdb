package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepSamplerTest {
    private static final SearchSpace SPACE = SearchSpace.parse(Map.of("depth", "int(1, 3)", "kind",
            "choice(a, b)"));

    @Test
    void theBaselineComesFirstThenOneFactorVariantsRoundRobin() {
        List<Map<String, Object>> plan = new SweepSampler(Map.of("depth", 2L, "kind", "a"), 10).plan(SPACE);
        assertEquals(Map.of("depth", 2L, "kind", "a"), plan.get(0));
        // depth: 1 and 3 differ from the baseline; kind: b. Round-robin: depth=1, kind=b, depth=3.
        assertEquals(List.of(Map.of("depth", 1L, "kind", "a"), Map.of("depth", 2L, "kind", "b"),
                Map.of("depth", 3L, "kind", "a")), plan.subList(1, plan.size()));
        for (Map<String, Object> variant : plan.subList(1, plan.size())) {
            long changed = variant.entrySet().stream().filter(e -> !e.getValue().equals(plan.get(0).get(e.getKey())))
                    .count();
            assertEquals(1, changed, "a variant changes exactly one parameter: " + variant);
        }
    }

    @Test
    void maxVariantsCapsThePlanAndTheCapacity() {
        SweepSampler sweep = new SweepSampler(Map.of("depth", 2L, "kind", "a"), 2);
        assertEquals(3, sweep.plan(SPACE).size());
        assertEquals(3, sweep.capacity(SPACE).getAsLong());
        assertThrows(IllegalArgumentException.class, () -> new SweepSampler(Map.of(), -1));
    }

    @Test
    void aParameterMissingFromTheBaselineTakesTheMiddleOfItsAxis() {
        Map<String, Object> baseline = new SweepSampler(Map.of("kind", "b"), 0).plan(SPACE).get(0);
        assertEquals(2L, baseline.get("depth"));
    }

    @Test
    void sampleSkipsConfigurationsAlreadyTriedAndStopsWhenExhausted() {
        SweepSampler sweep = new SweepSampler(Map.of("depth", 2L, "kind", "a"), 1);
        List<Trial> trials = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            Map<String, Object> p = sweep.sample(new SamplingContext(SPACE, trials, List.of(Direction.MAXIMIZE), n, 1));
            trials.add(trial(n, p, 0.5));
        }
        assertEquals(sweep.plan(SPACE), trials.stream().map(Trial::params).toList());
        assertThrows(IllegalStateException.class, () -> sweep.sample(new SamplingContext(SPACE, trials,
                List.of(Direction.MAXIMIZE), 2, 1)));
    }

    @Test
    void theComparisonGivesEachVariantsChangeInPercentOfTheBaseline() {
        SweepSampler sweep = new SweepSampler(Map.of("depth", 2L, "kind", "a"), 2);
        List<Map<String, Object>> plan = sweep.plan(SPACE);
        List<Trial> trials = List.of(trial(0, plan.get(0), 0.8), trial(1, plan.get(1), 0.6), trial(2, plan.get(2),
                0.88));
        SweepSampler.Comparison report = sweep.compare(SPACE, trials, List.of(ObjectiveSpec.parse("accuracy")));
        assertEquals(0, report.baseline().number());
        List<SweepSampler.Variant> variants = report.variants();
        assertEquals(Map.of("depth", 1L), variants.get(0).changed());
        assertEquals(-25.0, variants.get(0).changePercent().get("accuracy"), 1e-9);
        assertEquals(false, variants.get(0).better().get("accuracy"));
        assertEquals(10.0, variants.get(1).changePercent().get("accuracy"), 1e-9);
        assertEquals(true, variants.get(1).better().get("accuracy"));
        SweepSampler.Comparison none = sweep.compare(SPACE, trials.subList(1, 3),
                List.of(ObjectiveSpec.parse("accuracy")));
        assertEquals(null, none.baseline(), "no complete baseline, no comparison");
        assertEquals(null, none.variants());
    }

    private static Trial trial(int number, Map<String, Object> params, double value) {
        return new Trial(number, number, TrialState.COMPLETE, params, new TreeMap<>(Map.of(1.0, value)),
                List.of(value), Map.of("accuracy", value), null, null, null, null);
    }
}
