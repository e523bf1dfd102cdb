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
     */
    private static double[] neighbourBandwidths(double[] points, double low, double high) {
        int m = points.length;
        double[] sorted = points.clone();
        Arrays.sort(sorted);
        double[] withEnds = new double[m + 2];
        withEnds[0] = low;
        withEnds[m + 1] = high;
        System.arraycopy(sorted, 0, withEnds, 1, m);
        double[] sortedBandwidths = new double[m];
        for (int i = 0; i < m; i++) {
            sortedBandwidths[i] = Math.max(withEnds[i + 1] - withEnds[i], withEnds[i + 2] - withEnds[i + 1]);
        }
        if (m >= 2) {
            sortedBandwidths[0] = withEnds[2] - withEnds[1];
            sortedBandwidths[m - 1] = withEnds[m] - withEnds[m - 1];
        }
        // Each point takes the bandwidth of its place in the sorted order; equal points take consecutive places in
        // the order they come (numpy's argsort leaves that order unspecified).
        double[] bandwidths = new double[m];
        java.util.Map<Double, Integer> taken = new java.util.HashMap<>();
        for (int i = 0; i < m; i++) {
            int place = lowerBound(sorted, points[i]);
            if (place + 1 < m && sorted[place + 1] == points[i]) {
                place += taken.merge(points[i], 1, Integer::sum) - 1;
            }
            bandwidths[i] = sortedBandwidths[place];
        }
        return bandwidths;
    }

    /** The first index of {@code sorted} holding a value >= {@code x}. */
    private static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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
