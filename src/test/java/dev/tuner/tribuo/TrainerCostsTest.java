package dev.tuner.tribuo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerCostsTest {

    static List<TrainerDefinition> trainers() {
        return TrainerCatalogue.builtIn().all();
    }

    /** Every built-in trainer's drivers are defined on its defaults and on the edges of its suggested space. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("trainers")
    void driversArePositiveOnTheDefaults(TrainerDefinition trainer) {
        List<CostDriver> drivers = trainer.costDrivers(Map.of(), 500, 3);
        drivers.forEach(d -> assertTrue(d.value() > 0 && Double.isFinite(d.exponent()), d.toString()));
        assertEquals(drivers.size(), drivers.stream().map(CostDriver::name).distinct().count());
    }

    private static Map<String, Double> values(String trainer, TaskType task, Map<String, Object> params, int rows,
                                              int classes) {
        return TrainerCatalogue.builtIn().get(trainer, task).costDrivers(params, rows, classes).stream()
                .collect(Collectors.toMap(CostDriver::name, CostDriver::value));
    }

    @Test
    void treesAndEpochsScaleTheirDriverAndDepthIsCappedByTheRows() {
        assertEquals(200.0, values("xgboost", TaskType.CLASSIFICATION, Map.of("numTrees", 200), 1000, 2).get("numTrees"));
        assertEquals(30.0, values("logistic", TaskType.CLASSIFICATION, Map.of("epochs", 30), 1000, 2).get("epochs"));
        // maxDepth 20 cannot grow past log2(100 / 5) = 4.3 levels on 100 rows with leaves of 5.
        Map<String, Object> deep = new HashMap<>(Map.of("maxDepth", 20, "minChildWeight", 5.0));
        assertEquals(Math.log(20) / Math.log(2), values("random-forest", TaskType.CLASSIFICATION, deep, 100, 2)
                .get("depth"), 1e-9);
        // One tree per class and round above two classes.
        assertEquals(10.0, values("xgboost", TaskType.CLASSIFICATION, Map.of(), 1000, 10).get("classes"));
        assertEquals(1.0, values("xgboost", TaskType.CLASSIFICATION, Map.of(), 1000, 2).get("classes"));
    }

    /** A regression has no classes to drive its cost (its calibration line used to show "classes^1.00"). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("regressionTrainers")
    void aRegressionHasNoClassesDriver(String trainer) {
        assertTrue(values(trainer, TaskType.REGRESSION, Map.of(), 1000, 1).keySet().stream()
                .noneMatch("classes"::equals), trainer);
    }

    static List<String> regressionTrainers() {
        return trainers().stream().filter(t -> t.task() == TaskType.REGRESSION).map(TrainerDefinition::name).toList();
    }

    @Test
    void aBoostedClassifiersLearningRateIsADriverButARegressionsIsNot() {
        TrainerDefinition classifier = TrainerCatalogue.builtIn().get("xgboost", TaskType.CLASSIFICATION);
        CostDriver eta = classifier.costDrivers(Map.of("eta", 0.05), 1000, 2).stream()
                .filter(d -> d.name().equals("eta")).findFirst().orElseThrow();
        assertEquals(0.05, eta.value());
        assertTrue(eta.exponent() < 0, "a smaller learning rate grows larger trees for longer");
        assertTrue(values("xgboost", TaskType.REGRESSION, Map.of("eta", 0.05), 1000, 1).keySet().stream()
                .noneMatch("eta"::equals));
    }
}
