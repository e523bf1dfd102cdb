package dev.tuner.sampler;

import dev.tuner.trial.Trial;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoisyFunctionsTest {

    /** Each function's scale is what it says: the median gap of random points above the minimum, within 15%. */
    @Test
    void theScaleIsTheMedianGapOfRandomPoints() {
        for (NoisyFunctions.NoisyFunction f : NoisyFunctions.all()) {
            List<Trial> trials = SamplerDriver.minimize(new RandomSampler(), f.truth(), 400, 7);
            double[] gaps = trials.stream().mapToDouble(t -> t.value() - f.truth().minimum()).sorted().toArray();
            double median = gaps[gaps.length / 2];
            assertEquals(1.0, f.scale() / median, 0.15, f.name() + ": median gap " + median);
        }
    }

    /** The noise has mean about 0 and standard deviation about 1, and repeats for the same parameters. */
    @Test
    void theNoiseIsStandardAndRepeatable() {
        double[] draws = new double[20_000];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = NoisyFunctions.noise(Map.of("x", i * 0.001, "k", (long) (i % 7), "choice", "a"));
        }
        double mean = Arrays.stream(draws).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(draws).map(v -> (v - mean) * (v - mean)).sum() / draws.length);
        assertEquals(0, mean, 0.03);
        assertEquals(1, sd, 0.03);
        Map<String, Object> point = Map.of("x", 0.25, "k", 3L);
        assertEquals(NoisyFunctions.noise(point), NoisyFunctions.noise(Map.of("k", 3L, "x", 0.25)));
        assertNotEquals(NoisyFunctions.noise(point), NoisyFunctions.noise(Map.of("x", 0.2500001, "k", 3L)));
    }

    /** A point's noise-free gap is its distance above the minimum over the scale. */
    @Test
    void theTrueGapIsTheDistanceAboveTheMinimumOverTheScale() {
        NoisyFunctions.NoisyFunction sphere = NoisyFunctions.all().stream()
                .filter(f -> f.name().equals("sphere-5d")).findFirst().orElseThrow();
        Trial best = SamplerDriver.minimize(new RandomSampler(), sphere.truth(), 50, 3).stream()
                .min(java.util.Comparator.comparingDouble(Trial::value)).orElseThrow();
        double gap = sphere.trueGap(best.params());
        assertEquals((best.value() - sphere.truth().minimum()) / sphere.scale(), gap, 1e-12);
        assertTrue(gap > 0);
    }
}
