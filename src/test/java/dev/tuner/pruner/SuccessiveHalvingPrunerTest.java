package dev.tuner.pruner;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.tuner.pruner.TrialFixtures.LADDER;
import static dev.tuner.pruner.TrialFixtures.context;
import static dev.tuner.pruner.TrialFixtures.trial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuccessiveHalvingPrunerTest {

    private final SuccessiveHalvingPruner sha = new SuccessiveHalvingPruner();

    /** Eight other trials with losses 1..8 at the first budget, in every state a trial can report from. */
    private static List<Trial> lossesOneToEight() {
        TrialState[] states = {TrialState.RUNNING, TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAILED};
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            trials.add(trial(i, states[i % states.length], i + 1.0));
        }
        return trials;
    }

    private boolean prunesAtFirstBudget(double loss, List<Trial> others) {
        return sha.shouldPrune(context(trial(99, TrialState.RUNNING, loss), 0, others, Direction.MINIMIZE));
    }

    @Test
    void promotesTheTopThirdOfEveryoneWhoReportedAtTheRung() {
        // n = 9 with the judged trial, floor(9 / 3) = 3 promoted: losses 1, 2 and the judged one if <= 3
        assertFalse(prunesAtFirstBudget(0.5, lossesOneToEight()));
        assertFalse(prunesAtFirstBudget(2.5, lossesOneToEight()));
        assertFalse(prunesAtFirstBudget(3.0, lossesOneToEight()), "a tie at the boundary is promoted, as Optuna's");
        assertTrue(prunesAtFirstBudget(3.5, lossesOneToEight()));
        assertTrue(prunesAtFirstBudget(8.5, lossesOneToEight()));
    }

    @Test
    void aRungWhereEveryoneTiesPrunesNobody() {
        // A budget too small to learn anything: every trial scores the majority-class accuracy. Pruning by arrival
        // order there left a study of 30 trials with one complete trial, the defaults.
        List<Trial> tied = new ArrayList<>();
        int promoted = 0;
        for (int number = 0; number < 30; number++) {
            Trial t = trial(number, TrialState.RUNNING, 0.6264);
            if (!sha.shouldPrune(context(t, 0, tied, Direction.MINIMIZE))) {
                promoted++;
            }
            tied.add(trial(number, TrialState.PRUNED, 0.6264));
        }
        assertEquals(30, promoted, "the rung tells the trials apart by arrival only");
        // Most models tie, a few are worse: the tied ones are not behind the cut-off, so they go on; the worse stop.
        List<Trial> mostlyTied = new ArrayList<>(tied.subList(0, 20));
        for (int number = 20; number < 30; number++) {
            mostlyTied.add(trial(number, TrialState.PRUNED, 0.8));
        }
        assertFalse(sha.shouldPrune(context(trial(31, TrialState.RUNNING, 0.6264), 0, mostlyTied, Direction.MINIMIZE)));
        assertTrue(sha.shouldPrune(context(trial(32, TrialState.RUNNING, 0.8), 0, mostlyTied, Direction.MINIMIZE)));
    }

    @Test
    void beforeEtaArrivalsOnlyANewBestIsPromoted() {
        assertFalse(prunesAtFirstBudget(50.0, List.of()), "the first arrival is the best so far");
        List<Trial> one = List.of(trial(0, TrialState.COMPLETE, 1.0, 1.0, 1.0));
        assertFalse(prunesAtFirstBudget(0.9, one));
        assertTrue(prunesAtFirstBudget(1.1, one), "floor(2 / 3) = 0: second and not best");
        List<Trial> two = List.of(trial(0, TrialState.COMPLETE, 1.0), trial(1, TrialState.PRUNED, 2.0));
        assertFalse(prunesAtFirstBudget(0.5, two), "floor(3 / 3) = 1: the best of three goes on");
        assertTrue(prunesAtFirstBudget(1.5, two), "floor(3 / 3) = 1: second of three does not");
    }

    @Test
    void readsTheDirectionAndJudgesOnlyTheRungJustReported() {
        List<Trial> accuracies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            accuracies.add(trial(i, TrialState.COMPLETE, 0.5 + 0.05 * i, 0.5));   // 0.5 .. 0.85 at 0.05
        }
        Trial strong = trial(20, TrialState.RUNNING, 0.82, 0.49);
        Trial weak = trial(21, TrialState.RUNNING, 0.60, 0.99);
        assertFalse(sha.shouldPrune(context(strong, 0, accuracies, Direction.MAXIMIZE)));
        assertTrue(sha.shouldPrune(context(weak, 0, accuracies, Direction.MAXIMIZE)));
        // at 0.2 the roles swap: the others all reported 0.5 there
        assertTrue(sha.shouldPrune(context(strong, 1, accuracies, Direction.MAXIMIZE)));
        assertFalse(sha.shouldPrune(context(weak, 1, accuracies, Direction.MAXIMIZE)));
    }

    @Test
    void neverPrunesAtTheLastBudgetAndPrunesNan() {
        Trial hopeless = trial(99, TrialState.RUNNING, 1.0, 1.0, 1e9);
        List<Trial> others = TrialFixtures.completeTrials(0, 9, 0.0);
        assertFalse(sha.shouldPrune(context(hopeless, 2, others, Direction.MINIMIZE)));
        assertTrue(prunesAtFirstBudget(Double.NaN, List.of()));
    }

    @Test
    void rungsStartAtTheMinimumEarlyStoppingRate() {
        assertEquals(LADDER, sha.budgetsFor(7, LADDER));
        SuccessiveHalvingPruner fromSecondRung = new SuccessiveHalvingPruner(3, 1);
        assertEquals(List.of(0.2, 1.0), fromSecondRung.budgetsFor(7, LADDER));
        assertEquals(List.of(1.0), new SuccessiveHalvingPruner(3, 5).budgetsFor(7, LADDER));
    }

    /**
     * The n-th arrival at a rung with exchangeable values is promoted with probability floor(n / eta) / n (1 / n
     * when that floor is 0), so the promoted count of a stream is known exactly; the real pruner must match it.
     */
    @Test
    void promotesAboutOneInEtaOfAStreamAsTheAsynchronousRuleImplies() {
        int arrivals = 60;
        double expectedPromoted = 0;
        for (int n = 1; n <= arrivals; n++) {
            expectedPromoted += n / 3 == 0 ? 1.0 / n : (double) (n / 3) / n;
        }
        Random random = new Random(7);
        int repeats = 300;
        double promoted = 0;
        for (int repeat = 0; repeat < repeats; repeat++) {
            List<Trial> reported = new ArrayList<>();
            for (int number = 0; number < arrivals; number++) {
                Trial arriving = trial(number, TrialState.RUNNING, random.nextDouble());
                if (!sha.shouldPrune(context(arriving, 0, reported, Direction.MINIMIZE))) {
                    promoted++;
                }
                reported.add(arriving);
            }
        }
        promoted /= repeats;
        System.out.printf("SHA eta=3, %d arrivals: promoted %.2f (rule says %.2f, 1/eta would be %.1f)%n",
                arrivals, promoted, expectedPromoted, arrivals / 3.0);
        assertEquals(expectedPromoted, promoted, 0.3);
        assertTrue(expectedPromoted < arrivals / 3.0, "floor(n / eta) / n never exceeds 1 / eta after the start");
    }

    @Test
    void analyticCostOfOneBracket() {
        // 0.05 + 0.2 / 3 + 1.0 / 9
        assertEquals(0.05 + 0.2 / 3 + 1.0 / 9, sha.expectedCostFraction(LADDER), 1e-12);
        assertEquals(0.2 + 1.0 / 3, new SuccessiveHalvingPruner(3, 1).expectedCostFraction(LADDER), 1e-12);
    }
}
