package dev.tuner.estimate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationProbeTest {

    @Test
    void theMachinesSpeedIsTheSpreadOfTheLastWarmUpPasses() {
        // Getting faster, then steady: the early passes (the JIT at work) do not count.
        double steady = CalibrationProbe.plateauLogSd(List.of(900.0, 400.0, 200.0, 101.0, 100.0, 99.0, 100.0));
        assertTrue(steady < 0.02, "steady " + steady);
        // The same work taking 70 to 140 ms: a loaded machine.
        double wobbly = CalibrationProbe.plateauLogSd(List.of(900.0, 400.0, 100.0, 140.0, 70.0, 120.0, 80.0));
        assertTrue(wobbly > 0.25, "wobbly " + wobbly);
        // Too few passes to tell: nothing is assumed.
        assertEquals(0, CalibrationProbe.plateauLogSd(List.of(900.0, 100.0, 140.0)));
    }

    /** The cheapest draw always; the next cheapest while the draws' summed times stay within the allowance. */
    @Test
    void theDrawsTimedAtTheFullBudgetAreTheCheapestTheAllowanceCovers() {
        double[] seconds = {0.4, 0.1, 0.2, 0.3};
        // The average draw takes 0.25.
        assertEquals(List.of(1), CalibrationProbe.fullBudgetDraws(seconds, 0));
        assertEquals(List.of(1, 2), CalibrationProbe.fullBudgetDraws(seconds, 1.3));
        assertEquals(List.of(1, 2, 3), CalibrationProbe.fullBudgetDraws(seconds, 2.5));
        assertEquals(List.of(1, 2, 3, 0), CalibrationProbe.fullBudgetDraws(seconds, 4));
    }
}
