package dev.tuner.tribuo;

import java.util.stream.Collectors;
import java.util.Set;
import dev.tuner.features.FeatureColumn;
import dev.tuner.features.ColumnKind;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.study.Objective;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.Trainer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in objective: train one {@link TrainerDefinition} on a fold's training rows and measure it on the
 * fold's validation rows (see {@link Metrics} for what is reported). Thread-safe: every evaluation builds its
 * own data sets and trainer.
 */
public final class TribuoObjective implements Objective {
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double NANOS_PER_MILLISECOND = 1e6;

    private final DataSplits splits;
    private final TrainerDefinition trainer;
    private final long seed;
    /** Model choice: the trial's {@code trainer} parameter picks the trainer; null for one trainer. */
    private final TrainerChoice choice;
    /** The data's text columns, whose words the trainers' scaling leaves as they are. */
    private final Set<String> textColumns;

    /**
     * @param seed the seed every trainer is created with, so that a trial's folds and budgets differ only by
     *             their rows
     * @throws IllegalArgumentException when the trainer's task is not the data's
     */
    public TribuoObjective(DataSplits splits, TrainerDefinition trainer, long seed) {
        TaskType dataTask = splits.data().task();
        if (trainer.task() != dataTask) {
            throw new InvalidSettingException("trainer", trainer.name(), "a " + trainer.task() + " trainer, but " + splits.data().file().getFileName() + " column '"
                    + splits.data().targetColumn() + "' is a " + dataTask + " target");
        }
        this.splits = splits;
        this.trainer = trainer;
        this.seed = seed;
        this.choice = null;
        this.textColumns = textColumns(splits);
    }

    private TribuoObjective(DataSplits splits, TrainerChoice choice, long seed) {
        this.splits = splits;
        this.trainer = choice.first();
        this.seed = seed;
        this.choice = choice;
        this.textColumns = textColumns(splits);
    }

    private static Set<String> textColumns(DataSplits splits) {
        return splits.data().encoding().columns().stream().filter(column -> column.kind() == ColumnKind.TEXT)
                .map(FeatureColumn::name).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Model choice: each trial trains the trainer its {@code trainer} parameter names, with that trainer's prefixed
     * parameters (prefix stripped); an empty map means the first trainer's defaults.
     */
    public static TribuoObjective choosing(DataSplits splits, TrainerChoice choice, long seed) {
        return new TribuoObjective(splits, choice, seed);
    }

    /** The model choice, or null for a single trainer. */
    public TrainerChoice choice() {
        return choice;
    }

    @Override
    public Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) {
        return trainAndMeasure(params, splits.trainingDataset(fold, budget), splits.validationDataset(fold));
    }

    /**
     * Refits on every tuning row and measures on the held-out rows: how the tuned parameters (or, with an empty
     * map, the trainer's defaults) do on rows tuning never saw.
     *
     * @throws IllegalStateException when the splits hold out no rows
     */
    public Map<String, Double> evaluateHeldOut(Map<String, Object> params) {
        if (splits.heldOutRows().length == 0) {
            throw new IllegalStateException("no held-out rows: <testFraction> is 0");
        }
        return trainAndMeasure(params, splits.tuningDataset(), splits.heldOutDataset());
    }

    /** The model trained on every tuning row, as the bundle ships it. */
    public Model<?> fit(Map<String, Object> params) {
        return train(create(params), splits.tuningDataset());
    }

    public TrainerDefinition trainer() {
        return trainer;
    }

    public DataSplits splits() {
        return splits;
    }

    private Map<String, Double> trainAndMeasure(Map<String, Object> params, Dataset<?> training,
                                                Dataset<?> evaluation) {
        Trainer<?> created = create(params);
        long start = System.nanoTime();
        Model<?> model = train(created, training);
        long trained = System.nanoTime();
        List<? extends Prediction<?>> predictions = predict(model, evaluation);
        long predicted = System.nanoTime();

        Map<String, Double> metrics = new LinkedHashMap<>(
                Metrics.quality(model, predictions, evaluation, splits.data().classes()));
        metrics.put(Metrics.TRAIN_SECONDS, (trained - start) / NANOS_PER_SECOND);
        Metrics.modelSize(model).ifPresent(bytes -> metrics.put(Metrics.MODEL_SIZE, (double) bytes));
        metrics.put(Metrics.PREDICT_MS_PER_ROW, (predicted - trained) / NANOS_PER_MILLISECOND / evaluation.size());
        return metrics;
    }

    private Trainer<?> create(Map<String, Object> params) {
        if (choice == null) {
            return trainer.create(params, seed, textColumns);
        }
        TrainerChoice.Selected selected = choice.select(params);
        return selected.trainer().create(selected.params(), seed, textColumns);
    }

    // The data set's output type matches the trainer's: the constructor checked the task.
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Model<?> train(Trainer<?> trainer, Dataset<?> dataset) {
        return ((Trainer) trainer).train((Dataset) dataset);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<? extends Prediction<?>> predict(Model<?> model, Dataset<?> dataset) {
        return ((Model) model).predict((Dataset) dataset);
    }
}
