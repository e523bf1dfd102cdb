package dev.tuner.tribuo;

import org.tribuo.Trainer;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.regression.baseline.DummyRegressionTrainer;

import java.util.List;
import java.util.Map;

/**
 * The trivial predictor of a task: the majority class, or the mean. A staged study's sanity stage must beat it on
 * the same folds.
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
}
