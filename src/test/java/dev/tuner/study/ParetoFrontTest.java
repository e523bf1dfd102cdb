package dev.tuner.study;

import dev.tuner.trial.ParetoFront;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParetoFrontTest {

    @Test
    void ranksFollowDomination() {
        double[][] points = {{1, 4}, {2, 2}, {4, 1}, {3, 3}, {5, 5}, {2, 2}};
        assertArrayEquals(new int[]{0, 0, 0, 1, 2, 0}, ParetoFront.ranks(points, null));
    }

    @Test
    void feasiblePointsDominateInfeasibleOnesWhichRankByViolation() {
        double[][] points = {{5, 5}, {0, 0}, {1, 1}, {6, 6}};
        double[] violations = {0, 2, 1, 0};
        // {0,0} and {1,1} break a constraint: they follow both feasible points, the smaller violation first.
        assertArrayEquals(new int[]{0, 3, 2, 1}, ParetoFront.ranks(points, violations));
        assertTrue(ParetoFront.constrainedDominates(points[0], 0, points[1], 2));
        assertFalse(ParetoFront.constrainedDominates(points[1], 2, points[0], 0));
    }

    @Test
    void crowdingGivesExtremesInfinity() {
        double[][] points = {{0, 4}, {1, 3}, {3, 1}, {4, 0}};
        double[] c = ParetoFront.crowding(points, new int[]{0, 1, 2, 3});
        assertEquals(Double.POSITIVE_INFINITY, c[0]);
        assertEquals(Double.POSITIVE_INFINITY, c[3]);
        // Neighbours of point 1 span 3 of 4 in each objective: 0.75 + 0.75.
        assertEquals(1.5, c[1], 1e-12);
        assertEquals(1.5, c[2], 1e-12);
    }

    @Test
    void hypervolumeOfKnownSets() {
        double[] ref2 = {1, 1};
        assertEquals(1.0, ParetoFront.hypervolume(List.of(new double[]{0, 0}), ref2), 1e-12);
        assertEquals(0.75, ParetoFront.hypervolume(List.of(new double[]{0, 0.5}, new double[]{0.5, 0}), ref2), 1e-12);
        // A dominated point and a point outside the reference add nothing.
        assertEquals(0.75, ParetoFront.hypervolume(List.of(new double[]{0, 0.5}, new double[]{0.5, 0},
                new double[]{0.6, 0.6}, new double[]{2, -1}), ref2), 1e-12);
        double[] ref3 = {1, 1, 1};
        // Two boxes of 0.5 and 0.25 overlapping in 0.125.
        assertEquals(0.625, ParetoFront.hypervolume(List.of(new double[]{0, 0, 0.5}, new double[]{0.5, 0.5, 0}),
                ref3), 1e-12);
    }

    @Test
    void hypervolumeEqualsInclusionExclusionOnRandomSets() {
        Random random = new Random(3);
        for (int dims = 2; dims <= 4; dims++) {
            for (int round = 0; round < 20; round++) {
                List<double[]> points = new ArrayList<>();
                int n = 1 + random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    double[] p = new double[dims];
                    for (int d = 0; d < dims; d++) {
                        p[d] = random.nextDouble();
                    }
                    points.add(p);
                }
                double[] ref = new double[dims];
                java.util.Arrays.fill(ref, 1.0);
                assertEquals(inclusionExclusion(points, ref), ParetoFront.hypervolume(points, ref), 1e-12,
                        dims + "D, " + n + " points");
            }
        }
    }

    /** The union of boxes [p, ref] by inclusion-exclusion over every subset: exact, exponential, fine for 8. */
    private static double inclusionExclusion(List<double[]> points, double[] ref) {
        int n = points.size();
        double total = 0;
        for (int mask = 1; mask < (1 << n); mask++) {
            double volume = 1;
            for (int d = 0; d < ref.length; d++) {
                double corner = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    if ((mask & (1 << i)) != 0) {
                        corner = Math.max(corner, points.get(i)[d]);
                    }
                }
                volume *= Math.max(0, ref[d] - corner);
            }
            total += Integer.bitCount(mask) % 2 == 1 ? volume : -volume;
        }
        return total;
    }

    @Test
    void hypervolumeSelectionTakesTheExtremesOfALinearFrontAfterItsLargestBox() {
        List<double[]> front = List.of(new double[]{0, 1}, new double[]{0.5, 0.5}, new double[]{1, 0});
        List<Integer> chosen = ParetoFront.selectByHypervolume(front, 2, new double[]{1.1, 1.1});
        // (0.5,0.5) alone covers 0.36, an extreme 0.11: the middle first, then an extreme.
        assertEquals(1, chosen.get(0));
        assertEquals(2, chosen.size());
    }
}
