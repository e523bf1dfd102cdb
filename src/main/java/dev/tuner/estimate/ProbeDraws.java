package dev.tuner.estimate;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which configurations the probe times: {@code count} of the candidates, from the cheapest to the costliest by the
 * drivers' prior exponents (at evenly spaced cost quantiles from the 5th to the 95th percentile), so that the probe
 * sees the range of cost the study will meet and the model can tell the drivers' effect from the rows'.
 *
 * <p>Within a window around each quantile the draw is the candidate that adds most to what the draws say about the
 * drivers one by one (D-optimal: the largest determinant of the draws' information matrix over their standardised log
 * drivers). Draws picked by cost alone move every driver together (few shallow trees, then many deep ones), so the fit
 * can only tell their product: how the cost splits between them is then left to the priors, and a study whose sampler
 * goes where one driver is high and another low (many shallow trees) is priced by the prior's split. Draws of similar
 * cost that differ in how they get there (many shallow trees beside few deep ones) let the probe's own times say.
 */
final class ProbeDraws {
    /** Half-width of the window around each draw's cost quantile, as a share of the spacing between the quantiles. */
    static final double WINDOW_SHARE = 0.3;
    /** Ridge of the information matrix: a design with fewer draws than drivers still has a determinant. */
    private static final double RIDGE = 0.1;

    private ProbeDraws() {
    }

    static List<Map<String, Object>> choose(List<Map<String, Object>> candidates, CostDrivers drivers, int rows,
                                            int count) {
        List<Map<String, Object>> sorted = new ArrayList<>(candidates);
        Map<Map<String, Object>, Double> prior = new IdentityHashMap<>();
        for (Map<String, Object> c : sorted) {
            prior.put(c, drivers.of(c, rows).stream().mapToDouble(d -> d.prior() * Math.log(d.value())).sum());
        }
        sorted.sort(Comparator.comparingDouble(prior::get));
        double[][] x = standardisedLogDrivers(sorted, drivers, rows);
        int n = sorted.size();
        double spacing = count <= 1 ? 0 : 0.9 / (count - 1);
        int half = (int) Math.floor(WINDOW_SHARE * spacing * (n - 1));
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int centre = (int) Math.round((count == 1 ? 0.5 : 0.05 + spacing * i) * (n - 1));
            int best = centre;
            // The cheapest draw stays at its quantile: it is also timed at the full budget, where it should be cheap.
            if (i > 0 && x.length > 0 && x[0].length > 0) {
                double bestScore = Double.NEGATIVE_INFINITY;
                // Nearest the quantile first, so that a tie keeps the draw there.
                for (int step = 0; step <= 2 * half; step++) {
                    int c = centre + (step % 2 == 0 ? step / 2 : -(step + 1) / 2);
                    if (c < 0 || c >= n || chosen.contains(c)) {
                        continue;
                    }
                    double score = logDetInformation(x, chosen, c);
                    if (score > bestScore + 1e-9) {
                        bestScore = score;
                        best = c;
                    }
                }
            }
            chosen.add(best);
        }
        return chosen.stream().map(sorted::get).toList();
    }

    /**
     * Per candidate, the log of each driver that varies over the candidates, centred and scaled to unit variance;
     * drivers that do not vary (fixed parameters, the classes) have no column.
     */
    private static double[][] standardisedLogDrivers(List<Map<String, Object>> candidates, CostDrivers drivers,
                                                     int rows) {
        int n = candidates.size();
        // By name: in a model choice each trainer has its own drivers, and a driver a candidate lacks counts as 1.
        Map<String, double[]> byName = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            for (CostModel.Driver d : drivers.of(candidates.get(i), rows)) {
                byName.computeIfAbsent(d.name(), k -> new double[n])[i] = Math.log(d.value());
            }
        }
        List<double[]> columns = new ArrayList<>();
        for (double[] column : byName.values()) {
            double mean = Arrays.stream(column).average().orElse(0);
            double variance = Arrays.stream(column).map(v -> (v - mean) * (v - mean)).sum() / n;
            if (variance > 1e-12) {
                double sd = Math.sqrt(variance);
                columns.add(Arrays.stream(column).map(v -> (v - mean) / sd).toArray());
            }
        }
        double[][] out = new double[n][columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            for (int i = 0; i < n; i++) {
                out[i][j] = columns.get(j)[i];
            }
        }
        return out;
    }

    /**
     * Log determinant of {@code RIDGE * I + sum of z z^T} over the chosen candidates and {@code extra}, where
     * {@code z = (1, x)}: the cost model has an intercept, so what the draws tell of a driver is how they differ in
     * it, not how far they sit from the candidates' mean. Without the intercept, draws all at one end of a driver
     * (three boosters at the lowest learning rate, where the costly quantiles put them) scored as informative as draws
     * at both ends, and the fit left that driver to its prior.
     */
    private static double logDetInformation(double[][] x, List<Integer> chosen, int extra) {
        int p = x[0].length + 1;
        DMatrixRMaj information = CommonOps_DDRM.identity(p);
        CommonOps_DDRM.scale(RIDGE, information);
        List<Integer> design = new ArrayList<>(chosen);
        design.add(extra);
        for (int c : design) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    information.add(a, b, (a == 0 ? 1 : x[c][a - 1]) * (b == 0 ? 1 : x[c][b - 1]));
                }
            }
        }
        return Math.log(CommonOps_DDRM.det(information));
    }
}
