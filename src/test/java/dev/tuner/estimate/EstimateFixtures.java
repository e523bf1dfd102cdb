package dev.tuner.estimate;

import java.util.List;

/** Estimates with chosen headline figures, for tests of what reads an estimate. */
final class EstimateFixtures {
    private EstimateFixtures() {
    }

    static Estimate estimate(double expectedSeconds, long peakMemoryBytes) {
        Estimate.Calibration c = new Estimate.Calibration(List.of(), new PowerLaw(1e-4, 1), new PowerLaw(100, 1), 1,
                false, 1, 2, 1, 0.1, 0.1, 0.01, 1 << 20, 1 << 20, 4, 1.0, null, 0, null, null, List.of());
        return new Estimate("s", "cart", "none", "random", 10, 0, 10, 2, 1, 20, 20, 0, expectedSeconds,
                expectedSeconds, expectedSeconds, peakMemoryBytes, 1000, 500, 400, 100, "exact", List.of(), c, 0.01,
                null, null, java.util.Map.of(), List.of(), List.of(), null, false, List.of());
    }
}
