package dev.tuner.pruner;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static dev.tuner.pruner.TrialFixtures.LADDER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HyperbandPrunerTest {

    private final HyperbandPruner hyperband = new HyperbandPruner();

    /** The first {@code count} trial numbers dealt to {@code bracket} for the three-budget ladder. */
    private int[] trialsOfBracket(int bracket, int count) {
        return IntStream.iterate(0, n -> n + 1).filter(n -> hyperband.bracketOf(n, 3) == bracket)
                .limit(count).toArray();
    }

    /** A trial of the three-budget ladder that reported {@code value} at every budget of its bracket up to {@code upTo}. */
    private Trial bracketTrial(int number, TrialState state, double value, int upTo) {
        Map<Double, Double> intermediate = new TreeMap<>();
        for (int rung = hyperband.bracketOf(number, 3); rung <= upTo; rung++) {
            intermediate.put(LADDER.get(rung), value);
        }
        return TrialFixtures.trialWith(number, state, intermediate);
    }

    @Test
    void bracketWeightsAreLiEtAlsTrialCounts() {
        // ceil(R * eta^s / (s + 1)) with s = R - 1 - bracket
        assertArrayEquals(new int[] {9, 5, 3}, hyperband.bracketWeights(3));
        assertArrayEquals(new int[] {27, 12, 6, 4}, hyperband.bracketWeights(4));
        assertArrayEquals(new int[] {1}, hyperband.bracketWeights(1));
        assertArrayEquals(new int[] {4, 2}, new HyperbandPruner(4).bracketWeights(2));
    }

    @Test
    void bracketsPartitionTrialsInProportionAndEarlyTrialsReachEveryBracket() {
        int[] counts = new int[3];
        for (int number = 0; number < 170; number++) {
            counts[hyperband.bracketOf(number, 3)]++;
        }
        assertArrayEquals(new int[] {90, 50, 30}, counts);
        assertEquals(List.of(0, 1, 0, 2), IntStream.range(0, 4).map(n -> hyperband.bracketOf(n, 3)).boxed().toList(),
                "the fourth trial already feeds the unpruned bracket");
        assertEquals(hyperband.bracketOf(5, 3), hyperband.bracketOf(5 + 17, 3), "a cycle of 17 repeats");
        assertEquals(hyperband.bracketOf(5, 3), new HyperbandPruner().bracketOf(5, 3), "no state, no randomness");
    }

    @Test
    void budgetsStartAtTheBracketRung() {
        for (int number = 0; number < 40; number++) {
            int bracket = hyperband.bracketOf(number, 3);
            assertEquals(LADDER.subList(bracket, 3), hyperband.budgetsFor(number, LADDER), "trial " + number);
        }
    }

    @Test
    void trialsCompeteOnlyWithinTheirBracket() {
        int[] bracketZero = trialsOfBracket(0, 12);
        int[] bracketOne = trialsOfBracket(1, 8);
        List<Trial> others = new ArrayList<>();
        // bracket 0: strong at 0.05 and 0.2; bracket 1: weak at 0.2
        for (int i = 0; i < bracketZero.length - 1; i++) {
            others.add(bracketTrial(bracketZero[i], TrialState.COMPLETE, 1.0, 2));
        }
        for (int i = 0; i < bracketOne.length - 1; i++) {
            others.add(bracketTrial(bracketOne[i], TrialState.COMPLETE, 10.0, 2));
        }
        Trial middling = bracketTrial(bracketOne[bracketOne.length - 1], TrialState.RUNNING, 5.0, 1);
        PruningContext atPointTwo = new PruningContext(middling, 0.2, LADDER, others, Direction.MINIMIZE);
        assertFalse(hyperband.shouldPrune(atPointTwo), "best of its own bracket at 0.2");
        assertTrue(new SuccessiveHalvingPruner().shouldPrune(atPointTwo), "plain SHA would compare with bracket 0");

        Trial sameValueInBracketZero = bracketTrial(bracketZero[bracketZero.length - 1], TrialState.RUNNING, 5.0, 1);
        assertTrue(hyperband.shouldPrune(new PruningContext(sameValueInBracketZero, 0.2, LADDER, others,
                Direction.MINIMIZE)), "the same value loses in bracket 0");
    }

    @Test
    void theFullBudgetBracketIsNeverPruned() {
        int unprunedTrial = trialsOfBracket(2, 1)[0];
        assertEquals(List.of(1.0), hyperband.budgetsFor(unprunedTrial, LADDER));
        Trial hopeless = bracketTrial(unprunedTrial, TrialState.RUNNING, 1e9, 2);
        List<Trial> others = TrialFixtures.completeTrials(1000, 20, 0.0);
        assertFalse(hyperband.shouldPrune(new PruningContext(hopeless, 1.0, LADDER, others, Direction.MINIMIZE)));
    }

    @Test
    void expectedCostOfOptunasAllocationOnTheDefaultLadder() {
        double cost = hyperband.expectedCostFraction(LADDER);
        double bracketZero = 0.05 + 0.2 / 3 + 1.0 / 9;
        double bracketOne = 0.2 + 1.0 / 3;
        System.out.printf("hyperband eta=3 on %s: expected rows %.4f of no pruning (brackets %.4f, %.4f, 1.0;"
                + " weights 9:5:3)%n", LADDER, cost, bracketZero, bracketOne);
        assertEquals((9 * bracketZero + 5 * bracketOne + 3 * 1.0) / 17, cost, 1e-12);
        // Measured, not wished for: Hyperband's allocation spends 45.4%, above the 40% goal (see the class comment).
        assertEquals(0.4539, cost, 1e-4);
        assertEquals(1.0, new HyperbandPruner().expectedCostFraction(List.of(1.0)), 1e-12);
    }
}
