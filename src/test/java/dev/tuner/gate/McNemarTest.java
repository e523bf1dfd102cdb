package dev.tuner.gate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** McNemar's test against values computed by hand from its definition. */
class McNemarTest {

    @Test
    void smallCountsUseTheExactBinomial() {
        // b = 1, c = 9: n = 10, P(X <= 1) = (C(10,0) + C(10,1)) / 2^10 = 11 / 1024; two-sided: 22 / 1024.
        McNemar t = McNemar.test(1, 9);
        assertEquals("exact", t.method());
        assertEquals(22.0 / 1024, t.pValue(), 1e-12);
        assertTrue(t.candidateSignificantlyWorse(0.05));
        assertFalse(t.candidateSignificantlyWorse(0.01));
    }

    @Test
    void exactIsSymmetricAndCappedAtOne() {
        assertEquals(McNemar.test(9, 1).pValue(), McNemar.test(1, 9).pValue(), 0);
        // b = c = 3: 2 * P(X <= 3) with n = 6 = 2 * 42/64 > 1, capped.
        assertEquals(1.0, McNemar.test(3, 3).pValue(), 0);
        // b = 0, c = 5: 2 / 32.
        assertEquals(2.0 / 32, McNemar.test(0, 5).pValue(), 1e-12);
        assertFalse(McNemar.test(5, 0).candidateSignificantlyWorse(0.5), "the candidate is better, not worse");
    }

    @Test
    void largeCountsUseChiSquareWithContinuityCorrection() {
        // b = 10, c = 30: (|10 - 30| - 1)^2 / 40 = 361 / 40 = 9.025; p = P(chi2_1 > 9.025) = erfc(sqrt(9.025 / 2)).
        McNemar t = McNemar.test(10, 30);
        assertEquals("chi-square", t.method());
        assertEquals(org.apache.commons.math3.special.Erf.erfc(Math.sqrt(9.025 / 2)), t.pValue(), 1e-9);
        assertEquals(0.002663, t.pValue(), 1e-6);
        // b = 20, c = 20: statistic (0 - 1)^2 clipped to 0: p = 1.
        assertEquals(1.0, McNemar.test(20, 20).pValue(), 1e-12);
        // b = 12, c = 13 (n = 25, the first chi-square case): (1 - 1)^2 / 25 = 0, p = 1.
        assertEquals("chi-square", McNemar.test(12, 13).method());
    }

    @Test
    void noDiscordantRowMeansNoEvidence() {
        assertEquals(1.0, McNemar.test(0, 0).pValue());
        assertThrows(IllegalArgumentException.class, () -> McNemar.test(-1, 2));
    }
}
