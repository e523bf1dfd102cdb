package dev.tuner.gate;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * McNemar's test of two classifiers on the same rows: only the discordant rows count, {@code b} where the candidate
 * is right and the baseline wrong, {@code c} the other way round. Under "same accuracy" each discordant row is a
 * fair coin, so {@code b ~ Binomial(b + c, 1/2)}.
 * <ul>
 *   <li>{@code b + c < } {@link #EXACT_BELOW}: the exact two-sided binomial p-value,
 *       {@code min(1, 2 P(X <= min(b, c)))};</li>
 *   <li>otherwise the chi-square statistic with Edwards' continuity correction,
 *       {@code (|b - c| - 1)^2 / (b + c)}, on one degree of freedom.</li>
 * </ul>
 * No discordant row: p = 1.
 *
 * @param candidateOnly  b: rows only the candidate gets right
 * @param baselineOnly   c: rows only the baseline gets right
 * @param pValue         two-sided
 * @param method         {@code exact} or {@code chi-square}
 */
public record McNemar(int candidateOnly, int baselineOnly, double pValue, String method) {
    /** Below this many discordant rows the exact binomial test is used (the usual rule of thumb is 25). */
    public static final int EXACT_BELOW = 25;

    public static McNemar test(int candidateOnly, int baselineOnly) {
        if (candidateOnly < 0 || baselineOnly < 0) {
            throw new IllegalArgumentException("discordant counts must not be negative");
        }
        int n = candidateOnly + baselineOnly;
        if (n == 0) {
            return new McNemar(0, 0, 1.0, "exact");
        }
        if (n < EXACT_BELOW) {
            BinomialDistribution coin = new BinomialDistribution(null, n, 0.5);
            double p = Math.min(1.0, 2 * coin.cumulativeProbability(Math.min(candidateOnly, baselineOnly)));
            return new McNemar(candidateOnly, baselineOnly, p, "exact");
        }
        double d = Math.abs(candidateOnly - baselineOnly) - 1.0;
        double statistic = Math.max(0, d) * Math.max(0, d) / n;
        double p = 1 - new ChiSquaredDistribution(null, 1).cumulativeProbability(statistic);
        return new McNemar(candidateOnly, baselineOnly, p, "chi-square");
    }

    /** Whether the candidate is significantly worse at level {@code significance}. */
    public boolean candidateSignificantlyWorse(double significance) {
        return baselineOnly > candidateOnly && pValue < significance;
    }
}
