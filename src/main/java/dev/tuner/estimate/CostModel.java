package dev.tuner.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seconds of one training as a function of its rows and of its cost drivers (the hyperparameters that multiply the
 * work: trees, depth, epochs, classes...):
 * {@code log seconds = c + b log rows + sum_j w_j log driver_j + g (log rows - mean log rows) (z - mean z)},
 * fitted by least squares on the probe's runs, where {@code z = sum_j prior_j log driver_j} ranks a configuration's
 * cost by the trainer's declared exponents.
 *
 * <p>The last term lets costly configurations grow faster with rows than cheap ones: a training is a fixed part
 * (building the data set, predicting the validation rows, a booster's set-up) that grows slowly with rows, plus the
 * work the drivers multiply, which grows faster; the cheap configurations are mostly the first, the costly mostly the
 * second. One rows exponent for all bends towards whichever the probe timed most at its largest rows, and prices the
 * others wrong there ({@code ProbeDrawsTest}).
 *
 * <p>Each exponent is shrunk towards the prior the trainer declares (ridge penalty {@link #DRIVER_PENALTY} on
 * {@code w_j - prior_j}, {@link #ROWS_PENALTY} on {@code b - 1}, {@link #INTERACTION_PENALTY} on {@code g}): a
 * handful of probe runs cannot pin five exponents, and a driver the probe did not vary (fixed by {@code <params>}, or
 * absent from the space) must keep a sensible exponent rather than an arbitrary one. With many runs spread over a
 * driver the data outweigh the prior.
 *
 * @param drivers         driver names, in the order of {@code exponents}
 * @param intercept       {@code c}
 * @param rowsExponent    {@code b}: the rows exponent of a configuration of average cost among the probe's
 * @param exponents       {@code w_j}
 * @param residualSd      standard deviation of the residuals (log seconds): the run-to-run scatter the model
 *                        does not explain
 * @param rowsExponentSe  standard error of {@code b}, what extrapolating to more rows risks
 * @param rowsByCost      {@code g}: how much the rows exponent rises per unit of {@code z}
 * @param meanLogRows     the mean log rows of the probe's runs
 * @param meanCost        the mean {@code z} of the probe's runs
 */
public record CostModel(List<String> drivers, double intercept, double rowsExponent, double[] exponents,
                        double residualSd, double rowsExponentSe, double rowsByCost, double meanLogRows,
                        double meanCost) {

    /** A model in which every configuration grows alike with rows. */
    public CostModel(List<String> drivers, double intercept, double rowsExponent, double[] exponents,
                     double residualSd, double rowsExponentSe) {
        this(drivers, intercept, rowsExponent, exponents, residualSd, rowsExponentSe, 0, 0, 0);
    }

    /**
     * Weight of a driver's prior exponent, in units of one probe run's squared log error: a ridge of sigma^2 / tau^2
     * for the scatter of the benchmark's probe runs (0.2-0.25 in log seconds) and a prior that a declared exponent is
     * right to about 0.3 (boosted trees on data they fit in a few levels stop growing long before {@code maxDepth},
     * and depth then counts about 0.2, not 1). With draws that vary the drivers apart ({@link ProbeDraws}) the runs
     * can then say so; on a known law whose depth exponent is 0.2 or 1.6 the price of the space's corners is off by
     * 0.26 in log against 0.44 and 0.36 under a weight of 2, and 0.24 against 0.22 where the prior is right
     * ({@code ProbeDrawsTest}).
     */
    static final double DRIVER_PENALTY = 0.5;
    /** Weight of the prior {@code b = 1}: light, the probe's budgets identify {@code b}. */
    static final double ROWS_PENALTY = 0.05;
    /**
     * Weight of the prior {@code g = 0} (every configuration grows alike with rows): it takes the draws' own slopes
     * over the probe's rows, which differ by their noise alone when nothing else differs, to move it.
     */
    static final double INTERACTION_PENALTY = 1.0;
    /** Residuals beyond this many robust standard deviations are down-weighted (Huber's k, a common choice). */
    static final double HUBER = 2.5;

    /** One driver of one run: its value (positive) and its prior exponent. */
    public record Driver(String name, double value, double prior) {
    }

    /**
     * One timed run; its weight in the fit counts it as that many runs (the probe's one run at the full budget stands
     * for a whole budget of draws, where the forecast matters most).
     */
    public record Run(double rows, List<Driver> drivers, double seconds, double weight) {
        public Run(double rows, List<Driver> drivers, double seconds) {
            this(rows, drivers, seconds, 1);
        }
    }

    /**
     * @throws IllegalArgumentException without runs, or with a non-positive rows or seconds
     */
    public static CostModel fit(List<Run> runs) {
        return fit(runs, INTERACTION_PENALTY);
    }

    /**
     * The fit with another weight on the prior {@code g = 0} (a huge one: every configuration grows alike). Timing
     * noise has a heavy tail (a garbage-collection pause or a scheduler hiccup doubles one run), and one such run at
     * the full budget, which weighs as much as a whole probe budget, would move every forecast: runs far off the fit
     * are down-weighted (Huber weights beyond {@link #HUBER} robust standard deviations of the residuals, from their
     * median absolute value) and the model refitted, twice.
     */
    static CostModel fit(List<Run> runs, double interactionPenalty) {
        CostModel model = fitOnce(runs, interactionPenalty);
        for (int round = 0; round < 2; round++) {
            double[] residuals = new double[runs.size()];
            for (int i = 0; i < residuals.length; i++) {
                Run r = runs.get(i);
                residuals[i] = Math.log(r.seconds() / model.seconds(r.rows(), r.drivers()));
            }
            double scale = 1.4826 * median(Arrays.stream(residuals).map(Math::abs).toArray());
            if (!(scale > 1e-9)) {
                break;
            }
            List<Run> weighted = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                Run r = runs.get(i);
                double w = Math.min(1, HUBER * scale / Math.max(1e-12, Math.abs(residuals[i])));
                weighted.add(new Run(r.rows(), r.drivers(), r.seconds(), r.weight() * w));
            }
            CostModel refit = fitOnce(weighted, interactionPenalty);
            // The scatter reported is that of every run about the robust fit: what a study's runs will show.
            double sse = 0;
            for (Run r : runs) {
                double e = Math.log(r.seconds() / refit.seconds(r.rows(), r.drivers()));
                sse += e * e;
            }
            double sd = Math.sqrt(sse / Math.max(1, runs.size() - 2));
            model = new CostModel(refit.drivers(), refit.intercept(), refit.rowsExponent(), refit.exponents(), sd,
                    refit.residualSd() > 0 ? refit.rowsExponentSe() * sd / refit.residualSd() : refit.rowsExponentSe(),
                    refit.rowsByCost(), refit.meanLogRows(), refit.meanCost());
        }
        return model;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The least-squares fit, every run at its own weight (no down-weighting of runs far off it). */
    static CostModel fitOnce(List<Run> runs, double interactionPenalty) {
        CostModel free = fit(runs, 1.0, ROWS_PENALTY, interactionPenalty);
        // More rows never make a training cheaper: a negative exponent is the probe's noise (a load that eased, a
        // JIT still warming), so the rows then count as a fixed cost.
        return free.rowsExponent() >= 0 ? free : fit(runs, 0.0, 1e9, interactionPenalty);
    }

    private static CostModel fit(List<Run> runs, double rowsPrior, double rowsPenalty, double interactionPenalty) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a cost model needs at least one timed run");
        }
        Map<String, Double> priors = new LinkedHashMap<>();
        runs.forEach(r -> r.drivers().forEach(d -> priors.putIfAbsent(d.name(), d.prior())));
        List<String> names = new ArrayList<>(priors.keySet());
        double weights = 0;
        double logRows = 0;
        double cost = 0;
        for (Run r : runs) {
            if (!(r.rows() > 0) || !(r.seconds() > 0)) {
                throw new IllegalArgumentException("a cost model fits positive rows and seconds, got (" + r.rows()
                        + ", " + r.seconds() + ")");
            }
            weights += r.weight();
            logRows += r.weight() * Math.log(r.rows());
            cost += r.weight() * costIndex(names, r.drivers());
        }
        double meanLogRows = logRows / weights;
        double meanCost = cost / weights;
        int p = names.size() + 3;
        int g = p - 1;
        double[][] a = new double[p][p];
        double[] rhs = new double[p];
        for (Run r : runs) {
            double[] x = row(names, r.rows(), r.drivers(), meanLogRows, meanCost);
            double y = Math.log(r.seconds());
            for (int i = 0; i < p; i++) {
                rhs[i] += r.weight() * x[i] * y;
                for (int j = 0; j < p; j++) {
                    a[i][j] += r.weight() * x[i] * x[j];
                }
            }
        }
        a[1][1] += rowsPenalty;
        rhs[1] += rowsPenalty * rowsPrior;
        for (int j = 0; j < names.size(); j++) {
            a[j + 2][j + 2] += DRIVER_PENALTY;
            rhs[j + 2] += DRIVER_PENALTY * priors.get(names.get(j));
        }
        a[g][g] += interactionPenalty;
        // A tiny ridge on the intercept keeps the system solvable when every run has the same rows.
        a[0][0] += 1e-9;
        double[][] inverse = invert(a);
        double[] theta = new double[p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                theta[i] += inverse[i][j] * rhs[j];
            }
        }
        double sse = 0;
        for (Run r : runs) {
            double[] x = row(names, r.rows(), r.drivers(), meanLogRows, meanCost);
            double fitted = 0;
            for (int i = 0; i < p; i++) {
                fitted += x[i] * theta[i];
            }
            double e = Math.log(r.seconds()) - fitted;
            sse += e * e;
        }
        // Degrees of freedom: the ridge makes the count of free parameters fuzzy; counting the intercept and b
        // only keeps the scatter from collapsing to 0 on a small probe.
        double sd = Math.sqrt(sse / Math.max(1, runs.size() - 2));
        double[] w = new double[names.size()];
        System.arraycopy(theta, 2, w, 0, w.length);
        // With b pinned at 0 its error is what a free fit would have: keep the range honest about the rows.
        double bVariance = rowsPenalty > 1 ? 1.0 / Math.max(1e-12, a[1][1] - rowsPenalty) : inverse[1][1];
        return new CostModel(List.copyOf(names), theta[0], theta[1], w, sd, sd * Math.sqrt(Math.max(0, bVariance)),
                theta[g], meanLogRows, meanCost);
    }

    /**
     * Cost models refitted on resamples of the probe's draws: each resample takes one draw fewer than the probe had,
     * with replacement, and every run of each draw it takes. Resampling whole draws keeps what a draw's runs share
     * (its configuration's own speed, what the drivers do not explain) together, so the models spread as much as the
     * law is uncertain given that few configurations. Taking {@code n - 1} of {@code n} makes the resampled means
     * vary as much as the mean of {@code n} does (with {@code n} of {@code n} their variance is short by
     * {@code (n - 1) / n}, a quarter with the default four draws).
     *
     * @param draws per run, the draw it timed (runs of one draw share its parameters); a negative number marks a run
     *              kept in every resample (the full-budget run: evidence about rows, not one more configuration)
     */
    public static List<CostModel> bootstrap(List<Run> runs, int[] draws, int count, long seed) {
        Map<Integer, List<Run>> byDraw = new LinkedHashMap<>();
        List<Run> always = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (draws[i] < 0) {
                always.add(runs.get(i));
            } else {
                byDraw.computeIfAbsent(draws[i], d -> new ArrayList<>()).add(runs.get(i));
            }
        }
        List<List<Run>> groups = new ArrayList<>(byDraw.values());
        Random random = new Random(seed);
        List<CostModel> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            List<Run> sample = new ArrayList<>(always);
            for (int g = 0; g < Math.max(1, groups.size() - 1); g++) {
                sample.addAll(groups.get(random.nextInt(groups.size())));
            }
            out.add(fit(sample));
        }
        return out;
    }

    /** Predicted seconds of one run; a driver the model has not seen counts as neutral. */
    public double seconds(double rows, List<Driver> runDrivers) {
        double[] x = row(drivers, rows, runDrivers, meanLogRows, meanCost);
        double log = intercept * x[0] + rowsExponent * x[1] + rowsByCost * x[x.length - 1];
        for (int j = 0; j < exponents.length; j++) {
            log += exponents[j] * x[j + 2];
        }
        return Math.exp(log);
    }

    /**
     * Seconds of one run on rows beyond the largest the probe timed, where the fitted power law no longer holds. Over
     * the probe's rows a training is a fixed part (set-up, a booster's per-round overhead, predicting the validation
     * rows) plus work that grows with the rows, and an exponent {@code b} below 1 says how much of it is fixed; as a
     * power law that part would keep the time almost flat for ever. Instead the time is the fixed part plus a part in
     * proportion to the rows (every trainer reads every row), {@code t(n) = F + V n}, the line through the model's
     * times at the probe's smallest and largest rows: of the time at the largest rows {@code N}, the growing share is
     * {@code f = (1 - r^-b) / (1 - 1 / r)} for the probe's span {@code r = N / smallest}, and {@code t(n) = t(N) (1 -
     * f + f n / N)}. An exponent of 1 or more is a pure power law, as fitted.
     *
     * @param probedRows    the smallest and largest rows the probe timed
     * @param exponentShift added to {@code b} (a standard error either side, for a range)
     */
    public double secondsBeyond(double rows, List<Driver> runDrivers, double[] probedRows, double exponentShift) {
        double largest = probedRows[1];
        if (!(rows > largest)) {
            return seconds(rows, runDrivers);
        }
        double b = Math.max(0, rowsExponent(runDrivers) + exponentShift);
        double at = seconds(largest, runDrivers);
        if (b >= 1) {
            return at * Math.pow(rows / largest, b);
        }
        double span = largest / Math.max(1e-9, Math.min(largest, probedRows[0]));
        return fixedPlusLinear(at, rows, largest, b, span);
    }

    /**
     * A time {@code at} on {@code top} rows, whose power law over a span of rows {@code span} had the exponent {@code
     * b < 1}, carried to {@code rows} as a fixed part plus a part in proportion to the rows: the line through the law's
     * values at both ends of the span, of which the growing share at {@code top} is {@code (1 - span^-b) / (1 - 1 /
     * span)} ({@code b} with no span to read it over).
     */
    static double fixedPlusLinear(double at, double rows, double top, double b, double span) {
        double growing = span > 1 + 1e-9 ? (1 - Math.pow(span, -b)) / (1 - 1 / span) : b;
        return at * (1 - growing + growing * rows / top);
    }

    /** The exponent fitted for a driver, or NaN when the model has no such driver. */
    public double exponent(String driver) {
        int i = drivers.indexOf(driver);
        return i < 0 ? Double.NaN : exponents[i];
    }

    /** The rows exponent of a configuration with these drivers: {@code b + g (z - mean z)}. */
    public double rowsExponent(List<Driver> runDrivers) {
        return rowsExponent + rowsByCost * (costIndex(drivers, runDrivers) - meanCost);
    }

    /** {@code z}: the configuration's log cost by the declared exponents of the drivers the model knows. */
    private static double costIndex(List<String> names, List<Driver> drivers) {
        double z = 0;
        for (Driver d : drivers) {
            if (names.contains(d.name())) {
                z += d.prior() * Math.log(d.value());
            }
        }
        return z;
    }

    private static double[] row(List<String> names, double rows, List<Driver> drivers, double meanLogRows,
                                double meanCost) {
        double[] x = new double[names.size() + 3];
        x[0] = 1;
        x[1] = Math.log(rows);
        for (Driver d : drivers) {
            int i = names.indexOf(d.name());
            if (i >= 0) {
                x[i + 2] = Math.log(d.value());
            }
        }
        x[x.length - 1] = (x[1] - meanLogRows) * (costIndex(names, drivers) - meanCost);
        return x;
    }

    /** Gauss-Jordan with partial pivoting; the matrix is symmetric positive definite by the ridge. */
    private static double[][] invert(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            double d = a[c][c];
            if (Math.abs(d) < 1e-300) {
                throw new IllegalArgumentException("the cost model's equations are singular");
            }
            for (int j = 0; j < 2 * n; j++) {
                a[c][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && a[r][c] != 0) {
                    double f = a[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] -= f * a[c][j];
                    }
                }
            }
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, out[i], 0, n);
        }
        return out;
    }
}
