package dev.tuner.tribuo;

import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The metrics a Tribuo objective reports. Directions are in {@code dev.tuner.trial.MetricDirections}.
 *
 * <p>Classification, over the evaluated rows:
 * <ul>
 *   <li>{@code accuracy}, {@code error-rate} (1 - accuracy);</li>
 *   <li>{@code balanced-accuracy}: the mean, over the classes present in the truth, of each class's recall;</li>
 *   <li>{@code macro-f1}: the mean F1 over the classes that occur in the truth or the predictions (a class never
 *       predicted counts as F1 = 0); {@code micro-f1}: F1 of the pooled counts, which equals accuracy for
 *       single-label data;</li>
 *   <li>{@code auc}: binary data only: area under the ROC curve of the positive class's score, ties counted half;
 *       the positive class is the last class in sorted order (e.g. {@code malignant} of benign/malignant,
 *       {@code 1} of 0/1); absent when the rows hold a single class;</li>
 *   <li>{@code log-loss}: only for models that generate probabilities: the mean of -ln p(true class), p clipped
 *       to [1e-15, 1].</li>
 * </ul>
 * Regression: {@code rmse}, {@code mae}, {@code r2} (1 - SSres/SStot; absent when the truth is constant).
 * Resources (added by {@link TribuoObjective}): {@code train-seconds}; {@code model-size}, the bytes of the model's
 * protobuf form, absent for a model that cannot serialize; {@code predict-ms-per-row}.
 */
public final class Metrics {
    public static final String ACCURACY = "accuracy";
    public static final String ERROR_RATE = "error-rate";
    public static final String BALANCED_ACCURACY = "balanced-accuracy";
    public static final String MACRO_F1 = "macro-f1";
    public static final String MICRO_F1 = "micro-f1";
    public static final String AUC = "auc";
    public static final String LOG_LOSS = "log-loss";
    public static final String RMSE = "rmse";
    public static final String MAE = "mae";
    public static final String R2 = "r2";
    public static final String TRAIN_SECONDS = "train-seconds";
    public static final String MODEL_SIZE = "model-size";
    public static final String PREDICT_MS_PER_ROW = "predict-ms-per-row";

    private static final double MIN_PROBABILITY = 1e-15;
    private static final List<String> RESOURCES = List.of(TRAIN_SECONDS, MODEL_SIZE, PREDICT_MS_PER_ROW);

    private Metrics() {
    }

    /** Every metric an objective of this task may report (some only where they apply, see the class doc). */
    public static Set<String> available(TaskType task) {
        Set<String> out = new LinkedHashSet<>();
        switch (task) {
            case CLASSIFICATION -> out.addAll(List.of(ACCURACY, ERROR_RATE, BALANCED_ACCURACY, MACRO_F1, MICRO_F1,
                    AUC, LOG_LOSS));
            case REGRESSION -> out.addAll(List.of(RMSE, MAE, R2));
            default -> throw new IllegalArgumentException("metrics depend on the task; resolve " + task + " first");
        }
        out.addAll(RESOURCES);
        return out;
    }

    /** The metrics a study of {@code data} may report: its task's, and {@code auc} only for two classes. */
    public static Set<String> available(TabularData data) {
        Set<String> out = available(data.task());
        if (data.task() == TaskType.CLASSIFICATION && data.classes().size() != 2) {
            out.remove(AUC);
        }
        return out;
    }

    /**
     * Quality metrics of single-label predictions.
     *
     * @param truth     the true class of each row
     * @param predicted the predicted class of each row
     * @param scores    each row's score per class; for log-loss these must be probabilities
     * @param classes   every class of the data, sorted; with two classes the last is the positive one
     * @param probabilistic whether {@code scores} are probabilities (log-loss is reported only then)
     */
    public static Map<String, Double> classification(List<String> truth, List<String> predicted,
                                                     List<Map<String, Double>> scores, List<String> classes,
                                                     boolean probabilistic) {
        int n = truth.size();
        if (n == 0 || predicted.size() != n || scores.size() != n) {
            throw new IllegalArgumentException("need the same positive number of truths, predictions and scores");
        }
        Set<String> observed = new LinkedHashSet<>(truth);
        observed.addAll(predicted);
        int correct = 0;
        Map<String, int[]> counts = new LinkedHashMap<>(); // class -> {true positives, false positives, false negatives}
        observed.forEach(c -> counts.put(c, new int[3]));
        for (int i = 0; i < n; i++) {
            String t = truth.get(i);
            String p = predicted.get(i);
            if (t.equals(p)) {
                correct++;
                counts.get(t)[0]++;
            } else {
                counts.get(p)[1]++;
                counts.get(t)[2]++;
            }
        }
        double accuracy = (double) correct / n;
        double recallSum = 0;
        int truthClasses = 0;
        double f1Sum = 0;
        for (int[] c : counts.values()) {
            int tp = c[0];
            int fp = c[1];
            int fn = c[2];
            if (tp + fn > 0) {
                recallSum += (double) tp / (tp + fn);
                truthClasses++;
            }
            f1Sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(ACCURACY, accuracy);
        out.put(ERROR_RATE, 1 - accuracy);
        out.put(BALANCED_ACCURACY, recallSum / truthClasses);
        out.put(MACRO_F1, f1Sum / counts.size());
        // Every wrong prediction is one false positive and one false negative, so micro precision = recall = accuracy.
        out.put(MICRO_F1, accuracy);
        if (classes.size() == 2) {
            String positive = classes.get(1);
            double[] positiveScores = scores.stream().mapToDouble(s -> s.getOrDefault(positive, 0.0)).toArray();
            boolean[] isPositive = new boolean[n];
            for (int i = 0; i < n; i++) {
                isPositive[i] = truth.get(i).equals(positive);
            }
            double auc = auc(positiveScores, isPositive);
            if (!Double.isNaN(auc)) {
                out.put(AUC, auc);
            }
        }
        if (probabilistic) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double p = scores.get(i).getOrDefault(truth.get(i), 0.0);
                sum -= Math.log(Math.min(1, Math.max(MIN_PROBABILITY, p)));
            }
            out.put(LOG_LOSS, sum / n);
        }
        return out;
    }

    /** Mann-Whitney form of the ROC area: the chance a positive outscores a negative, ties counting half. */
    static double auc(double[] scores, boolean[] isPositive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (isPositive[order[k]]) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    public static Map<String, Double> regression(double[] truth, double[] predicted) {
        int n = truth.length;
        if (n == 0 || predicted.length != n) {
            throw new IllegalArgumentException("need the same positive number of truths and predictions");
        }
        double mean = Arrays.stream(truth).average().orElseThrow();
        double squared = 0;
        double absolute = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double error = truth[i] - predicted[i];
            squared += error * error;
            absolute += Math.abs(error);
            total += (truth[i] - mean) * (truth[i] - mean);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(RMSE, Math.sqrt(squared / n));
        out.put(MAE, absolute / n);
        if (total > 0) {
            out.put(R2, 1 - squared / total);
        }
        return out;
    }

    /** Quality metrics of {@code model} on {@code dataset}, whose outputs are the truth. */
    @SuppressWarnings("unchecked")
    static Map<String, Double> quality(Model<?> model, List<? extends Prediction<?>> predictions, Dataset<?> dataset,
                                       List<String> classes) {
        List<Example<?>> examples = new ArrayList<>();
        dataset.forEach(examples::add);
        if (dataset.getOutputFactory().getUnknownOutput() instanceof Label) {
            requireClasses(predictions);
            List<String> truth = new ArrayList<>();
            List<String> predicted = new ArrayList<>();
            List<Map<String, Double>> scores = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                truth.add(((Label) examples.get(i).getOutput()).getLabel());
                Prediction<Label> prediction = (Prediction<Label>) predictions.get(i);
                predicted.add(prediction.getOutput().getLabel());
                Map<String, Double> rowScores = new LinkedHashMap<>();
                prediction.getOutputScores().forEach((name, label) -> rowScores.put(name, label.getScore()));
                scores.add(rowScores);
            }
            return classification(truth, predicted, scores, classes, model.generatesProbabilities());
        }
        double[] truth = new double[examples.size()];
        double[] predicted = new double[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            truth[i] = ((Regressor) examples.get(i).getOutput()).getValues()[0];
            predicted[i] = ((Prediction<Regressor>) predictions.get(i)).getOutput().getValues()[0];
        }
        return regression(truth, predicted);
    }

    /**
     * Fails when a classification model predicts no class for some rows. Tribuo's linear and factorization
     * models predict the class of the highest score; when training diverged every score is NaN and no class wins.
     *
     * @throws IllegalArgumentException saying how many rows have no class, and why
     */
    static void requireClasses(List<? extends Prediction<?>> predictions) {
        long none = predictions.stream().filter(p -> p.getOutput() == null
                || ((Label) p.getOutput()).getLabel() == null).count();
        if (none > 0) {
            throw new IllegalArgumentException("the model predicts no class for " + none + " of "
                    + predictions.size() + " rows (its scores are NaN): training diverged with these parameters; "
                    + "for an SGD trainer a smaller learningRate or scale=true avoids it");
        }
    }

    /** Bytes of the model's protobuf form, or empty for a model that cannot serialize. */
    static OptionalLong modelSize(Model<?> model) {
        try {
            return OptionalLong.of(model.serialize().toByteArray().length);
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
