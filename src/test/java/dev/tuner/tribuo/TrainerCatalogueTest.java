package dev.tuner.tribuo;

import dev.tuner.space.Distribution;
import dev.tuner.space.SearchSpaceParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Trainer;
import org.tribuo.classification.dtree.CARTClassificationTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerCatalogueTest {
    private static final TrainerCatalogue CATALOGUE = TrainerCatalogue.builtIn();
    /**
     * Least held-out accuracy on iris (45 rows) per trainer, for defaults and midpoint parameters; 0.8 unless
     * noted. Multinomial naive Bayes models counts, which iris measurements are not (0.733 with defaults); the
     * logistic midpoint is Adam at learning rate 0.03 on unscaled features, which underfits in 28 epochs (0.689).
     */
    private static final Map<String, Double> IRIS_FLOOR = Map.of("naive-bayes", 0.7, "logistic", 0.65);

    private static DataSplits iris;
    private static DataSplits linear;

    @BeforeAll
    static void load(@TempDir Path dir) throws Exception {
        iris = new DataSplits(TestData.iris(), 0.3, 2, 42);
        linear = new DataSplits(TabularData.load(TestData.linearRegressionCsv(dir, 300), "y", TaskType.AUTO),
                0.3, 2, 42);
    }

    @Test
    void holdsTheDocumentedTrainers() {
        assertEquals(List.of("logistic", "cart", "random-forest", "extra-trees", "xgboost", "liblinear", "libsvm",
                "naive-bayes", "fm", "knn"), CATALOGUE.names(TaskType.CLASSIFICATION));
        assertEquals(List.of("linear-sgd", "cart", "xgboost", "libsvm"), CATALOGUE.names(TaskType.REGRESSION));
    }

    @Test
    void unknownTrainerListsTheTrainersOfTheTask() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CATALOGUE.get("logistic", TaskType.REGRESSION));
        assertEquals("trainer = logistic: no regression trainer of this name (it is a classification trainer, and "
                + "this data set's task is regression: set dataset/task if the target is read the wrong way); known: "
                + "linear-sgd, cart, xgboost, libsvm, or the class name of a dev.tuner.tribuo.TunableTrainer",
                e.getMessage());
    }

    /** A name of the other task, or in other letters, says so: a bare list hides that the name exists. */
    @Test
    void aNameOfTheOtherTaskOrInCapitalsIsPointedOut() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CATALOGUE.get("linear-sgd",
                TaskType.CLASSIFICATION)).getMessage().startsWith("trainer = linear-sgd: no classification trainer of"
                + " this name (it is a regression trainer, and this data set's task is classification"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CATALOGUE.get("XGBoost",
                TaskType.CLASSIFICATION)).getMessage().startsWith("trainer = XGBoost: no classification trainer of"
                + " this name (names are lower case: did you mean xgboost?)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CATALOGUE.get("xgb",
                TaskType.CLASSIFICATION)).getMessage().startsWith("trainer = xgb: no classification trainer of this"
                + " name; known: "));
    }

    @Test
    void unknownHyperparameterListsTheTrainersHyperparameters() {
        TrainerDefinition xgboost = CATALOGUE.get("xgboost", TaskType.CLASSIFICATION);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> xgboost.checkParameters(Set.of("eta", "foo")));
        assertEquals("searchSpace/foo: trainer 'xgboost' has no hyperparameter 'foo'; it has: numTrees, eta,"
                + " maxDepth, subsample, colsample, minChildWeight, gamma, lambda, alpha, booster", e.getMessage());
    }

    @Test
    void valuesAreConvertedToTheirDeclaredTypeAndDefaultsFillTheRest() {
        TrainerDefinition cart = CATALOGUE.get("cart", TaskType.CLASSIFICATION);
        Map<String, Object> resolved = cart.resolve(Map.of("maxDepth", 4.0, "impurity", "Entropy",
                "minChildWeight", "2.5"));
        assertEquals(4L, resolved.get("maxDepth"));
        assertEquals("entropy", resolved.get("impurity"));
        assertEquals(2.5, resolved.get("minChildWeight"));
        assertEquals(0.0, resolved.get("minImpurityDecrease"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cart.resolve(Map.of("maxDepth", 2.5)));
        assertEquals("hyperparameter 'maxDepth' of trainer 'cart' must be an integer, got 2.5", e.getMessage());
        IllegalArgumentException choice = assertThrows(IllegalArgumentException.class,
                () -> cart.create(Map.of("impurity", "mse"), 1));
        assertEquals("hyperparameter 'impurity' of trainer 'cart' must be one of gini, entropy; got 'mse'",
                choice.getMessage());
    }

    @Test
    void everySuggestedSpaceParsesAndHoldsItsDefault() {
        for (TrainerDefinition trainer : CATALOGUE.all()) {
            for (HyperparameterSpec spec : trainer.hyperparameters()) {
                Distribution d = SearchSpaceParser.parse(spec.name(), spec.suggestedSpace());
                assertTrue(d.contains(spec.defaultValue()), trainer + " " + spec.name() + " default " + spec.defaultValue() + " not in "
                                + spec.suggestedSpace());
            }
        }
    }

    @Test
    void docsListEveryTrainerAndHyperparameter() throws Exception {
        String docs = Files.readString(Path.of("docs/trainers.md"));
        for (TrainerDefinition trainer : CATALOGUE.all()) {
            String heading = "### `" + trainer.name() + "` (" + trainer.task().name().toLowerCase() + ")";
            int section = docs.indexOf(heading);
            assertTrue(section >= 0, "docs/trainers.md lacks " + heading);
            int end = docs.indexOf("\n### ", section + 1);
            String text = docs.substring(section, end < 0 ? docs.length() : end);
            for (HyperparameterSpec spec : trainer.hyperparameters()) {
                String row = "| `" + spec.name() + "` | " + spec.type().name().toLowerCase() + " | `"
                        + spec.defaultValue() + "` | `" + spec.suggestedSpace() + "` | " + accepts(spec) + " |";
                assertTrue(text.contains(row), heading + " lacks the row " + row);
            }
        }
    }

    /** The docs' "accepts" column: the values the trainer takes at all. */
    private static String accepts(HyperparameterSpec spec) {
        return spec.type() == HyperparameterSpec.Type.CHOICE ? "one of " + String.join(", ", spec.choices())
                : spec.range().describe();
    }

    @Test
    void aProjectTrainerJoinsTheCatalogue() {
        TunableTrainer stump = new TunableTrainer() {
            @Override
            public String name() {
                return "stump";
            }

            @Override
            public TaskType task() {
                return TaskType.CLASSIFICATION;
            }

            @Override
            public List<HyperparameterSpec> hyperparameters() {
                return List.of(HyperparameterSpec.integer("depth", 1, "int(1, 3)", "Tree depth."));
            }

            @Override
            public Trainer<?> create(Map<String, Object> params, long seed) {
                return new CARTClassificationTrainer(((Number) params.get("depth")).intValue());
            }
        };
        TrainerCatalogue extended = CATALOGUE.with(stump);
        TrainerDefinition definition = extended.get("stump", TaskType.CLASSIFICATION);
        Map<String, Double> metrics = new TribuoObjective(iris, definition, 1).evaluateHeldOut(Map.of("depth", 2));
        assertTrue(metrics.get("accuracy") > 0.8, metrics.toString());
        assertThrows(IllegalArgumentException.class, () -> CATALOGUE.get("stump", TaskType.CLASSIFICATION));
    }

    @Test
    void everyClassificationTrainerLearnsIris() {
        StringBuilder report = new StringBuilder();
        List<String> failures = new ArrayList<>();
        for (String name : CATALOGUE.names(TaskType.CLASSIFICATION)) {
            TrainerDefinition trainer = CATALOGUE.get(name, TaskType.CLASSIFICATION);
            TribuoObjective objective = new TribuoObjective(iris, trainer, 42);
            double floor = IRIS_FLOOR.getOrDefault(name, 0.8);
            for (Map<String, Object> params : List.of(Map.<String, Object>of(), midpoint(trainer))) {
                Map<String, Double> metrics = objective.evaluateHeldOut(params);
                report.append(String.format("%-14s %-9s accuracy %.3f macro-f1 %.3f train %.3fs size %s%n", name,
                        params.isEmpty() ? "defaults" : "midpoint", metrics.get("accuracy"), metrics.get("macro-f1"),
                        metrics.get("train-seconds"), metrics.get("model-size")));
                if (metrics.get("accuracy") < floor) {
                    failures.add(name + " " + params + " " + metrics);
                }
            }
        }
        System.out.print(report);
        assertEquals(List.of(), failures);
    }

    @Test
    void everyRegressionTrainerFitsALinearFunction() {
        StringBuilder report = new StringBuilder();
        for (String name : CATALOGUE.names(TaskType.REGRESSION)) {
            TrainerDefinition trainer = CATALOGUE.get(name, TaskType.REGRESSION);
            TribuoObjective objective = new TribuoObjective(linear, trainer, 42);
            for (Map<String, Object> params : List.of(Map.<String, Object>of(), midpoint(trainer))) {
                Map<String, Double> metrics = objective.evaluateHeldOut(params);
                report.append(String.format("%-10s %-9s rmse %.3f r2 %.3f%n", name,
                        params.isEmpty() ? "defaults" : "midpoint", metrics.get("rmse"), metrics.get("r2")));
                assertTrue(Double.isFinite(metrics.get("rmse")), name + " " + metrics);
                assertTrue(metrics.get("r2") > 0.5, name + " " + params + " " + metrics);
            }
        }
        System.out.print(report);
    }

    /** The middle of each suggested range, as a sampler would propose it (mid internal value). */
    static Map<String, Object> midpoint(TrainerDefinition trainer) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (HyperparameterSpec spec : trainer.hyperparameters()) {
            Distribution d = SearchSpaceParser.parse(spec.name(), spec.suggestedSpace());
            params.put(spec.name(), d.fromInternal((d.internalLow() + d.internalHigh()) / 2));
        }
        return params;
    }
}
