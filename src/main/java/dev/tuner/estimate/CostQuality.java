package dev.tuner.estimate;

import dev.tuner.trial.ObjectiveSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether the costly configurations of the space are the good ones, as far as the probe can tell: the probe times
 * its draws and measures their metric on fold 0 at each of its budgets, so the rank correlation of a draw's cost with
 * its quality says where a sampler that follows quality will spend its trials. A study on a data set where more
 * trees or more depth win drifts to the costly end; one where they overfit, to the cheap end.
 *
 * @param correlation Spearman's rank correlation of cost with quality over the draws, in [-1, 1]; 0 when unknown
 * @param draws       draws it was measured on (0: not measured)
 */
record CostQuality(double correlation, int draws) {

    static final CostQuality UNKNOWN = new CostQuality(0, 0);

    /**
     * @param runs      the probe's timed runs (every draw at every probe budget)
     * @param objective the study's (first) objective: its metric and direction
     */
    static CostQuality of(List<CalibrationProbe.Timed> runs, ObjectiveSpec objective) {
        Map<Integer, Double> cost = new TreeMap<>();
        Map<Double, Map<Integer, Double>> byBudget = new TreeMap<>();
        for (CalibrationProbe.Timed t : runs) {
            cost.merge(t.draw(), t.seconds(), Double::sum);
            Double value = t.metrics() == null ? null : t.metrics().get(objective.metric());
            if (value != null && Double.isFinite(value)) {
                // Higher is better from here on, whatever the direction.
                byBudget.computeIfAbsent(t.budget(), b -> new LinkedHashMap<>())
                        .put(t.draw(), -objective.direction().toLoss(value));
            }
        }
        // A draw's quality: its mean rank among the draws over the budgets that measured every draw.
        Map<Integer, Double> quality = new TreeMap<>();
        int budgets = 0;
        for (Map<Integer, Double> atBudget : byBudget.values()) {
            if (!atBudget.keySet().equals(cost.keySet())) {
                continue;
            }
            budgets++;
            List<Integer> draws = new ArrayList<>(atBudget.keySet());
            double[] ranks = ranks(draws.stream().mapToDouble(atBudget::get).toArray());
            for (int i = 0; i < draws.size(); i++) {
                quality.merge(draws.get(i), ranks[i], Double::sum);
            }
        }
        if (budgets == 0 || cost.size() < 3) {
            return UNKNOWN;
        }
        List<Integer> draws = new ArrayList<>(cost.keySet());
        double[] c = ranks(draws.stream().mapToDouble(cost::get).toArray());
        double[] q = ranks(draws.stream().mapToDouble(quality::get).toArray());
        return new CostQuality(pearson(c, q), draws.size());
    }

    /** Ranks from 1, ties sharing their mean rank. */
    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double[] out = new double[values.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                out[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return out;
    }

    /** Pearson's correlation; 0 when either side does not vary (quality tied across draws says nothing of cost). */
    private static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
    }
}
