package dev.tuner.tribuo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tribuo.Model;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TribuoObjectiveTest {
    private static final TrainerCatalogue CATALOGUE = TrainerCatalogue.builtIn();

    @Test
    void xgboostDefaultsOnBreastCancerHeldOutRows() {
        DataSplits splits = new DataSplits(TestData.breastCancer(), 0.2, 3, 42);
        TribuoObjective objective = new TribuoObjective(splits,
                CATALOGUE.get("xgboost", TaskType.CLASSIFICATION), 42);
        Map<String, Double> metrics = objective.evaluateHeldOut(Map.of());
        System.out.println("breast-cancer xgboost defaults, held out: " + metrics);
        assertEquals(114, splits.heldOutRows().length);
        assertTrue(metrics.get("accuracy") > 0.9, metrics.toString());
        assertTrue(metrics.get("auc") > 0.95, metrics.toString());
        assertTrue(metrics.get("log-loss") < 0.3, metrics.toString());
        assertTrue(metrics.get("model-size") > 0);
        assertTrue(metrics.get("train-seconds") > 0);
        assertTrue(metrics.get("predict-ms-per-row") > 0);
    }

    @Test
    void evaluateTrainsOnTheFoldAtTheBudgetAndReportsEveryApplicableMetric() {
        DataSplits splits = new DataSplits(TestData.breastCancer(), 0.2, 3, 42);
        TribuoObjective objective = new TribuoObjective(splits,
                CATALOGUE.get("logistic", TaskType.CLASSIFICATION), 42);
        Map<String, Double> small = objective.evaluate(Map.of("epochs", 5), 0.1, 0);
        Map<String, Double> full = objective.evaluate(Map.of("epochs", 5), 1.0, 0);
        assertEquals(Metrics.available(TaskType.CLASSIFICATION), full.keySet());
        assertTrue(full.get("accuracy") > 0.9, full.toString());
        assertTrue(small.get("accuracy") > 0.6, small.toString());
    }

    @Test
    void categoricalFeaturesOfCreditGAreLearned() {
        TabularData creditG = TabularData.load(TestData.resource("credit-g.csv"), "label", TaskType.AUTO);
        DataSplits splits = new DataSplits(creditG, 0.2, 2, 42);
        Map<String, Double> metrics = new TribuoObjective(splits,
                CATALOGUE.get("logistic", TaskType.CLASSIFICATION), 42).evaluateHeldOut(Map.of());
        System.out.println("credit-g logistic defaults, held out: " + metrics);
        // 70% of credit-g is "good": a model that learned nothing scores 0.7 at best.
        assertTrue(metrics.get("auc") > 0.7, metrics.toString());
    }

    @Test
    void fitTrainsOnEveryTuningRow() {
        DataSplits splits = new DataSplits(TestData.iris(), 0.2, 2, 42);
        Model<?> model = new TribuoObjective(splits, CATALOGUE.get("cart", TaskType.CLASSIFICATION), 1)
                .fit(Map.of("maxDepth", 3));
        assertEquals(3, model.getOutputIDInfo().size());
        assertEquals(4, model.getFeatureIDMap().size());
    }

    @Test
    void aTrainerOfAnotherTaskIsRejected() {
        DataSplits splits = new DataSplits(TestData.iris(), 0.2, 2, 42);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TribuoObjective(splits, CATALOGUE.get("linear-sgd", TaskType.REGRESSION), 1));
        assertEquals("trainer = linear-sgd: a REGRESSION trainer, but iris.csv column 'label' is a"
                + " CLASSIFICATION target", e.getMessage());
    }

    @Test
    void noHeldOutRowsMeansNoHeldOutEvaluation() {
        DataSplits splits = new DataSplits(TestData.iris(), 0.0, 2, 42);
        TribuoObjective objective = new TribuoObjective(splits, CATALOGUE.get("cart", TaskType.CLASSIFICATION), 1);
        assertThrows(IllegalStateException.class, () -> objective.evaluateHeldOut(Map.of()));
    }

    /**
     * A small budget trains on fewer rows than a k the space allows (the suggested int(1, 30), the estimate's
     * probe draws): every row votes instead of Tribuo's search failing each prediction on null neighbours.
     */
    @ParameterizedTest
    @CsvSource({"l2, false", "l1, false", "cosine, false", "l2, true"})
    void knnWithMoreNeighboursThanTrainingRowsLetsEveryRowVote(String distance, String scale) {
        DataSplits splits = new DataSplits(TestData.iris(), 0.2, 2, 42);
        TribuoObjective objective = new TribuoObjective(splits, CATALOGUE.get("knn", TaskType.CLASSIFICATION), 42);
        double budget = 0.05;
        int rows = splits.trainingRows(0, budget).length;
        Map<String, Object> params = Map.of("k", 30, "distance", distance, "scale", scale);
        assertTrue(rows < 30, "the budget should train on fewer rows than k: " + rows);

        Map<String, Double> capped = objective.evaluate(params, budget, 0);
        Map<String, Double> allRows = objective.evaluate(Map.of("k", rows, "distance", distance, "scale", scale),
                budget, 0);

        assertEquals(allRows.get("accuracy"), capped.get("accuracy"), capped.toString());
    }
}
