package dev.tuner.pruner;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.tuner.pruner.TrialFixtures.completeTrials;
import static dev.tuner.pruner.TrialFixtures.context;
import static dev.tuner.pruner.TrialFixtures.trial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Median and percentile pruning; the median is the percentile pruner at 50. */
class PercentilePrunerTest {

    /** Eight finished trials with losses 1..8 at the first two budgets. */
    private static List<Trial> lossesOneToEight() {
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TrialState state = i % 2 == 0 ? TrialState.COMPLETE : TrialState.PRUNED;
            trials.add(trial(i, state, i + 1.0, i + 1.0));
        }
        return trials;
    }

    private static boolean prunes(Pruner pruner, double loss, List<Trial> others) {
        Trial judged = trial(100, TrialState.RUNNING, loss);
        return pruner.shouldPrune(context(judged, 0, others, Direction.MINIMIZE));
    }

    @Test
    void medianPrunesAClearlyBadTrialAndKeepsAGoodOne() {
        MedianPruner median = new MedianPruner();
        List<Trial> others = lossesOneToEight();   // median loss 4.5
        assertTrue(prunes(median, 7.0, others));
        assertTrue(prunes(median, 4.6, others));
        assertFalse(prunes(median, 2.0, others));
        assertFalse(prunes(median, 4.5, others), "a tie with the median is kept");
    }

    @Test
    void medianReadsTheDirection() {
        MedianPruner median = new MedianPruner();
        List<Trial> accuracies = completeTrials(0, 5, 0.9);
        accuracies.addAll(completeTrials(5, 5, 0.7));
        Trial good = trial(10, TrialState.RUNNING, 0.95);
        Trial bad = trial(11, TrialState.RUNNING, 0.6);
        assertFalse(median.shouldPrune(context(good, 0, accuracies, Direction.MAXIMIZE)));
        assertTrue(median.shouldPrune(context(bad, 0, accuracies, Direction.MAXIMIZE)));
        assertTrue(median.shouldPrune(context(good, 0, accuracies, Direction.MINIMIZE)));
        assertFalse(median.shouldPrune(context(bad, 0, accuracies, Direction.MINIMIZE)));
    }

    @Test
    void nothingIsPrunedBeforeFiveTrialsFinishedCompleteOrPruned() {
        MedianPruner median = new MedianPruner();
        Trial hopeless = trial(50, TrialState.RUNNING, 99.0);
        List<Trial> others = new ArrayList<>(List.of(
                trial(0, TrialState.COMPLETE, 1.0, 1.0, 1.0),
                trial(1, TrialState.PRUNED, 1.0),
                trial(2, TrialState.COMPLETE, 1.0, 1.0, 1.0),
                trial(3, TrialState.PRUNED, 1.0, 1.0),
                // neither running nor failed trials count toward the startup
                trial(4, TrialState.RUNNING, 1.0, 1.0),
                trial(5, TrialState.FAILED, 1.0),
                trial(6, TrialState.RUNNING, 1.0)));
        assertFalse(median.shouldPrune(context(hopeless, 0, others, Direction.MINIMIZE)), "4 finished: startup");
        others.add(trial(7, TrialState.PRUNED, 1.0));
        assertTrue(median.shouldPrune(context(hopeless, 0, others, Direction.MINIMIZE)), "5 finished: judged");
        MedianPruner noStartup = new MedianPruner(0, 0, 1);
        assertTrue(noStartup.shouldPrune(context(hopeless, 0, others.subList(0, 1), Direction.MINIMIZE)));
    }

    @Test
    void runningAndFailedTrialsAreNotPartOfTheReference() {
        MedianPruner median = new MedianPruner();
        List<Trial> others = new ArrayList<>(completeTrials(0, 5, 1.0));
        for (int i = 5; i < 30; i++) {
            others.add(trial(i, i % 2 == 0 ? TrialState.RUNNING : TrialState.FAILED, 10.0));
        }
        // with the 25 worse values the median would be 10 and 5.0 would be kept
        assertTrue(prunes(median, 5.0, others));
    }

    @Test
    void lastBudgetIsNeverJudgedBecausePruningThereSavesNothing() {
        MedianPruner median = new MedianPruner();
        Trial hopeless = trial(50, TrialState.RUNNING, 1.0, 1.0, 99.0);
        assertTrue(median.shouldPrune(context(trial(50, TrialState.RUNNING, 99.0, 99.0), 1,
                completeTrials(0, 10, 1.0), Direction.MINIMIZE)), "the middle budget is judged");
        assertFalse(median.shouldPrune(context(hopeless, 2, completeTrials(0, 10, 1.0), Direction.MINIMIZE)));
    }

    @Test
    void needsMinTrialsReferenceValuesAtTheBudgetAndRespectsMinRung() {
        List<Trial> prunedEarly = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            prunedEarly.add(trial(i, TrialState.PRUNED, 1.0));   // values at 0.05 only
        }
        Trial judged = trial(9, TrialState.RUNNING, 1.0, 99.0);
        assertFalse(new MedianPruner().shouldPrune(context(judged, 1, prunedEarly, Direction.MINIMIZE)),
                "nobody reported at 0.2 yet");
        prunedEarly.add(trial(6, TrialState.COMPLETE, 1.0, 1.0, 1.0));
        assertTrue(new MedianPruner().shouldPrune(context(judged, 1, prunedEarly, Direction.MINIMIZE)));
        assertFalse(new MedianPruner(5, 0, 2).shouldPrune(context(judged, 1, prunedEarly, Direction.MINIMIZE)),
                "nMinTrials=2 wants a second value at 0.2");
        Trial badEarly = trial(10, TrialState.RUNNING, 99.0);
        assertFalse(new MedianPruner(5, 1, 1).shouldPrune(context(badEarly, 0, prunedEarly, Direction.MINIMIZE)),
                "rung 0 is below minRung 1");
    }

    @Test
    void nanIsPruned() {
        assertTrue(prunes(new MedianPruner(), Double.NaN, lossesOneToEight()));
    }

    @Test
    void percentileKeepsTheTopQuarterByDefault() {
        PercentilePruner percentile = new PercentilePruner();
        List<Trial> others = lossesOneToEight();
        // 25th percentile of 1..8 with linear interpolation: 1 + 0.25 * 7 = 2.75
        assertEquals(2.75, PercentilePruner.percentileOf(new double[] {8, 3, 1, 5, 2, 7, 4, 6}, 25.0), 1e-12);
        assertFalse(prunes(percentile, 2.5, others));
        assertFalse(prunes(percentile, 2.75, others));
        assertTrue(prunes(percentile, 3.0, others), "kept by the median, pruned by the 25th percentile");
        assertFalse(prunes(new MedianPruner(), 3.0, others));
    }

    @Test
    void percentileKeepsTheTopQuarterWhenMaximizing() {
        PercentilePruner percentile = new PercentilePruner(25.0);
        List<Trial> accuracies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            accuracies.add(trial(i, TrialState.COMPLETE, 0.1 * (i + 1), 0.5, 0.5));   // 0.1 .. 0.8
        }
        // the best quarter of 0.1..0.8 starts at the 75th percentile, 0.1 + 0.75 * 0.7 = 0.625
        Trial justAbove = trial(20, TrialState.RUNNING, 0.63);
        Trial justBelow = trial(21, TrialState.RUNNING, 0.62);
        assertFalse(percentile.shouldPrune(context(justAbove, 0, accuracies, Direction.MAXIMIZE)));
        assertTrue(percentile.shouldPrune(context(justBelow, 0, accuracies, Direction.MAXIMIZE)));
    }

    @Test
    void rejectsMeaninglessSettings() {
        assertThrows(IllegalArgumentException.class, () -> new PercentilePruner(101.0));
        assertThrows(IllegalArgumentException.class, () -> new PercentilePruner(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new PercentilePruner(25.0, -1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PercentilePruner(25.0, 5, 0, 0));
    }

    @Test
    void judgesEveryBudgetButTheLast() {
        assertEquals(TrialFixtures.LADDER, new MedianPruner().budgetsFor(3, TrialFixtures.LADDER));
    }
}
