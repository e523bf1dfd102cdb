package dev.tuner.report;

import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import dev.tuner.tribuo.SurrogateForest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Permutation importance on a random-forest surrogate: fit a forest on (parameters -> one objective) of the
 * complete trials, then, per parameter, shuffle that parameter's column and measure how much the surrogate's mean
 * squared error grows. A parameter the objective does not depend on can be shuffled at no cost. The increases are
 * averaged over several shuffles and normalised to sum to 1.
 */
public final class ParameterImportance {
    /** Fewer complete trials than this give no meaningful surrogate. */
    public static final int MINIMUM_TRIALS = 8;
    static final int TREES = 64;
    static final int REPEATS = 5;
    public static final String METHOD = "permutation importance on a random-forest surrogate ("
            + TREES + " CART regression trees, Tribuo) fitted on parameters -> each objective of the complete trials;"
            + " mean increase of the surrogate's squared error over " + REPEATS
            + " shuffles of each parameter, normalised to sum to 1";

    private ParameterImportance() {
    }

    /**
     * Importance per parameter (summing to 1, or all 0 when the objective is constant), in the order of
     * {@code data.parameterNames()}; empty when there are too few complete trials.
     */
    public static Map<String, Double> compute(ReportData data, long seed) {
        return compute(data, 0, seed);
    }

    /** Importance for the objective at index {@code objective} (0 is the first), as {@link #compute(ReportData, long)}. */
    public static Map<String, Double> compute(ReportData data, int objective, long seed) {
        List<String> names = data.parameterNames();
        List<Trial> complete = data.result().trials().stream().filter(t -> t.state() == TrialState.COMPLETE)
                .filter(t -> t.values().size() > objective)
                .filter(t -> names.stream().allMatch(t.params()::containsKey)).toList();
        if (complete.size() < MINIMUM_TRIALS || names.isEmpty()) {
            return Map.of();
        }
        ParameterEncoding encoding = new ParameterEncoding(data);
        // A value the encoding cannot place (a choice no longer in the space) or a non-finite objective would be an
        // invalid feature or target for the surrogate: such trials are left out rather than failing the report.
        List<double[]> rows = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        for (Trial t : complete) {
            double[] row = encoding.row(t);
            double value = t.values().get(objective);
            if (Double.isFinite(value) && Arrays.stream(row).allMatch(Double::isFinite)) {
                rows.add(row);
                targets.add(value);
            }
        }
        if (rows.size() < MINIMUM_TRIALS) {
            return Map.of();
        }
        double[][] x = rows.toArray(double[][]::new);
        double[] y = targets.stream().mapToDouble(Double::doubleValue).toArray();
        SurrogateForest forest = SurrogateForest.fit(names, x, y, TREES, seed);
        double base = mse(forest, x, y);
        Random random = new Random(seed);
        double[] increase = new double[names.size()];
        for (int j = 0; j < names.size(); j++) {
            double sum = 0;
            for (int r = 0; r < REPEATS; r++) {
                double[][] shuffled = copy(x);
                List<Double> column = new ArrayList<>();
                for (double[] row : x) {
                    column.add(row[j]);
                }
                Collections.shuffle(column, random);
                for (int i = 0; i < shuffled.length; i++) {
                    shuffled[i][j] = column.get(i);
                }
                sum += mse(forest, shuffled, y) - base;
            }
            increase[j] = Math.max(0, sum / REPEATS);
        }
        double total = 0;
        for (double v : increase) {
            total += v;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) {
            out.put(names.get(j), total > 0 ? increase[j] / total : 0.0);
        }
        return out;
    }

    private static double mse(SurrogateForest forest, double[][] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = forest.predict(x[i]) - y[i];
            sum += d * d;
        }
        return sum / x.length;
    }

    private static double[][] copy(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
        }
        return out;
    }
}
