package dev.tuner.sampler;

import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.space.IntDistribution;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The joint Parzen estimator of Optuna 3.1's multivariate TPE ({@code TPESampler(multivariate=True)}): one
 * component per observation (plus the prior), each a product over the parameters of a truncated Gaussian (numbers,
 * in the internal space) or a smoothed categorical distribution (choices), with the observation's weight.
 *
 * <p>Bandwidths as Optuna's multivariate rule: every observation of a numerical parameter gets
 * {@code 0.2 n^(-1/(d+4)) (high - low)}, clipped to at least {@code (high - low) / min(100, 1 + n)} and at most
 * {@code high - low}; the prior component sits at the centre with {@code high - low}. A choice's component puts
 * weight 1 on the observed choice plus the prior weight spread over all choices. Densities as Optuna 3.1 computes
 * them (see {@link TruncatedGaussianMixture#logKernelHeights}): a float or log-scaled int by the height of each
 * truncated kernel, a linear int by each kernel's mass on the integer's bin, a choice by its probability.
 */
final class MultivariateParzen {
    private static final double SIGMA0 = 0.2;
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final Distribution[] distributions;
    /** Per component, per parameter: the mean (or for a choice, unused). The prior is the last component. */
    private final double[][] means;
    /** Per component, per parameter: sigma (numbers) or nothing. */
    private final double[][] sigmas;
    /** Per component, per choice parameter: the probabilities of its choices. */
    private final double[][][] choiceProbabilities;
    /** Per component, per parameter: log of the mass of its truncated Gaussian inside the range. */
    private final double[][] logMassInside;
    private final double[] logWeights;
    private final double[] cumulativeWeights;

    /**
     * @param observations per observation, its internal value of each parameter (choices: the index)
     * @param weights      the observations' weights (Optuna's {@code default_weights}), oldest first
     */
    MultivariateParzen(Distribution[] distributions, double[][] observations, double[] weights) {
        this.distributions = distributions;
        int n = observations.length;
        int d = distributions.length;
        int components = n + 1;
        means = new double[components][d];
        sigmas = new double[components][d];
        choiceProbabilities = new double[components][d][];
        logMassInside = new double[components][d];
        for (int j = 0; j < d; j++) {
            Distribution distribution = distributions[j];
            if (distribution instanceof CategoricalDistribution categorical) {
                int choices = categorical.choices().size();
                for (int k = 0; k < components; k++) {
                    double[] p = new double[choices];
                    Arrays.fill(p, TpeSampler.PRIOR_WEIGHT / choices);
                    if (k < n) {
                        p[(int) observations[k][j]] += 1;
                    }
                    double sum = 0;
                    for (double v : p) {
                        sum += v;
                    }
                    for (int c = 0; c < choices; c++) {
                        p[c] /= sum;
                    }
                    choiceProbabilities[k][j] = p;
                }
                continue;
            }
            double low = distribution.internalLow();
            double high = distribution.internalHigh();
            double range = high - low;
            double sigma = SIGMA0 * Math.pow(Math.max(n, 1), -1.0 / (d + 4)) * range;
            sigma = Math.min(range, Math.max(range / Math.min(100, 1 + n), sigma));
            for (int k = 0; k < components; k++) {
                means[k][j] = k < n ? observations[k][j] : 0.5 * (low + high);
                sigmas[k][j] = k < n ? sigma : range;
                logMassInside[k][j] = Math.log(mass(means[k][j], sigmas[k][j], low, high));
            }
        }
        double total = TpeSampler.PRIOR_WEIGHT;
        for (double w : weights) {
            total += w;
        }
        logWeights = new double[components];
        cumulativeWeights = new double[components];
        double running = 0;
        for (int k = 0; k < components; k++) {
            double w = (k < n ? weights[k] : TpeSampler.PRIOR_WEIGHT) / total;
            logWeights[k] = Math.log(w);
            running += w;
            cumulativeWeights[k] = running;
        }
    }

    /** A draw: a component by weight, then each parameter from that component (ints and choices as internal values). */
    double[] sample(SplittableRandom random) {
        double u = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        int k = 0;
        while (k < cumulativeWeights.length - 1 && cumulativeWeights[k] <= u) {
            k++;
        }
        double[] x = new double[distributions.length];
        for (int j = 0; j < x.length; j++) {
            Distribution distribution = distributions[j];
            if (distribution instanceof CategoricalDistribution) {
                double[] p = choiceProbabilities[k][j];
                double v = random.nextDouble();
                int c = 0;
                while (c < p.length - 1 && (v -= p[c]) >= 0) {
                    c++;
                }
                x[j] = c;
            } else {
                double low = distribution.internalLow();
                double high = distribution.internalHigh();
                // Rejection from the untruncated Gaussian: its mean lies in the range, so at least a third of the
                // draws are accepted.
                double value;
                do {
                    value = means[k][j] + sigmas[k][j] * random.nextGaussian();
                } while (value < low || value > high);
                x[j] = distribution.toInternal(distribution.fromInternal(value));
            }
        }
        return x;
    }

    /** log of the estimator at {@code x} (internal values of representable parameter values), as Optuna 3.1. */
    double logDensity(double[] x) {
        int components = logWeights.length;
        double[] terms = new double[components];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < components; k++) {
            double sum = logWeights[k];
            for (int j = 0; j < x.length && sum > Double.NEGATIVE_INFINITY; j++) {
                sum += logTerm(k, j, x[j]);
            }
            terms[k] = sum;
            max = Math.max(max, sum);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double total = 0;
        for (double t : terms) {
            total += Math.exp(t - max);
        }
        return max + Math.log(total);
    }

    private double logTerm(int k, int j, double x) {
        Distribution distribution = distributions[j];
        if (distribution instanceof CategoricalDistribution) {
            return Math.log(choiceProbabilities[k][j][(int) x]);
        }
        double mu = means[k][j];
        double sigma = sigmas[k][j];
        if (distribution instanceof IntDistribution ints && !ints.log()) {
            double from = Math.max(distribution.internalLow(), x - 0.5 * ints.step());
            double to = Math.min(distribution.internalHigh(), x + 0.5 * ints.step());
            double binMass = mass(mu, sigma, from, to);
            if (binMass > 0) {
                return Math.log(binMass) - logMassInside[k][j];
            }
            // Far in a tail the difference of cdfs underflows: the kernel's height times the bin's width.
            double z = (x - mu) / sigma;
            return -0.5 * z * z - LOG_SQRT_2PI + Math.log((to - from) / sigma) - logMassInside[k][j];
        }
        double z = (x - mu) / sigma;
        return -0.5 * z * z - LOG_SQRT_2PI - logMassInside[k][j];
    }

    /** The mass of N(mu, sigma²) on [from, to], on the side of the mean that keeps precision. */
    private static double mass(double mu, double sigma, double from, double to) {
        double a = (from - mu) / sigma;
        double b = (to - mu) / sigma;
        return a > 0 ? StandardNormal.cdf(-a) - StandardNormal.cdf(-b) : StandardNormal.cdf(b) - StandardNormal.cdf(a);
    }
}
