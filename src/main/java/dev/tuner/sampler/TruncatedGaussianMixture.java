package dev.tuner.sampler;

import org.apache.commons.math3.special.Erf;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A weighted mixture of Gaussians, each truncated to {@code [low, high]}: TPE's Parzen estimator of a numerical
 * parameter, in the parameter's internal (possibly log) space.
 *
 * <p>{@link #parzenEstimator} builds it as Optuna's univariate TPE does: one component per observation, centred
 * on it, whose bandwidth is the larger distance to its neighbours (the prior's mean and the range's ends count as
 * neighbours, except that the outermost observations look only inward), clipped into
 * {@code [(high - low) / min(100, 1 + components), high - low]} (the "magic clip": narrow enough to exploit, never
 * so narrow that one lucky point becomes a spike); plus a prior component, a broad Gaussian over the whole range
 * that keeps every region reachable.
 */
final class TruncatedGaussianMixture {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT2 = Math.sqrt(2);

    private final double low;
    private final double high;
    private final double[] means;
    private final double[] sigmas;
    private final double[] weights;
    private final double[] cumulativeWeights;
    /** log of the probability mass each untruncated component puts inside [low, high]. */
    private final double[] logMassInside;
    /** Per component: log(weight) - log(mass inside) - log(sqrt(2 pi)), the constant part of its log kernel. */
    private final double[] logKernelConstant;
    /** Per component: 1 / sigma. */
    private final double[] inverseSigmas;
    /** Scratch for the per-component terms of one evaluation (a mixture is used by one thread). */
    private final double[] terms;

    TruncatedGaussianMixture(double low, double high, double[] means, double[] sigmas, double[] weights) {
        if (!(low < high)) {
            throw new IllegalArgumentException("an empty range [" + low + ", " + high + "]");
        }
        int m = weights.length;
        this.low = low;
        this.high = high;
        this.means = means.clone();
        this.sigmas = sigmas.clone();
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        this.weights = new double[m];
        this.cumulativeWeights = new double[m];
        this.logMassInside = new double[m];
        this.logKernelConstant = new double[m];
        this.inverseSigmas = new double[m];
        this.terms = new double[m];
        double sum = 0;
        for (int k = 0; k < m; k++) {
            this.weights[k] = weights[k] / total;
            sum += this.weights[k];
            cumulativeWeights[k] = sum;
            inverseSigmas[k] = 1 / sigmas[k];
            logMassInside[k] = Math.log(standardNormalMass((low - means[k]) / sigmas[k], (high - means[k]) / sigmas[k]));
            logKernelConstant[k] = Math.log(this.weights[k]) - logMassInside[k] - LOG_SQRT_2PI;
        }
    }

    /**
     * The Parzen estimator of {@code observations} (oldest first) with {@code observationWeights} and a prior
     * component of weight {@code priorWeight}, following Optuna's defaults.
     */
    static TruncatedGaussianMixture parzenEstimator(double[] observations, double[] observationWeights,
                                                    double priorWeight, double low, double high) {
        int n = observations.length;
        double range = high - low;
        double priorMean = 0.5 * (low + high);
        double[] means = Arrays.copyOf(observations, n + 1);
        means[n] = priorMean;
        double[] sigmas = new double[n + 1];
        double[] weights = Arrays.copyOf(observationWeights, n + 1);
        weights[n] = priorWeight;

        if (n > 0) {
            double[] neighbourBandwidths = neighbourBandwidths(means, low, high);
            double minSigma = range / Math.min(100.0, 1.0 + (n + 1));
            for (int i = 0; i < n; i++) {
                sigmas[i] = Math.max(minSigma, Math.min(range, neighbourBandwidths[i]));
            }
        }
        sigmas[n] = range;
        return new TruncatedGaussianMixture(low, high, means, sigmas, weights);
    }

    /**
     * For each point, the larger gap to its sorted neighbours, with {@code low} and {@code high} as outer
     * neighbours; the first and last points take the gap to their inner neighbour only (Optuna's
     * {@code consider_endpoints=False}), so that a point near an end does not get a wide kernel from that end.
     *
     * <p>Equal points (ints, choices mapped to numbers, a value proposed twice) share one sorted run: its first
     * place takes the gap below, its last the gap above, the middle ones the minimum bandwidth. Which of the equal
     * points takes which place follows {@link #numpyArgsort}, numpy's default (unstable) argsort that Optuna 3.1
     * calls ({@code sorted_indices = np.argsort(mus)} in {@code _ParzenEstimator._calculate_numerical_params}).
     * Since observations carry different weights, that choice changes the mixture: taking places in trial order
     * instead (an earlier version) made g(x) differ from Optuna's for an int parameter observed over 16 times.
     */
    static double[] neighbourBandwidths(double[] points, double low, double high) {
        int m = points.length;
        int[] order = numpyArgsort(points);
        double[] withEnds = new double[m + 2];
        withEnds[0] = low;
        withEnds[m + 1] = high;
        for (int i = 0; i < m; i++) {
            withEnds[i + 1] = points[order[i]];
        }
        double[] bandwidths = new double[m];
        for (int i = 0; i < m; i++) {
            bandwidths[order[i]] = Math.max(withEnds[i + 1] - withEnds[i], withEnds[i + 2] - withEnds[i + 1]);
        }
        if (m >= 2) {
            bandwidths[order[0]] = withEnds[2] - withEnds[1];
            bandwidths[order[m - 1]] = withEnds[m] - withEnds[m - 1];
        }
        return bandwidths;
    }

    /** numpy's {@code SMALL_QUICKSORT}: partitions of at most this many elements + 1 are insertion-sorted. */
    private static final int SMALL_QUICKSORT = 15;

    /**
     * The permutation {@code np.argsort(values)} returns in numpy 1.24 (default {@code kind='quicksort'}): numpy's
     * introsort {@code aquicksort_} of npysort/quicksort.cpp, step for step: median-of-three partitioning of
     * ranges longer than 16, insertion sort below that, heapsort ({@code aheapsort_}) past a depth of twice the
     * highest set bit of n. Only the order of equal values depends on these steps; reproducing them is what
     * makes equal observations get the same bandwidths as in Optuna. NaN is not expected here.
     */
    static int[] numpyArgsort(double[] v) {
        int num = v.length;
        int[] a = new int[num];
        for (int i = 0; i < num; i++) {
            a[i] = i;
        }
        if (num < 2) {
            return a;
        }
        int[] stack = new int[128];
        int[] depthStack = new int[64];
        int sptr = 0;
        int dptr = 0;
        int pl = 0;
        int pr = num - 1;
        int cdepth = 2 * (31 - Integer.numberOfLeadingZeros(num));
        for (;;) {
            if (cdepth < 0) {
                heapsort(v, a, pl, pr - pl + 1);
            } else {
                while (pr - pl > SMALL_QUICKSORT) {
                    int pm = pl + ((pr - pl) >> 1);
                    if (v[a[pm]] < v[a[pl]]) {
                        swap(a, pm, pl);
                    }
                    if (v[a[pr]] < v[a[pm]]) {
                        swap(a, pr, pm);
                    }
                    if (v[a[pm]] < v[a[pl]]) {
                        swap(a, pm, pl);
                    }
                    double vp = v[a[pm]];
                    int pi = pl;
                    int pj = pr - 1;
                    swap(a, pm, pj);
                    for (;;) {
                        do {
                            ++pi;
                        } while (v[a[pi]] < vp);
                        do {
                            --pj;
                        } while (vp < v[a[pj]]);
                        if (pi >= pj) {
                            break;
                        }
                        swap(a, pi, pj);
                    }
                    swap(a, pi, pr - 1);
                    // the larger partition goes on the stack
                    if (pi - pl < pr - pi) {
                        stack[sptr++] = pi + 1;
                        stack[sptr++] = pr;
                        pr = pi - 1;
                    } else {
                        stack[sptr++] = pl;
                        stack[sptr++] = pi - 1;
                        pl = pi + 1;
                    }
                    depthStack[dptr++] = --cdepth;
                }
                for (int pi = pl + 1; pi <= pr; ++pi) {
                    int vi = a[pi];
                    double vp = v[vi];
                    int pj = pi;
                    while (pj > pl && vp < v[a[pj - 1]]) {
                        a[pj] = a[pj - 1];
                        pj--;
                    }
                    a[pj] = vi;
                }
            }
            if (sptr == 0) {
                break;
            }
            pr = stack[--sptr];
            pl = stack[--sptr];
            cdepth = depthStack[--dptr];
        }
        return a;
    }

    /** numpy's {@code aheapsort_} on {@code a[from .. from + n - 1]} (1-based heap indexing as numpy's). */
    private static void heapsort(double[] v, int[] a, int from, int n) {
        int base = from - 1;
        for (int l = n >> 1; l > 0; --l) {
            int tmp = a[base + l];
            int i = l;
            for (int j = l << 1; j <= n; ) {
                if (j < n && v[a[base + j]] < v[a[base + j + 1]]) {
                    j += 1;
                }
                if (v[tmp] < v[a[base + j]]) {
                    a[base + i] = a[base + j];
                    i = j;
                    j += j;
                } else {
                    break;
                }
            }
            a[base + i] = tmp;
        }
        for (; n > 1; ) {
            int tmp = a[base + n];
            a[base + n] = a[base + 1];
            n -= 1;
            int i = 1;
            for (int j = 2; j <= n; ) {
                if (j < n && v[a[base + j]] < v[a[base + j + 1]]) {
                    j++;
                }
                if (v[tmp] < v[a[base + j]]) {
                    a[base + i] = a[base + j];
                    i = j;
                    j += j;
                } else {
                    break;
                }
            }
            a[base + i] = tmp;
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * One draw: a component chosen by weight, then its truncated Gaussian by inverse transform (computed on the
     * lower tail, mirrored when the range lies above the mean, so that a far tail keeps its precision).
     */
    double sample(SplittableRandom random) {
        double pick = random.nextDouble();
        int k = Arrays.binarySearch(cumulativeWeights, pick);
        k = k >= 0 ? Math.min(k + 1, cumulativeWeights.length - 1) : Math.min(-k - 1, cumulativeWeights.length - 1);
        double alpha = (low - means[k]) / sigmas[k];
        double beta = (high - means[k]) / sigmas[k];
        double u = random.nextDouble();
        double z;
        if (alpha > 0) {
            double pLow = cdf(-beta);
            z = -inverseCdf(pLow + u * (cdf(-alpha) - pLow));
        } else {
            double pLow = cdf(alpha);
            z = inverseCdf(pLow + u * (cdf(beta) - pLow));
        }
        double x = means[k] + sigmas[k] * z;
        return Math.max(low, Math.min(high, x));
    }

    /** log of the mixture's density at {@code x} (in [low, high]): a proper density, it integrates to 1. */
    double logDensity(double x) {
        for (int k = 0; k < terms.length; k++) {
            double z = (x - means[k]) * inverseSigmas[k];
            terms[k] = logKernelConstant[k] - 0.5 * z * z - Math.log(sigmas[k]);
        }
        return logSumExp(terms);
    }

    /**
     * Optuna 3.1's {@code _ParzenEstimator.log_pdf} for a continuous parameter: the mixture of the truncated
     * components' densities each multiplied by its sigma, i.e. {@code log sum_k w_k phi(z_k) / Z_k} with
     * {@code z_k = (x - mu_k) / sigma_k} and {@code Z_k} the component's mass inside the range. Optuna 3.1 to 3.4
     * compute it so ({@code _truncnorm.logpdf} leaves out {@code -log(scale)}; optuna#5109, changed in 3.5 by
     * optuna#5110), and it is what their TPE maximises: each kernel counts by its height whatever its width, so a
     * wide kernel (an isolated observation, the prior) weighs more than in the true density.
     */
    double logKernelHeights(double x) {
        for (int k = 0; k < terms.length; k++) {
            double z = (x - means[k]) * inverseSigmas[k];
            terms[k] = logKernelConstant[k] - 0.5 * z * z;
        }
        return logSumExp(terms);
    }

    /** log of the mixture's probability mass on {@code [from, to]}, a sub-interval of [low, high]. */
    double logMass(double from, double to) {
        for (int k = 0; k < terms.length; k++) {
            double mass = standardNormalMass((from - means[k]) * inverseSigmas[k], (to - means[k]) * inverseSigmas[k]);
            terms[k] = logKernelConstant[k] + LOG_SQRT_2PI + Math.log(mass);
        }
        return logSumExp(terms);
    }

    double[] means() {
        return means.clone();
    }

    double[] sigmas() {
        return sigmas.clone();
    }

    double[] weights() {
        return weights.clone();
    }

    /**
     * P(a <= Z <= b) for a standard normal Z, computed on the side of the tail that keeps precision: the difference
     * of two cdf values close to 1 would cancel.
     */
    private static double standardNormalMass(double a, double b) {
        if (a >= 0) {
            return cdf(-a) - cdf(-b);
        }
        if (b <= 0) {
            return cdf(b) - cdf(a);
        }
        return 1 - cdf(a) - cdf(-b);
    }

    private static double cdf(double z) {
        return StandardNormal.cdf(z);
    }

    private static double inverseCdf(double p) {
        return -SQRT2 * Erf.erfcInv(2 * p);
    }

    private static double logSumExp(double[] terms) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : terms) {
            if (t > max) {
                max = t;
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }
}
