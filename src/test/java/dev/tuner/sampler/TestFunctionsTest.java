package dev.tuner.sampler;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test functions the benchmarks quote reach their documented minimum where their comments say, and only there. */
class TestFunctionsTest {
    static Stream<Object[]> minima() {
        Map<String, Object> boosting = new LinkedHashMap<>();
        boosting.put("eta", Math.pow(10, -1.36));
        boosting.put("trees", 500L);
        boosting.put("depth", 6L);
        boosting.put("subsample", 0.8);
        boosting.put("lambda", 1.0);
        boosting.put("minChild", 10L);
        return Stream.of(
                new Object[]{"ackley-5d", cube(5, 5.5)},
                new Object[]{"hartmann-6d", Map.of("x0", 0.20169, "x1", 0.150011, "x2", 0.476874, "x3", 0.275332,
                        "x4", 0.311652, "x5", 0.6573)},
                new Object[]{"styblinski-tang-5d", cube(5, -2.903534)},
                new Object[]{"ellipsoid-10d", cube(10, 1.0)},
                new Object[]{"boosting-6d", boosting});
    }

    private static Map<String, Object> cube(int dimension, double value) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < dimension; i++) {
            params.put("x" + i, value);
        }
        return params;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minima")
    void reachesItsMinimumAtTheDocumentedPointAndNowhereLower(String name, Map<String, Object> argmin) {
        TestFunctions.TestFunction f = TestFunctions.named(name);
        assertEquals(f.minimum(), f.evaluate(argmin), 1e-4, name + " at its documented minimum");
        List<Trial> random = SamplerDriver.minimize(new RandomSampler(), f, 500, 1);
        double best = SamplerDriver.best(random, Direction.MINIMIZE);
        assertTrue(best > f.minimum(), name + ": random search found " + best + " below the minimum");
    }
}
