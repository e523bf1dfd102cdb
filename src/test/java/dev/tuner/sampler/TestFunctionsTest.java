package dev.tuner.sampler;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
                new Object[]{"boosting-6d", boosting},
                new Object[]{"levy-6d", cube(6, -4.1)},
                new Object[]{"griewank-8d", cube(8, 13.7)},
                new Object[]{"schwefel-4d", cube(4, 420.9687)},
                new Object[]{"michalewicz-5d", Map.of("x0", 2.20290552, "x1", 1.57079633, "x2", 1.28499157,
                        "x3", 1.92305846, "x4", 1.72046977)},
                new Object[]{"six-hump-camel", Map.of("x", 1.3898, "y", -0.2626)},
                new Object[]{"six-hump-camel", Map.of("x", 1.2102, "y", 1.1626)},
                new Object[]{"dixon-price-8d", dixonPriceArgmin(8)},
                new Object[]{"mlp-5d", mlp("relu", Math.pow(10, -2.7), 3, 0.24, 1e-4)});
    }

    /** z_i = 2^(-(2^i - 2) / 2^i), i from 1, shifted by -3.5. */
    private static Map<String, Object> dixonPriceArgmin(int dimension) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 1; i <= dimension; i++) {
            params.put("x" + (i - 1), Math.pow(2, -(Math.pow(2, i) - 2) / Math.pow(2, i)) - 3.5);
        }
        return params;
    }

    private static Map<String, Object> mlp(String activation, double lr, long layers, double dropout, double decay) {
        return Map.of("activation", activation, "lr", lr, "layers", layers, "dropout", dropout, "decay", decay);
    }

    /**
     * Points where each definition reduces to a figure worked out by hand, so a slip in a formula (mirrored the
     * same in bench/optuna_bench.py) still shows.
     */
    static Stream<Arguments> pointsWorkedOutByHand() {
        Map<String, Object> griewank = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            griewank.put("x" + i, 13.7 + Math.PI * Math.sqrt(i + 1));
        }
        return Stream.of(
                // w_i = 2: sin²(2π) = 0, five middle terms 1 + 10 sin²(2π + 1), the last 1 + sin²(4π)
                Arguments.of("levy-6d", cube(6, -0.1), 6 + 50 * Math.pow(Math.sin(1), 2)),
                // every cosine is cos π = -1, eight of them; Σ z_i² = π² (1 + ... + 8)
                Arguments.of("griewank-8d", griewank, 36 * Math.PI * Math.PI / 4000),
                Arguments.of("schwefel-4d", cube(4, 0), 4 * 418.9829),
                // sin(π/2) = 1; sin²⁰(i π / 4) = 2^-10, 1, 2^-10, 0, 2^-10
                Arguments.of("michalewicz-5d", cube(5, Math.PI / 2), -(1 + 3.0 / 1024)),
                // u = v = 1: (4 - 2.1 + 1/3) + 1 + 0
                Arguments.of("six-hump-camel", Map.of("x", 2.3, "y", 1.45), 4 - 2.1 + 1.0 / 3 + 1),
                // z_i = 1: (1 - 1)² + Σ_{i=2..8} i (2 - 1)²
                Arguments.of("dixon-price-8d", cube(8, -2.5), 35.0),
                Arguments.of("mlp-5d", mlp("sigmoid", Math.pow(10, -1.6), 3, 0.24, 1e-4), 0.5),
                // lr one decade off (1), two layers too many ((3 / 1.5)² = 4), decay 1.5 decades off (1)
                Arguments.of("mlp-5d", mlp("relu", Math.pow(10, -3.7), 6, 0.48, Math.pow(10, -2.5)), 6.0));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("pointsWorkedOutByHand")
    void matchesTheValueWorkedOutByHand(String name, Map<String, Object> params, double expected) {
        assertEquals(expected, TestFunctions.named(name).evaluate(params), 1e-9);
    }

    @Test
    void theNoisyFunctionIsItsBowlPlusBoundedNoiseThatRepeatsForTheSameParameters() {
        TestFunctions.TestFunction f = TestFunctions.named("noisy-quadratic-5d");
        Map<String, Object> centre = Map.of("x0", 0.7, "x1", 0.25, "x2", 0.6, "x3", 0.35, "x4", 0.8);
        double atCentre = f.evaluate(centre);
        assertTrue(Math.abs(atCentre) <= TestFunctions.NOISE, "noise at the bowl's bottom: " + atCentre);
        assertEquals(atCentre, f.evaluate(new LinkedHashMap<>(centre)), 0.0, "same parameters, same value");
        // x0 at 0, 0.7 below its best, costs 0.7² (weight 1), seen through at most NOISE of noise either way
        Map<String, Object> off = new LinkedHashMap<>(centre);
        off.put("x0", 0.0);
        assertEquals(0.49, f.evaluate(off), TestFunctions.NOISE);

        double[] noise = new Random(3).doubles(20_000).map(TestFunctions::pseudoNoise).toArray();
        DoubleSummaryStatistics stats = Arrays.stream(noise).summaryStatistics();
        assertTrue(stats.getMin() >= -1 && stats.getMax() < 1, stats.toString());
        // uniform on [-1, 1): mean 0 (standard error 0.004), both ends reached
        assertEquals(0, stats.getAverage(), 0.02, stats.toString());
        assertTrue(stats.getMin() < -0.99 && stats.getMax() > 0.99, stats.toString());
        assertNotEquals(TestFunctions.pseudoNoise(0.5), TestFunctions.pseudoNoise(Math.nextUp(0.5)),
                "neighbouring parameters get unrelated noise");
    }

    @Test
    void theSetsAreTheStandardAndTheHeldOutFunctionsWithoutOverlap() {
        List<String> standard = TestFunctions.standard().stream().map(TestFunctions.TestFunction::name).toList();
        List<String> unseen = TestFunctions.unseen().stream().map(TestFunctions.TestFunction::name).toList();
        assertEquals(standard, TestFunctions.set(null).stream().map(TestFunctions.TestFunction::name).toList());
        assertEquals(standard, TestFunctions.set("standard").stream().map(TestFunctions.TestFunction::name).toList());
        assertEquals(unseen, TestFunctions.set("unseen").stream().map(TestFunctions.TestFunction::name).toList());
        assertEquals(TestFunctions.standard().size() + unseen.size(), TestFunctions.set("all").stream()
                .map(TestFunctions.TestFunction::name).distinct().count());
        assertTrue(unseen.stream().noneMatch(standard::contains), unseen + " overlaps " + standard);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestFunctions.set("seen"));
        assertEquals("FUNCTION_SET=seen: expected standard, unseen or all", e.getMessage());
    }

    private static Map<String, Object> cube(int dimension, double value) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < dimension; i++) {
            params.put("x" + i, value);
        }
        return params;
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("minima")
    void reachesItsMinimumAtTheDocumentedPointAndNowhereLower(String name, Map<String, Object> argmin) {
        TestFunctions.TestFunction f = TestFunctions.named(name);
        assertEquals(f.minimum(), f.evaluate(argmin), 1e-4, name + " at its documented minimum");
        List<Trial> random = SamplerDriver.minimize(new RandomSampler(), f, 500, 1);
        double best = SamplerDriver.best(random, Direction.MINIMIZE);
        assertTrue(best > f.minimum(), name + ": random search found " + best + " below the minimum");
    }
}
