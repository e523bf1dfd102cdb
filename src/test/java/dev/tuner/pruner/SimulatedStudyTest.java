package dev.tuner.pruner;

import org.junit.jupiter.api.Test;

import static dev.tuner.pruner.TrialFixtures.LADDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole studies on a synthetic learning curve ({@link SyntheticStudy}): what each pruner saves in training rows
 * against evaluating every trial at the full budget, and what it costs in the quality of the trial finally picked.
 */
class SimulatedStudyTest {

    private static final int STUDIES = 100;
    private static final int TRIALS = 60;

    /** Averages over {@link #STUDIES} studies; every pruner sees the same trials (same seeds) as the none run. */
    private record Comparison(double rowsFraction, double meanQualityGap, double worstQualityGap) {
    }

    private static Comparison compareWithNoPruning(String prunerName) {
        double rows = 0;
        double gap = 0;
        double worstGap = Double.NEGATIVE_INFINITY;
        for (long seed = 0; seed < STUDIES; seed++) {
            SyntheticStudy.Outcome unpruned = SyntheticStudy.run(new NopPruner(), TRIALS, LADDER, seed);
            SyntheticStudy.Outcome pruned = SyntheticStudy.run(Pruners.create(prunerName), TRIALS, LADDER, seed);
            rows += pruned.rowsSpent() / unpruned.rowsSpent();
            double studyGap = unpruned.trueQualityOfPick() - pruned.trueQualityOfPick();
            gap += studyGap;
            worstGap = Math.max(worstGap, studyGap);
        }
        Comparison comparison = new Comparison(rows / STUDIES, gap / STUDIES, worstGap);
        System.out.printf("%-20s %d studies x %d trials: rows %.3f of none, picked true accuracy %+.4f vs none"
                + " on average, worst study %+.4f%n", prunerName, STUDIES, TRIALS, comparison.rowsFraction(),
                -comparison.meanQualityGap(), -comparison.worstQualityGap());
        return comparison;
    }

    @Test
    void hyperbandSpendsLessThanHalfTheRowsAndPicksAsGoodATrial() {
        Comparison hyperband = compareWithNoPruning(HyperbandPruner.NAME);
        // Measured 0.482: above the 40% goal, as the analytic 0.454 of Li et al.'s allocation predicts; studies of
        // 60 trials cost a little more than that asymptote because ASHA promotes its first arrivals.
        assertTrue(hyperband.rowsFraction() > 0.44 && hyperband.rowsFraction() < 0.52, "rows " + hyperband);
        // Measured: the pick's true accuracy is 0.0015 below the unpruned study's on average and 0.040 below in
        // the worst of 100 studies, for true accuracies spread over 0.35 and a noise of 0.02 at the full budget.
        assertEquals(0.0, hyperband.meanQualityGap(), 0.004);
        assertTrue(hyperband.worstQualityGap() < 0.05, "worst " + hyperband);
    }

    @Test
    void successiveHalvingAndPercentileSaveMoreAndMedianLess() {
        Comparison sha = compareWithNoPruning(SuccessiveHalvingPruner.NAME);
        Comparison percentile = compareWithNoPruning(PercentilePruner.NAME);
        Comparison median = compareWithNoPruning(MedianPruner.NAME);
        // Measured 0.250, 0.311 and 0.525. The median pruner pays for its 5 unpruned startup trials and for
        // evaluating every trial at 0.05 and 0.2 on top of the full budget, so it saves less than Hyperband.
        assertTrue(sha.rowsFraction() < 0.27, "sha " + sha);
        assertTrue(percentile.rowsFraction() < 0.34, "percentile " + percentile);
        assertTrue(median.rowsFraction() < 0.56, "median " + median);
        assertTrue(sha.rowsFraction() < percentile.rowsFraction() && percentile.rowsFraction() < median.rowsFraction());
        // Measured mean losses of true accuracy: 0.0019, 0.0010 and 0.0000.
        for (Comparison comparison : new Comparison[] {sha, percentile, median}) {
            assertEquals(0.0, comparison.meanQualityGap(), 0.004, comparison.toString());
        }
    }

    @Test
    void noPruningEvaluatesEveryTrialOnceAtTheFullBudget() {
        SyntheticStudy.Outcome outcome = SyntheticStudy.run(new NopPruner(), TRIALS, LADDER, 3);
        assertEquals(TRIALS, outcome.evaluatedAt()[2]);
        assertEquals(0, outcome.evaluatedAt()[0] + outcome.evaluatedAt()[1]);
        assertEquals(TRIALS * 1.0, outcome.rowsSpent(), 1e-9);
    }
}
