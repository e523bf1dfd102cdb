package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SobolSamplerTest {
    /** The unit cube itself, so that sampled values are the points' coordinates. */
    private static SearchSpace unitCube(int dimension) {
        Map<String, String> space = new LinkedHashMap<>();
        for (int i = 0; i < dimension; i++) {
            space.put("x" + i, "float(0, 1)");
        }
        return SearchSpace.parse(space);
    }

    @Test
    void theRandomShiftDependsOnTheSeedAloneSoDesignsOfTwoSeedsDifferByOneConstantRotation() {
        SearchSpace space = unitCube(3);
        List<double[]> one = points(new SobolSampler(), space, 32, 1);
        List<double[]> two = points(new SobolSampler(), space, 32, 2);
        for (int n = 1; n < 32; n++) {
            for (int axis = 0; axis < 3; axis++) {
                double rotation = two.get(0)[axis] - one.get(0)[axis];
                double difference = two.get(n)[axis] - one.get(n)[axis];
                assertEquals(0, circularDistance(rotation, difference), 1e-9, "trial " + n + " axis " + axis);
            }
        }
    }

    /** Distance between two values on the circle [0, 1). */
    private static double circularDistance(double a, double b) {
        double d = Math.abs(a - b) % 1.0;
        return Math.min(d, 1 - d);
    }

    @Test
    void trialZeroIsTheFirstPointAfterTheOrigin() {
        // Point 1 of the Sobol sequence is (0.5, ..., 0.5); shifted by the rotation of seed 5.
        double[] rotation = SobolSampler.rotation(5, 2);
        double[] first = points(new SobolSampler(), unitCube(2), 1, 5).get(0);
        for (int axis = 0; axis < 2; axis++) {
            assertEquals((0.5 + rotation[axis]) % 1.0, first[axis], 1e-12);
        }
    }

    @Test
    void fillsTheCubeMoreEvenlyThanRandomSearch() {
        SearchSpace space = unitCube(5);
        double sobolTotal = 0;
        double randomTotal = 0;
        for (long seed = 0; seed < 10; seed++) {
            double sobol = l2StarDiscrepancy(points(new SobolSampler(), space, 128, seed));
            double random = l2StarDiscrepancy(points(new RandomSampler(), space, 128, seed));
            assertTrue(sobol < random, "seed " + seed + ": sobol " + sobol + " vs random " + random);
            sobolTotal += sobol;
            randomTotal += random;
        }
        assertTrue(sobolTotal < 0.75 * randomTotal, "mean discrepancy sobol " + sobolTotal / 10 + " vs random " + randomTotal / 10);
    }

    @Test
    void choicesAndIntsGetEqualShares() {
        // 64 consecutive Sobol points stratify each axis into 64 equal cells (within one point: the origin is
        // skipped), so 4 choices and 4 ints get 16 trials each; random search's counts have a standard deviation of 3.5.
        SearchSpace space = SearchSpace.parse(Map.of("kind", "choice(a, b, c, d)", "n", "int(1, 4)"));
        List<Trial> trials = SamplerDriver.run(new SobolSampler(), space, p -> 0, Direction.MINIMIZE, 64, 3);
        for (Object kind : List.of("a", "b", "c", "d")) {
            assertEquals(16, trials.stream().filter(t -> t.params().get("kind").equals(kind)).count(), 1, "kind " + kind);
        }
        for (long n = 1; n <= 4; n++) {
            long value = n;
            assertEquals(16, trials.stream().filter(t -> t.params().get("n").equals(value)).count(), 1, "n " + n);
        }
    }

    @Test
    void refusesMoreDimensionsThanItHasDirectionNumbersFor() {
        SearchSpace space = unitCube(SobolSampler.MAX_DIMENSION + 1);
        assertThrows(IllegalArgumentException.class,
                () -> new SobolSampler().sample(SamplerDriver.context(space, List.of(), Direction.MINIMIZE, 0, 1)));
    }

    private static List<double[]> points(Sampler sampler, SearchSpace space, int count, long seed) {
        List<double[]> points = new ArrayList<>();
        for (Trial trial : SamplerDriver.run(sampler, space, p -> 0, Direction.MINIMIZE, count, seed)) {
            points.add(space.names().stream().mapToDouble(name -> TestFunctions.number(trial.params(), name)).toArray());
        }
        return points;
    }

    /** Warnock's closed form of the L2-star discrepancy: how far the points' empirical measure is from uniform. */
    private static double l2StarDiscrepancy(List<double[]> points) {
        int n = points.size();
        int d = points.get(0).length;
        double single = 0;
        for (double[] p : points) {
            double product = 1;
            for (double x : p) {
                product *= 1 - x * x;
            }
            single += product;
        }
        double pairs = 0;
        for (double[] p : points) {
            for (double[] q : points) {
                double product = 1;
                for (int k = 0; k < d; k++) {
                    product *= 1 - Math.max(p[k], q[k]);
                }
                pairs += product;
            }
        }
        return Math.sqrt(Math.pow(3, -d) - Math.pow(2, 1 - d) / n * single + pairs / ((double) n * n));
    }
}
