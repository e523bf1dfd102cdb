package dev.tuner.estimate;

import dev.tuner.pruner.HyperbandPruner;
import dev.tuner.pruner.Pruner;
import dev.tuner.pruner.Pruners;
import dev.tuner.pruner.PruningForecast;
import dev.tuner.pruner.SuccessiveHalvingPruner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acceptance test of the pruner math: the plan's exact expectations against a simulated run of the real pruner
 * ({@link PruningForecast} runs {@link Pruner#budgetsFor} and {@link Pruner#shouldPrune} over synthetic trials).
 */
class PrunerPlanTest {
    private static final List<Double> LADDER = List.of(0.05, 0.2, 1.0);
    private static final int SIMULATIONS = 3000;

    @ParameterizedTest
    @CsvSource({"successive-halving, 60", "hyperband, 60", "successive-halving, 17", "hyperband, 40"})
    void exactExpectationsMatchTheSimulatedRealPruner(String name, int trials) {
        Pruner pruner = Pruners.create(name, LADDER);
        PrunerPlan plan = PrunerPlan.of(pruner, LADDER, 0, trials, 1);
        PruningForecast.Forecast sim = PruningForecast.forecast(pruner, trials, LADDER, 7, SIMULATIONS);
        for (int r = 0; r < LADDER.size(); r++) {
            // An independent simulation (other seed, 3000 studies) of the real pruner: the plan's 400 simulations
            // must agree within their standard error, about 0.3 trial here.
            double tolerance = 0.03 * sim.evaluated()[r] + 0.3;
            assertEquals(sim.evaluated()[r], plan.evaluated()[r], tolerance,
                    name + " evaluated at rung " + r + ": plan " + Arrays.toString(plan.evaluated()) + " vs simulated "
                            + Arrays.toString(sim.evaluated()));
            assertEquals(sim.stopped()[r], plan.stopped()[r], 0.03 * sim.stopped()[r] + 0.3,
                    name + " stopped at rung " + r + ": plan " + Arrays.toString(plan.stopped()) + " vs simulated "
                            + Arrays.toString(sim.stopped()));
        }
    }

    /**
     * A study of several objectives is judged on the Pareto fronts of each rung (ParetoRungRule: nothing pruned before
     * five trials reported there, never a trial of the first front), which stops fewer trials than one ranking:
     * the plan must count what the engine does, or a Pareto study takes much longer than its estimate.
     */
    @ParameterizedTest
    @CsvSource({"hyperband, 40", "successive-halving, 40", "hyperband, 16"})
    void aStudyOfSeveralObjectivesIsPlannedOnItsParetoRungs(String name, int trials) {
        Pruner pruner = Pruners.create(name, LADDER);
        PrunerPlan one = PrunerPlan.of(pruner, LADDER, 0, trials, 1);
        PrunerPlan three = PrunerPlan.of(pruner, LADDER, 0, trials, 1, 3);
        double stoppedOne = Arrays.stream(one.stopped()).sum();
        double stoppedThree = Arrays.stream(three.stopped()).sum();
        org.junit.jupiter.api.Assertions.assertTrue(stoppedThree < 0.8 * stoppedOne,
                Arrays.toString(three.stopped()) + " vs one objective " + Arrays.toString(one.stopped()));
        org.junit.jupiter.api.Assertions.assertTrue(three.evaluated()[LADDER.size() - 1]
                > one.evaluated()[LADDER.size() - 1]);
        // Below five reports at a rung nothing is judged.
        assertEquals(0, Arrays.stream(PrunerPlan.of(pruner, LADDER, 0, 4, 1, 2).stopped()).sum(), 1e-12);
    }

    @Test
    void hyperbandBracketsAreCountedExactly() {
        HyperbandPruner hb = new HyperbandPruner(4);
        // ladder of 3, eta 4: weights 16:6:3, one cycle of 25 trials puts exactly 16, 6, 3 trials at rungs 0, 1, 2.
        PrunerPlan plan = PrunerPlan.of(hb, LADDER, 0, 25, 1);
        assertEquals(16, plan.evaluated()[0], 1e-9);
        assertEquals("brackets exact, promotions simulated", plan.method());
        assertArrayEquals(new int[]{16, 6, 3}, hb.bracketWeights(3));
    }

    @Test
    void ashaFirstRungIsExact() {
        // Trials arrive at the first rung in random rank order, so arrival i is promoted with probability
        // max(1, floor(i/3))/i: 1, 1/2, 1/3, 1/4, 1/5, 2/6. The plan's simulation must agree with this closed form.
        PrunerPlan plan = PrunerPlan.of(new SuccessiveHalvingPruner(3), LADDER, 0, 6, 1);
        double promoted = 1 + 0.5 + 1.0 / 3 + 0.25 + 0.2 + 2.0 / 6;
        assertEquals(6, plan.evaluated()[0], 1e-12);
        assertEquals(promoted, plan.evaluated()[1], 0.1);
        assertEquals(6 - promoted, plan.stopped()[0], 0.1);
    }

    @Test
    void noPrunerRunsTheFullBudgetOnly() {
        PrunerPlan plan = PrunerPlan.of(Pruners.create("none", LADDER), LADDER, 0, 30, 1);
        assertArrayEquals(new double[]{0, 0, 30}, plan.evaluated(), 1e-12);
        assertArrayEquals(new double[]{0, 0, 0}, plan.stopped(), 1e-12);
        assertEquals("exact", plan.method());
    }

    @Test
    void medianIsSimulatedWithTheRealPruner() {
        Pruner median = Pruners.create("median", LADDER);
        PrunerPlan plan = PrunerPlan.of(median, LADDER, 0, 40, 3);
        PruningForecast.Forecast sim = PruningForecast.forecast(median, 40, LADDER, 3, PruningForecast.SIMULATIONS);
        assertEquals("simulated", plan.method());
        assertArrayEquals(sim.evaluated(), plan.evaluated(), 1e-12);
        assertEquals(40, plan.evaluated()[0], 1e-12);
    }

    @Test
    void aResumedStudyPlansOnlyItsRemainingTrials() {
        Pruner sha = Pruners.create("successive-halving", LADDER);
        PrunerPlan all = PrunerPlan.of(sha, LADDER, 0, 60, 1);
        PrunerPlan first = PrunerPlan.of(sha, LADDER, 0, 20, 1);
        PrunerPlan rest = PrunerPlan.of(sha, LADDER, 20, 60, 1);
        for (int r = 0; r < LADDER.size(); r++) {
            assertEquals(all.evaluated()[r], first.evaluated()[r] + rest.evaluated()[r], 1e-9);
        }
        assertEquals(40, rest.evaluated()[0], 1e-9);
        assertEquals(40, PrunerPlan.of(Pruners.create("none", LADDER), LADDER, 20, 60, 1).evaluated()[2], 1e-12);
        assertEquals(0, PrunerPlan.of(sha, LADDER, 60, 60, 1).expectedEvaluations(), 1e-12);
    }

    /**
     * Which trials a pruner stops depends on the order values arrive in, so one study's runs and complete trials
     * scatter around the plan's expectation: the plan keeps each simulated study for the estimate's range. Without a
     * pruner every study runs the same.
     */
    @Test
    void theSimulatedStudiesSpreadAroundTheExpectation() {
        List<Double> ladder = List.of(0.25, 0.5, 1.0);
        PrunerPlan sha = PrunerPlan.of(Pruners.create("successive-halving", ladder), ladder, 0, 20, 1);
        double[][] scales = sha.runScales();
        assertEquals(PruningForecast.SIMULATIONS, scales.length);
        for (int r = 0; r < ladder.size(); r++) {
            int rung = r;
            double mean = Arrays.stream(scales).mapToDouble(x -> x[rung]).average().orElseThrow();
            assertEquals(1.0, mean, 1e-9, "rung " + r);
        }
        double[] complete = sha.completeTrials();
        assertEquals(sha.evaluated()[2] - sha.stopped()[2], Arrays.stream(complete).average().orElseThrow(), 1e-9);
        double lowest = Arrays.stream(complete).min().orElseThrow();
        double highest = Arrays.stream(complete).max().orElseThrow();
        assertTrue(highest - lowest >= 3, "complete trials " + lowest + ".." + highest);
        double[] lastRung = Arrays.stream(scales).mapToDouble(x -> x[2]).sorted().toArray();
        assertTrue(lastRung[lastRung.length * 9 / 10] / lastRung[lastRung.length / 10] > 1.3,
                "the 90th over the 10th percentile of the last rung's runs: " + lastRung[lastRung.length * 9 / 10]
                        + " / " + lastRung[lastRung.length / 10]);

        PrunerPlan none = PrunerPlan.of(Pruners.create("none", ladder), ladder, 5, 20, 1);
        assertEquals(1, none.runScales().length);
        assertArrayEquals(new double[]{1, 1, 1}, none.runScales()[0], 1e-12);
        assertArrayEquals(new double[]{20}, none.completeTrials(), 1e-12);
    }
}
