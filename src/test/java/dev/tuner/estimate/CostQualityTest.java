package dev.tuner.estimate;

import dev.tuner.trial.ObjectiveSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CostQualityTest {

    /** Four draws costing 1..4 seconds per run, at two budgets, with the metric {@code quality(draw)}. */
    private static List<CalibrationProbe.Timed> probe(double[] quality) {
        List<CalibrationProbe.Timed> runs = new ArrayList<>();
        for (double budget : new double[]{0.25, 0.5}) {
            for (int d = 0; d < quality.length; d++) {
                runs.add(new CalibrationProbe.Timed(d, budget, 100, (d + 1) * budget,
                        Map.of("accuracy", quality[d] + budget / 100, "log-loss", 1 - quality[d])));
            }
        }
        return runs;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "accuracy:max, 1.0",  // the costly draws are the accurate ones
            "log-loss:min, 1.0",  // the same draws by a loss: lower is better
            "accuracy:min, -1.0", // asked to minimise accuracy, the cheap draws are the good ones
    })
    void theProbesDrawsTellWhetherCostBuysQuality(String objective, double expected) {
        CostQuality q = CostQuality.of(probe(new double[]{0.70, 0.80, 0.85, 0.90}), ObjectiveSpec.parse(objective));
        assertEquals(expected, q.correlation(), 1e-9);
        assertEquals(4, q.draws());
    }

    @Test
    void qualityTheCostDoesNotOrderGivesNoDrift() {
        assertEquals(0, CostQuality.of(probe(new double[]{0.8, 0.9, 0.9, 0.8}), ObjectiveSpec.parse("accuracy:max"))
                .correlation(), 1e-9);
        // Every draw equally good: nothing to follow.
        assertEquals(0, CostQuality.of(probe(new double[]{0.8, 0.8, 0.8, 0.8}), ObjectiveSpec.parse("accuracy:max"))
                .correlation(), 1e-9);
    }

    @Test
    void withoutTheMetricOrWithTooFewDrawsNothingIsKnown() {
        assertEquals(CostQuality.UNKNOWN, CostQuality.of(probe(new double[]{0.7, 0.8, 0.9}),
                ObjectiveSpec.parse("macro-f1:max")));
        assertEquals(CostQuality.UNKNOWN, CostQuality.of(probe(new double[]{0.7, 0.8}),
                ObjectiveSpec.parse("accuracy:max")));
    }

    @Test
    void tiesShareTheirMeanRank() {
        assertArrayEquals(new double[]{1, 2.5, 2.5, 4}, CostQuality.ranks(new double[]{0.1, 0.5, 0.5, 0.9}), 1e-12);
    }
}
