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
    /** How far below the largest term (in log) a kernel is left out of a sum: see {@link #logSumOfKernels}. */
    private static final double NEGLIGIBLE_LOG = 40;
    /** cdf(-8.5) = 9.5e-18, below half an ulp of 1 (5.6e-17): see the constructor. */
    private static final double WHOLE_MASS_Z = 8.5;
    /** Components per block of the sorted view: see {@link #logSumOfKernels}. */
    private static final int BLOCK = 16;

    private final double low;
    private final double high;
    private final double[] means;
    private final double[] sigmas;
    private final double[] weights;
    private final double[] cumulativeWeights;
    /** Per component: log(weight) - log(mass inside) - log(sqrt(2 pi)), the constant part of its log kernel. */
    private final double[] logKernelConstant;
    /** The components' indices in ascending order of mean. */
    private final int[] order;
    /** Per component: 1 / sigma. */
    private final double[] inverseSigmas;
    /** Scratch for the per-component terms of one evaluation (a mixture is used by one thread). */
    private final double[] terms;

    // The components sorted by mean, for the sums that leave out far components (see logSumOfKernels).
    private final double[] sortedMeans;
    private final double[] sortedInverseSigmas;
    private final double[] sortedKernelConstant;
    /** Per sorted component: its kernel constant - log(sigma), the constant part of its log density; made on
     *  first use, since TPE's default scoring never asks for densities. */
    private double[] sortedDensityConstant;
    // Per block of BLOCK consecutive sorted components: the span of their means, 1 / their largest sigma, their
    // largest constants: enough to bound every term of the block from above without computing one.
    private final double[] blockLowMean;
    private final double[] blockHighMean;
    private final double[] blockInverseMaxSigma;
    private final double[] blockMaxKernelConstant;
    private double[] blockMaxDensityConstant;

    TruncatedGaussianMixture(double low, double high, double[] means, double[] sigmas, double[] weights) {
        this(low, high, means, sigmas, new Weights(weights), SortedOrder.of(means));
    }

    /**
     * Component weights normalised to sum 1, with their logs and running sums. They depend on the number of
     * observations alone (Optuna's {@code default_weights} and the prior weight), so one proposal computes them once
     * per group size and shares them among the estimators of all its parameters; never changed once made.
     */
    static final class Weights {
        final double[] normalized;
        final double[] logs;
        final double[] cumulative;

        Weights(double[] raw) {
            int m = raw.length;
            double total = 0;
            for (double w : raw) {
                total += w;
            }
            normalized = new double[m];
            logs = new double[m];
            cumulative = new double[m];
            double sum = 0;
            for (int k = 0; k < m; k++) {
                normalized[k] = raw[k] / total;
                logs[k] = Math.log(normalized[k]);
                sum += normalized[k];
                cumulative[k] = sum;
            }
        }

        /** The weights of a Parzen estimator: one per observation (oldest first), then the prior's. */
        static Weights parzen(double[] observationWeights, double priorWeight) {
            double[] raw = Arrays.copyOf(observationWeights, observationWeights.length + 1);
            raw[observationWeights.length] = priorWeight;
            return new Weights(raw);
        }

        int size() {
            return normalized.length;
        }
    }

    /** @param order the components' indices in ascending order of mean ({@link SortedOrder#of} of {@code means}) */
    private TruncatedGaussianMixture(double low, double high, double[] means, double[] sigmas, Weights weights,
                                     int[] order) {
        if (!(low < high)) {
            throw new IllegalArgumentException("an empty range [" + low + ", " + high + "]");
        }
        int m = weights.size();
        if (means.length != m || sigmas.length != m) {
            throw new IllegalArgumentException(means.length + " means, " + sigmas.length + " sigmas, " + m + " weights");
        }
        this.low = low;
        this.high = high;
        this.means = means.clone();
        this.sigmas = sigmas.clone();
        this.order = order;
        this.weights = weights.normalized;
        this.cumulativeWeights = weights.cumulative;
        this.logKernelConstant = new double[m];
        this.inverseSigmas = new double[m];
        this.terms = new double[m];
        for (int k = 0; k < m; k++) {
            inverseSigmas[k] = 1 / sigmas[k];
            double a = (low - means[k]) * inverseSigmas[k];
            double b = (high - means[k]) * inverseSigmas[k];
            // More than WHOLE_MASS_Z sigmas from both ends, the mass inside computes to exactly 1.0 (each tail is
            // below half an ulp of 1), so the two cdf evaluations can be skipped without changing a bit.
            // One side that far leaves 1 - cdf(a) (or 1 - cdf(-b)) at exactly 1.0: only the other tail is computed.
            // (Only for a mean inside the range, where a <= 0 <= b, as every TPE component's is.)
            boolean lowFar = a < -WHOLE_MASS_Z && b >= 0;
            boolean highFar = b > WHOLE_MASS_Z && a <= 0;
            double logMassInside = lowFar && highFar ? 0.0
                    : lowFar ? Math.log(1.0 - cdf(-b))
                    : highFar ? Math.log(1.0 - cdf(a))
                    : Math.log(standardNormalMass(a, b));
            logKernelConstant[k] = weights.logs[k] - logMassInside - LOG_SQRT_2PI;
        }
        sortedMeans = new double[m];
        sortedInverseSigmas = new double[m];
        sortedKernelConstant = new double[m];
        int blocks = (m + BLOCK - 1) / BLOCK;
        blockLowMean = new double[blocks];
        blockHighMean = new double[blocks];
        blockInverseMaxSigma = new double[blocks];
        blockMaxKernelConstant = new double[blocks];
        Arrays.fill(blockMaxKernelConstant, Double.NEGATIVE_INFINITY);
        double[] widest = new double[blocks];
        for (int i = 0; i < m; i++) {
            int k = order[i];
            int b = i / BLOCK;
            sortedMeans[i] = this.means[k];
            sortedInverseSigmas[i] = inverseSigmas[k];
            sortedKernelConstant[i] = logKernelConstant[k];
            if (i % BLOCK == 0) {
                blockLowMean[b] = this.means[k];
            }
            blockHighMean[b] = this.means[k];
            widest[b] = Math.max(widest[b], this.sigmas[k]);
            blockMaxKernelConstant[b] = Math.max(blockMaxKernelConstant[b], logKernelConstant[k]);
        }
        for (int b = 0; b < blocks; b++) {
            blockInverseMaxSigma[b] = 1 / widest[b];
        }
    }

    /**
     * The Parzen estimator of {@code observations} (oldest first) with {@code observationWeights} and a prior
     * component of weight {@code priorWeight}, following Optuna's defaults.
     */
    static TruncatedGaussianMixture parzenEstimator(double[] observations, double[] observationWeights,
                                                    double priorWeight, double low, double high) {
        return parzenEstimator(observations, Weights.parzen(observationWeights, priorWeight), low, high);
    }

    /** The same with the weights already made ({@link Weights#parzen}): one observation each, then the prior. */
    static TruncatedGaussianMixture parzenEstimator(double[] observations, Weights weights, double low, double high) {
        int n = observations.length;
        if (weights.size() != n + 1) {
            throw new IllegalArgumentException(n + " observations but " + weights.size() + " weights");
        }
        double range = high - low;
        double priorMean = 0.5 * (low + high);
        double[] means = Arrays.copyOf(observations, n + 1);
        means[n] = priorMean;
        double[] sigmas = new double[n + 1];

        int[] order = SortedOrder.of(means);
        if (n > 0) {
            int[] tieOrder = SortedOrder.hasTies(means, order) ? SortedOrder.numpyArgsort(means) : order;
            double[] neighbourBandwidths = neighbourBandwidths(means, tieOrder, low, high);
            double minSigma = range / Math.min(100.0, 1.0 + (n + 1));
            for (int i = 0; i < n; i++) {
                sigmas[i] = Math.max(minSigma, Math.min(range, neighbourBandwidths[i]));
            }
        }
        sigmas[n] = range;
        return new TruncatedGaussianMixture(low, high, means, sigmas, weights, order);
    }

    /**
     * For each point, the larger gap to its sorted neighbours, with {@code low} and {@code high} as outer
     * neighbours; the first and last points take the gap to their inner neighbour only (Optuna's
     * {@code consider_endpoints=False}), so that a point near an end does not get a wide kernel from that end.
     *
     * <p>Equal points (ints, choices mapped to numbers, a value proposed twice) share one sorted run: its first
     * place takes the gap below, its last the gap above, the middle ones the minimum bandwidth. Which of the equal
     * points takes which place follows {@link SortedOrder#numpyArgsort}, numpy's default (unstable) argsort that Optuna 3.1
     * calls ({@code sorted_indices = np.argsort(mus)} in {@code _ParzenEstimator._calculate_numerical_params}).
     * Since observations carry different weights, that choice changes the mixture: taking places in trial order
     * instead (an earlier version) made g(x) differ from Optuna's for an int parameter observed over 16 times.
     * Without equal points every sort gives the one order, and {@link SortedOrder#of} (faster) is used.
     *
     * @param order the points' indices in ascending order, equal points in numpy's argsort order
     */
    static double[] neighbourBandwidths(double[] points, int[] order, double low, double high) {
        int m = points.length;
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
        if (sortedDensityConstant == null) {
            int m = sortedMeans.length;
            double[] constant = new double[m];
            double[] blockMax = new double[blockLowMean.length];
            Arrays.fill(blockMax, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < m; i++) {
                constant[i] = sortedKernelConstant[i] - Math.log(sigmas[order[i]]);
                blockMax[i / BLOCK] = Math.max(blockMax[i / BLOCK], constant[i]);
            }
            sortedDensityConstant = constant;
            blockMaxDensityConstant = blockMax;
        }
        return logSumOfKernels(x, sortedDensityConstant, blockMaxDensityConstant);
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
        return logSumOfKernels(x, sortedKernelConstant, blockMaxKernelConstant);
    }

    /**
     * {@code log sum_k exp(constant[k] - z_k^2 / 2)}, {@code z_k = (x - mu_k) / sigma_k}, over the components sorted
     * by mean in blocks of {@value #BLOCK}, as a running log-sum-exp starting next to x. A term more than
     * {@value #NEGLIGIBLE_LOG} below the largest one seen so far is left out: it weighs less than
     * {@code e^-40 = 4e-18} of that term, so even a thousand of them would move the result by less than 1e-14
     * (relative); and a whole block is left out when an upper bound on its terms is that low. With many observations
     * most components are that far from any one candidate, and this sum is where TPE spends its time (candidates x
     * components x parameters per proposal).
     */
    private double logSumOfKernels(double x, double[] constant, double[] blockMaxConstant) {
        int blocks = blockLowMean.length;
        int home = Math.min(blocks - 1, lowerBound(sortedMeans, x) / BLOCK);
        // The running log-sum-exp: max is the largest term so far, sum the others relative to it (max's own 1 in).
        double[] state = {Double.NEGATIVE_INFINITY, 0};
        addBlock(home, x, constant, state);
        if (home > 0) {
            addBlock(home - 1, x, constant, state); // x may sit just above the last mean of the block before
        }
        // Then every other block, unless a bound on all its terms is already negligible: farther from x than its
        // nearest mean, no wider than its widest component, no higher than its largest constant.
        for (int b = 0; b < blocks; b++) {
            if (b == home || b == home - 1) {
                continue;
            }
            double distance = b > home ? blockLowMean[b] - x : x - blockHighMean[b];
            double far = Math.max(0, distance) * blockInverseMaxSigma[b];
            if (blockMaxConstant[b] - 0.5 * far * far > state[0] - NEGLIGIBLE_LOG) {
                addBlock(b, x, constant, state);
            }
        }
        return state[0] == Double.NEGATIVE_INFINITY ? state[0] : state[0] + Math.log(state[1]);
    }

    private void addBlock(int b, double x, double[] constant, double[] state) {
        double max = state[0];
        double sum = state[1];
        int end = Math.min(sortedMeans.length, (b + 1) * BLOCK);
        for (int i = b * BLOCK; i < end; i++) {
            double z = (x - sortedMeans[i]) * sortedInverseSigmas[i];
            double t = constant[i] - 0.5 * z * z;
            if (t <= max) {
                if (t > max - NEGLIGIBLE_LOG) {
                    sum += Math.exp(t - max);
                }
            } else if (t > Double.NEGATIVE_INFINITY) {
                // A new largest term: what was summed is rescaled to it.
                sum = (max == Double.NEGATIVE_INFINITY ? 0 : sum * Math.exp(max - t)) + 1;
                max = t;
            }
        }
        state[0] = max;
        state[1] = sum;
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
