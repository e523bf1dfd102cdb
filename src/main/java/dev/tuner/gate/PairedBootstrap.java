package dev.tuner.gate;

import dev.tuner.tribuo.HeldOutPredictions;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded paired bootstrap of {@code candidate - baseline}: each resample draws the held-out rows with
 * replacement, once, and computes every metric for both models on those same rows (so the rows' difficulty
 * cancels out of the difference). The interval is the percentile interval of the resampled differences at the
 * given confidence, {@code [q(a/2), q(1 - a/2)]} with linear interpolation between order statistics.
 *
 * <p>A resample where a metric is undefined for one of the models (AUC of a resample holding one class, r2 of a
 * constant truth) is left out for that metric; an interval needs at least half of the resamples.
 */
public final class PairedBootstrap {
    private PairedBootstrap() {
    }

    /** The interval of one metric's change. */
    public record Interval(double lower, double upper, double confidence, int resamples) {
    }

    /**
     * @param metrics      the metrics to resample
     * @param resamples    how many resamples
     * @param seed         the same seed gives the same intervals
     * @param significance {@code a}: the interval's confidence is {@code 1 - a}
     * @return metric to interval, for the metrics with enough defined resamples
     */
    public static Map<String, Interval> intervals(HeldOutPredictions candidate, HeldOutPredictions baseline,
                                                  Collection<String> metrics, int resamples, long seed,
                                                  double significance) {
        int n = candidate.rows();
        if (baseline.rows() != n) {
            throw new IllegalArgumentException("paired bootstrap needs the same rows: " + n + " vs " + baseline.rows());
        }
        Map<String, double[]> diffs = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String m : metrics) {
            diffs.put(m, new double[resamples]);
            counts.put(m, 0);
        }
        if (n == 0 || metrics.isEmpty()) {
            return Map.of();
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] rows = new int[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                rows[i] = random.nextInt(n);
            }
            Map<String, Double> c = candidate.metrics(rows);
            Map<String, Double> r = baseline.metrics(rows);
            for (String m : metrics) {
                Double cv = c.get(m);
                Double rv = r.get(m);
                if (cv != null && rv != null && !cv.isNaN() && !rv.isNaN()) {
                    int k = counts.get(m);
                    diffs.get(m)[k] = cv - rv;
                    counts.put(m, k + 1);
                }
            }
        }
        Map<String, Interval> out = new LinkedHashMap<>();
        for (String m : metrics) {
            int k = counts.get(m);
            if (k * 2 < resamples) {
                continue;
            }
            double[] d = Arrays.copyOf(diffs.get(m), k);
            Arrays.sort(d);
            out.put(m, new Interval(quantile(d, significance / 2), quantile(d, 1 - significance / 2),
                    1 - significance, k));
        }
        return out;
    }

    /** The {@code q}-quantile of sorted values, interpolating linearly between order statistics (type 7). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
