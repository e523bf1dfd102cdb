package dev.tuner.tribuo;

import org.tribuo.Trainer;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.regression.baseline.DummyRegressionTrainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trivial predictor of a task: the class frequencies of the training rows (predicting the majority class), or
 * the mean. A staged study's sanity stage must beat it on the same folds.
 */
public final class TrivialTrainer {
    private TrivialTrainer() {
    }

    public static TunableTrainer of(TaskType task) {
        return new TunableTrainer() {
            @Override
            public String name() {
                return task == TaskType.CLASSIFICATION ? "majority-class" : "mean";
            }

            @Override
            public TaskType task() {
                return task;
            }

            @Override
            public List<HyperparameterSpec> hyperparameters() {
                return List.of();
            }

            @Override
            public Trainer<?> create(Map<String, Object> params, long seed) {
                return task == TaskType.CLASSIFICATION ? DummyClassifierTrainer.createMostFrequentTrainer()
                        : DummyRegressionTrainer.createMeanTrainer();
            }
        };
    }

    /**
     * The trivial predictor's metrics on one fold at one budget: for classification every row gets the class
     * frequencies of the fold's training rows at that budget as its probabilities and their most frequent class as
     * its prediction (Tribuo's most-frequent model scores that class 1 and the others 0, so it has no log-loss to
     * beat); for regression, the mean of the training targets.
     */
    public static Map<String, Double> metrics(DataSplits splits, int fold, double budget) {
        TabularData data = splits.data();
        if (data.task() == TaskType.REGRESSION) {
            return new TribuoObjective(splits, TrainerDefinition.of(of(TaskType.REGRESSION)), 0)
                    .evaluate(Map.of(), budget, fold);
        }
        List<String> classes = data.classes();
        Map<String, Double> prior = new LinkedHashMap<>();
        classes.forEach(c -> prior.put(c, 0.0));
        int[] training = splits.trainingRows(fold, budget);
        for (int row : training) {
            prior.merge(data.targetText(row), 1.0 / training.length, Double::sum);
        }
        String majority = classes.stream().max(Comparator.comparingDouble(prior::get)).orElseThrow();
        List<String> truth = new ArrayList<>();
        for (int row : splits.validationRows(fold)) {
            truth.add(data.targetText(row));
        }
        return Metrics.classification(truth, Collections.nCopies(truth.size(), majority),
                Collections.nCopies(truth.size(), Map.copyOf(prior)), classes, true);
    }
}
