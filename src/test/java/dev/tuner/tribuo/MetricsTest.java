package dev.tuner.tribuo;

import dev.tuner.trial.MetricDirections;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void binaryMetricsMatchHandComputedValues() {
        // truth:      a a b b b      (positive class: b, the last in sorted order)
        // predicted:  a b b b a
        // p(b):      .1 .6 .8 .7 .4
        List<String> truth = List.of("a", "a", "b", "b", "b");
        List<String> predicted = List.of("a", "b", "b", "b", "a");
        double[] pb = {0.1, 0.6, 0.8, 0.7, 0.4};
        List<Map<String, Double>> scores = new ArrayList<>();
        for (double p : pb) {
            scores.add(Map.of("a", 1 - p, "b", p));
        }
        Map<String, Double> m = Metrics.classification(truth, predicted, scores, List.of("a", "b"), true);
        assertEquals(0.6, m.get("accuracy"), EPS);
        assertEquals(0.4, m.get("error-rate"), EPS);
        // recall(a) = 1/2, recall(b) = 2/3
        assertEquals((0.5 + 2.0 / 3) / 2, m.get("balanced-accuracy"), EPS);
        // F1(a) = 2*1/(2+1+1) = 0.5; F1(b) = 2*2/(4+1+1) = 2/3
        assertEquals((0.5 + 2.0 / 3) / 2, m.get("macro-f1"), EPS);
        assertEquals(0.6, m.get("micro-f1"), EPS);
        // positives .8 .7 .4 vs negatives .1 .6: pairs won 2 + 2 + 1 = 5 of 6
        assertEquals(5.0 / 6, m.get("auc"), EPS);
        double logLoss = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.8) + Math.log(0.7) + Math.log(0.4)) / 5;
        assertEquals(logLoss, m.get("log-loss"), EPS);
    }

    @Test
    void tiedScoresCountHalfAndZeroProbabilitiesAreClipped() {
        List<String> truth = List.of("n", "y");
        List<Map<String, Double>> scores = List.of(Map.of("y", 1.0, "n", 0.0), Map.of("y", 1.0, "n", 0.0));
        Map<String, Double> m = Metrics.classification(truth, List.of("y", "y"), scores, List.of("n", "y"), true);
        assertEquals(0.5, m.get("auc"), EPS);
        assertEquals(-Math.log(1e-15) / 2, m.get("log-loss"), EPS);
        // Class n is never predicted: F1(n) = 0, F1(y) = 2/3.
        assertEquals(1.0 / 3, m.get("macro-f1"), EPS);
    }

    @Test
    void multiclassHasNoAucAndNonProbabilisticModelsNoLogLoss() {
        List<String> truth = List.of("a", "b", "c");
        List<Map<String, Double>> scores = List.of(Map.of("a", 2.0), Map.of("b", 1.0), Map.of("a", 3.0));
        Map<String, Double> m = Metrics.classification(truth, List.of("a", "b", "a"), scores,
                List.of("a", "b", "c"), false);
        assertFalse(m.containsKey("auc"));
        assertFalse(m.containsKey("log-loss"));
        assertEquals(2.0 / 3, m.get("accuracy"), EPS);
    }

    @Test
    void regressionMetricsMatchHandComputedValues() {
        double[] truth = {1, 2, 3, 4};
        double[] predicted = {1.5, 2, 2, 4};
        Map<String, Double> m = Metrics.regression(truth, predicted);
        // errors -0.5 0 1 0: SSres = 1.25, SStot = 5
        assertEquals(Math.sqrt(1.25 / 4), m.get("rmse"), EPS);
        assertEquals(1.5 / 4, m.get("mae"), EPS);
        assertEquals(1 - 1.25 / 5, m.get("r2"), EPS);
        assertFalse(Metrics.regression(new double[]{2, 2}, new double[]{1, 3}).containsKey("r2"));
    }

    @Test
    void availableMetricsDependOnTheTask() {
        assertTrue(Metrics.available(TaskType.CLASSIFICATION).containsAll(
                List.of("accuracy", "balanced-accuracy", "macro-f1", "micro-f1", "auc", "log-loss", "model-size")));
        assertTrue(Metrics.available(TaskType.REGRESSION).containsAll(
                List.of("rmse", "mae", "r2", "train-seconds", "predict-ms-per-row")));
        assertFalse(Metrics.available(TaskType.REGRESSION).contains("accuracy"));
    }

    /**
     * The engine parses {@code <objective>accuracy</objective>} with {@link MetricDirections}, which must name
     * exactly the metrics a Tribuo objective reports: a metric added here without a direction would be refused.
     */
    @Test
    void everyReportedMetricHasADirectionAndNoOtherDoes() {
        Set<String> reported = new TreeSet<>(Metrics.available(TaskType.CLASSIFICATION));
        reported.addAll(Metrics.available(TaskType.REGRESSION));
        assertEquals(reported, new TreeSet<>(MetricDirections.known()));
    }
}
