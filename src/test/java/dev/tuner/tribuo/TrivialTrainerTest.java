package dev.tuner.tribuo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrivialTrainerTest {

    /** Iris has 50 rows of each class: the class frequencies are a third each, whatever the fold. */
    @Test
    void classFrequenciesGiveTheClassEntropyAsLogLoss() {
        DataSplits splits = new DataSplits(TestData.iris(), 0.2, 3, 42);
        for (int fold = 0; fold < 3; fold++) {
            Map<String, Double> metrics = TrivialTrainer.metrics(splits, fold, 1.0);
            assertEquals(Math.log(3), metrics.get(Metrics.LOG_LOSS), 0.02, metrics.toString());
            assertEquals(1.0 / 3, metrics.get(Metrics.ACCURACY), 0.05, metrics.toString());
        }
    }

    /** Breast cancer is 63% benign: the baseline's accuracy is the majority's share, its log-loss finite. */
    @Test
    void anImbalancedBaselineHasTheMajoritysAccuracyAndAFiniteLogLoss() {
        DataSplits splits = new DataSplits(TestData.breastCancer(), 0.2, 3, 42);
        Map<String, Double> metrics = TrivialTrainer.metrics(splits, 0, 0.3);
        double p = 357.0 / 569;
        double entropy = -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
        assertEquals(p, metrics.get(Metrics.ACCURACY), 0.02, metrics.toString());
        assertEquals(entropy, metrics.get(Metrics.LOG_LOSS), 0.02, metrics.toString());
        assertEquals(0.5, metrics.get(Metrics.AUC), 1e-9, metrics.toString());
    }

    @Test
    void regressionPredictsTheMean(@TempDir Path dir) throws IOException {
        Path csv = TestData.linearRegressionCsv(dir, 300);
        Map<String, Double> metrics = TrivialTrainer.metrics(
                new DataSplits(TabularData.load(csv, "y", TaskType.REGRESSION), 0.2, 3, 42), 0, 1.0);
        assertTrue(Math.abs(metrics.get("r2")) < 0.05, metrics.toString());
    }
}
