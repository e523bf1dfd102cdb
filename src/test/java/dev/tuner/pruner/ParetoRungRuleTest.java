package dev.tuner.pruner;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParetoRungRuleTest {
    /** Five points on a front (losses, both minimised) and points behind it. */
    private static final List<double[]> FRONT = List.of(new double[]{0, 4}, new double[]{1, 3}, new double[]{2, 2},
            new double[]{3, 1}, new double[]{4, 0});

    @Test
    void keptFractionComesFromTheConfiguredPruner() {
        List<Double> ladder = List.of(1.0 / 9, 1.0 / 3, 1.0);
        assertEquals(0.5, Pruners.create("median", ladder).keepFraction(), 1e-12);
        assertEquals(0.25, Pruners.create("percentile", ladder).keepFraction(), 1e-12);
        assertEquals(1.0 / 3, Pruners.create("successive-halving", ladder).keepFraction(), 1e-12);
        assertEquals(1.0 / 3, Pruners.create("hyperband", ladder).keepFraction(), 1e-12);
        assertTrue(Double.isNaN(Pruners.create("none", ladder).keepFraction()));
    }

    @Test
    void nothingIsPrunedBeforeEnoughTrialsReported() {
        double[] dominated = {10, 10};
        assertFalse(ParetoRungRule.shouldPrune(dominated, FRONT.subList(0, 3), 0.5));
        assertTrue(ParetoRungRule.shouldPrune(dominated, FRONT.subList(0, 4), 0.5));
    }

    @Test
    void aTrialOnTheFirstFrontIsNeverPruned() {
        // Nine dominated trials and a keep fraction that would keep only one: a new extreme of the front survives.
        List<double[]> others = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            others.add(new double[]{5 + i, 5 + i});
        }
        others.add(new double[]{0, 1});
        assertFalse(ParetoRungRule.shouldPrune(new double[]{1, 0}, others, 0.1));
    }

    @Test
    void aDominatedTrialIsPrunedOutsideTheKeptFraction() {
        assertTrue(ParetoRungRule.shouldPrune(new double[]{5, 5}, FRONT, 0.5));
        // Keeping everything keeps it.
        assertFalse(ParetoRungRule.shouldPrune(new double[]{5, 5}, FRONT, 1.0));
        assertFalse(ParetoRungRule.shouldPrune(new double[]{5, 5}, FRONT, Double.NaN));
    }

    @Test
    void insideARankTheMoreCrowdedTrialGoesFirst() {
        // Rank 0: the five front points. Rank 1: three points; (1, 9) and (9, 1) are rank 1's extremes (infinite
        // crowding), (5, 5.5) sits between them. With 9 trials and keep 7/9, positions 0..6 survive: the front (5)
        // and the two extremes; the middle point of rank 1 is eighth and pruned.
        List<double[]> others = new java.util.ArrayList<>(FRONT);
        others.add(new double[]{1, 9});
        others.add(new double[]{9, 1});
        assertTrue(ParetoRungRule.shouldPrune(new double[]{5, 5.5}, others, 7.0 / 9));
        List<double[]> withMiddle = new java.util.ArrayList<>(FRONT);
        withMiddle.add(new double[]{5, 5.5});
        withMiddle.add(new double[]{9, 1});
        assertFalse(ParetoRungRule.shouldPrune(new double[]{1, 9}, withMiddle, 7.0 / 9));
    }

    @Test
    void theJudgedTrialLosesExactTies() {
        // Rank 0: (0, 0). Rank 1: (1, 2) and the judged (2, 1), both extremes of their front (infinite crowding),
        // an exact tie. Ranks 2 and 3: (3, 3), (4, 4). The judged trial goes after its twin: position 2 of 5.
        List<double[]> others = List.of(new double[]{0, 0}, new double[]{1, 2}, new double[]{3, 3},
                new double[]{4, 4});
        assertTrue(ParetoRungRule.shouldPrune(new double[]{2, 1}, others, 0.4), "keeps 2: the twin is kept first");
        assertFalse(ParetoRungRule.shouldPrune(new double[]{2, 1}, others, 0.6), "keeps 3");
    }
}
