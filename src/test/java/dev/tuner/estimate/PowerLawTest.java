package dev.tuner.estimate;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PowerLawTest {

    @Test
    void recoversAnExactPowerLaw() {
        double[] x = {100, 200, 400, 800};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 0.002 * Math.pow(x[i], 1.3);
        }
        PowerLaw law = PowerLaw.fit(x, y);
        assertEquals(0.002, law.a(), 1e-9);
        assertEquals(1.3, law.b(), 1e-9);
        assertEquals(0.002 * Math.pow(5000, 1.3), law.at(5000), 1e-6);
    }

    @Test
    void multiplicativeNoiseAveragesOutInLogSpace() {
        Random random = new Random(1);
        int n = 400;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 50 + random.nextInt(5000);
            y[i] = 3e-5 * x[i] * Math.exp(0.1 * random.nextGaussian());
        }
        PowerLaw law = PowerLaw.fit(x, y);
        assertEquals(1.0, law.b(), 0.03);
        assertEquals(3e-5 * 10_000, law.at(10_000), 3e-5 * 10_000 * 0.1);
    }

    @Test
    void oneDistinctSizeTakesTimeProportionalToRows() {
        PowerLaw law = PowerLaw.fit(new double[]{100, 100}, new double[]{1.0, 3.0});
        assertEquals(1.0, law.b());
        assertEquals(2 * Math.sqrt(3), law.at(200), 1e-9);
    }

    /** Heap read in allocation chunks (1 byte or 4 MiB) as a custom objective's probe gave it. */
    @Test
    void coarseReadingsFitNoWildExponentWhenBounded() {
        double[] rows = {50, 125, 200, 250, 500};
        double[] heap = {1, 1, 4194304, 4194304, 4194304};
        assertTrue(PowerLaw.fit(rows, heap).b() > 4, "unbounded, the fit follows the chunks");
        PowerLaw bounded = PowerLaw.fitBounded(rows, heap, 0, 2);
        assertEquals(2.0, bounded.b());
        assertTrue(bounded.at(1000) < 4194304.0 * 4, "at most quadratic beyond the largest probe: " + bounded.at(1000));
    }

    @Test
    void rejectsNonPositiveAndMismatchedInput() {
        assertThrows(IllegalArgumentException.class, () -> PowerLaw.fit(new double[]{1, 2}, new double[]{1, 0}));
        assertThrows(IllegalArgumentException.class, () -> PowerLaw.fit(new double[]{1, 2}, new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> PowerLaw.fit(new double[]{}, new double[]{}));
    }
}
