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

    /**
     * A fresh JVM's compilation cost: what the passes before the settled ones took beyond the settled speed. A steady
     * machine's wobble over a long warm-up is not a cost.
     */
    @Test
    void theColdCostIsThePassesBeforeTheSettledOnesBeyondTheSettledSpeed() {
        assertEquals((790 + 290 + 90) / 1000.0,
                CalibrationProbe.coldPassSeconds(List.of(900.0, 400.0, 200.0, 101.0, 100.0, 99.0, 100.0, 101.0)),
                1e-9);
        List<Double> steady = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            steady.add(i % 2 == 0 ? 95.0 : 105.0);
        }
        assertEquals(0, CalibrationProbe.coldPassSeconds(steady), 1e-9);
        assertEquals(0, CalibrationProbe.coldPassSeconds(List.of(100.0, 50.0)));
        assertEquals(0, CalibrationProbe.coldPassSeconds(List.of()));
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

    /**
     * A training that holds 64 MiB while it churns through far more short-lived garbage: its live peak is the 64 MiB
     * it holds, not the garbage a large heap lets build up before a collection (which the pools' peak counts).
     */
    @Test
    void theLivePeakIsWhatATrainingHoldsNotTheGarbageItMakes() throws Exception {
        long mib = 1L << 20;
        Runnable training = () -> {
            byte[][] held = new byte[64][];
            for (int i = 0; i < held.length; i++) {
                held[i] = new byte[(int) mib];
            }
            long sink = 0;
            long end = System.nanoTime() + 400_000_000L;
            while (System.nanoTime() < end) {
                byte[] garbage = new byte[(int) mib];
                sink += garbage.length;
            }
            assertTrue(sink > 0 && held[63].length == mib);
        };
        long live = CalibrationProbe.livePeak(training, 0.4).orElseThrow();
        assertTrue(live > 56 * mib && live < 120 * mib, live / mib + " MiB");
        // A training too short for a collection is repeated until readings come in: it holds nothing.
        long none = CalibrationProbe.livePeak(() -> { }, 0.0).orElseThrow();
        assertTrue(none < 8 * mib, none / mib + " MiB");
    }
}
