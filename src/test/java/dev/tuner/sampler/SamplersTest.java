package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplersTest {
    private static final SearchSpace NUMERIC = SearchSpace.parse(Map.of("x", "float(0, 1)", "n", "int(1, 9)"));

    static Iterable<String> names() {
        return Samplers.names();
    }

    /**
     * Every sampler name is the same sampler for an estimated objective (a trainer's cross-validation) as for an exact
     * one, but auto, whose plan for an estimate keeps gp through a stall.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void anEstimatedObjectiveChangesOnlyAuto(String name) {
        Sampler exact = Samplers.create(name, false);
        Sampler estimated = Samplers.create(name, true);
        assertEquals(Samplers.create(name).getClass(), exact.getClass());
        assertEquals(exact.getClass(), estimated.getClass());
        assertEquals(exact.name(), estimated.name());
        if (estimated instanceof AutoSampler auto) {
            assertTrue(auto.describe(NUMERIC, 1, 60).endsWith("no hand-over to cmaes at a stall, the metric being a"
                    + " cross-validated estimate"), auto.describe(NUMERIC, 1, 60));
            assertTrue(((AutoSampler) exact).describe(NUMERIC, 1, 60).contains("cmaes from the best trial"));
        }
    }
}
