package dev.tuner.tribuo;

import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model's predictions on the held-out rows, row by row, next to the truth: what the gate needs to compare two
 * models on exactly the same rows (paired statistics) and to recompute any quality metric on any resample of the
 * rows with the definitions of {@link Metrics}. Plain values only, so the gate never touches Tribuo.
 *
 * <p>Classification: {@code truth}, {@code predicted}, per-row {@code scores} and whether they are probabilities.
 * Regression: {@code truthValues} and {@code predictedValues}. Immutable by convention; thread-safe.
 *
 * @param task           classification or regression
 * @param classes        every class of the data, sorted (empty for regression)
 * @param truth          true class per row (classification), else empty
 * @param predicted      predicted class per row (classification), else empty
 * @param scores         score per class per row (classification), else empty
 * @param probabilistic  whether the scores are probabilities (log-loss is reported only then)
 * @param truthValues    true value per row (regression), else empty
 * @param predictedValues predicted value per row (regression), else empty
 */
public record HeldOutPredictions(TaskType task, List<String> classes, List<String> truth, List<String> predicted,
                                 List<Map<String, Double>> scores, boolean probabilistic, double[] truthValues,
                                 double[] predictedValues) {

    /** The held-out rows of {@code ds}, split exactly as {@code tune} and {@code bundle} split them. */
    public static DataSplits splits(DatasetSpec ds, int folds, long seed) {
        if (ds == null || ds.getPath() == null || ds.getTarget() == null || ds.getTarget().isBlank()) {
            throw new InvalidSettingException("dataset", null, "needs {dataset/path} and {dataset/target} for"
                    + " tuner:gate");
        }
        if (!(ds.getTestFraction() > 0 && ds.getTestFraction() < 1)) {
            throw new InvalidSettingException(Setting.of("dataset", "testFraction"), String.valueOf(ds.getTestFraction()),
                    "must be in (0, 1) for tuner:gate: the gate compares models on the held-out rows");
        }
        TabularData data = TabularData.load(ds);
        return new DataSplits(data, ds.getTestFraction(), Math.max(2, folds), seed);
    }

    /**
     * {@code model}'s predictions on the held-out rows of {@code splits}.
     *
     * @throws IllegalArgumentException when the model is of the other task (a classifier for a regression target,
     *                                  or the reverse), which would otherwise fail on a class cast
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static HeldOutPredictions of(Model<?> model, DataSplits splits) {
        TaskType task = splits.data().task();
        boolean fits = task == TaskType.CLASSIFICATION ? model.validate(Label.class) : model.validate(Regressor.class);
        if (!fits) {
            String other = task == TaskType.CLASSIFICATION ? "regression" : "classification";
            throw new IllegalArgumentException("it is a " + other + " model, and '" + splits.data().targetColumn()
                    + "' of " + splits.data().file().getFileName() + " is a "
                    + task.name().toLowerCase(Locale.ROOT) + " target: compare models of the same task");
        }
        Dataset<?> heldOut = splits.heldOutDataset();
        List<? extends Prediction<?>> predictions = ((Model) model).predict((Dataset) heldOut);
        List<Example<?>> examples = new ArrayList<>();
        heldOut.forEach(examples::add);
        if (splits.data().task() == TaskType.CLASSIFICATION) {
            Metrics.requireClasses(predictions);
            List<String> truth = new ArrayList<>();
            List<String> predicted = new ArrayList<>();
            List<Map<String, Double>> scores = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                truth.add(((Label) examples.get(i).getOutput()).getLabel());
                Prediction<Label> p = (Prediction<Label>) predictions.get(i);
                predicted.add(p.getOutput().getLabel());
                Map<String, Double> row = new TreeMap<>();
                p.getOutputScores().forEach((name, label) -> row.put(name, label.getScore()));
                scores.add(row);
            }
            return new HeldOutPredictions(TaskType.CLASSIFICATION, splits.data().classes(), truth, predicted, scores,
                    model.generatesProbabilities(), new double[0], new double[0]);
        }
        double[] truth = new double[examples.size()];
        double[] predicted = new double[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            truth[i] = ((Regressor) examples.get(i).getOutput()).getValues()[0];
            predicted[i] = ((Prediction<Regressor>) predictions.get(i)).getOutput().getValues()[0];
        }
        return new HeldOutPredictions(TaskType.REGRESSION, List.of(), List.of(), List.of(), List.of(), false, truth,
                predicted);
    }

    /** Another model's classification predictions on the same rows (same truth). */
    public HeldOutPredictions withClassPredictions(List<String> otherPredicted, List<Map<String, Double>> otherScores,
                                                   boolean otherProbabilistic) {
        if (task != TaskType.CLASSIFICATION || otherPredicted.size() != rows() || otherScores.size() != rows()) {
            throw new IllegalArgumentException("need " + rows() + " class predictions for a classification task");
        }
        return new HeldOutPredictions(task, classes, truth, List.copyOf(otherPredicted), List.copyOf(otherScores),
                otherProbabilistic, truthValues, predictedValues);
    }

    /** Another model's regression predictions on the same rows (same truth). */
    public HeldOutPredictions withValuePredictions(double[] otherPredicted) {
        if (task != TaskType.REGRESSION || otherPredicted.length != rows()) {
            throw new IllegalArgumentException("need " + rows() + " predicted values for a regression task");
        }
        return new HeldOutPredictions(task, classes, truth, predicted, scores, probabilistic, truthValues,
                otherPredicted.clone());
    }

    public int rows() {
        return task == TaskType.CLASSIFICATION ? truth.size() : truthValues.length;
    }

    /** Whether row {@code i} is predicted correctly (classification only). */
    public boolean correct(int i) {
        return truth.get(i).equals(predicted.get(i));
    }

    /** Every quality metric of {@link Metrics} over all rows. */
    public Map<String, Double> metrics() {
        int[] all = new int[rows()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return metrics(all);
    }

    /**
     * Every quality metric of {@link Metrics} over the rows {@code rows} (indices may repeat: a bootstrap
     * resample), with exactly the definitions that {@code metrics.json} uses.
     */
    public Map<String, Double> metrics(int[] rows) {
        if (task == TaskType.CLASSIFICATION) {
            List<String> t = new ArrayList<>(rows.length);
            List<String> p = new ArrayList<>(rows.length);
            List<Map<String, Double>> s = new ArrayList<>(rows.length);
            for (int r : rows) {
                t.add(truth.get(r));
                p.add(predicted.get(r));
                s.add(scores.get(r));
            }
            return Metrics.classification(t, p, s, classes, probabilistic);
        }
        double[] t = new double[rows.length];
        double[] p = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            t[i] = truthValues[rows[i]];
            p[i] = predictedValues[rows[i]];
        }
        return Metrics.regression(t, p);
    }

    /** Per-row predictions as plain JSON-friendly maps ({@code label} + {@code scores}, or {@code value}). */
    public List<Map<String, Object>> asRecords() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < rows(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            if (task == TaskType.CLASSIFICATION) {
                row.put("label", predicted.get(i));
                row.put("scores", scores.get(i));
            } else {
                row.put("value", predictedValues[i]);
            }
            out.add(row);
        }
        return out;
    }
}
