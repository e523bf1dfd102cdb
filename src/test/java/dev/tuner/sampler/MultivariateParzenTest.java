package dev.tuner.sampler;

import dev.tuner.space.Distribution;
import dev.tuner.space.FloatDistribution;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

class MultivariateParzenTest {

    /**
     * Observations along the diagonal of the unit square: the joint estimator draws near the diagonal, where the
     * product of the two marginals (univariate TPE) would spread its draws over the whole square.
     */
    @Test
    void drawsFollowACorrelationBetweenParameters() {
        Distribution unit = new FloatDistribution(0, 1, false);
        int n = 10;
        double[][] observations = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = 0.05 + 0.1 * i;
            observations[i] = new double[]{t, t};
        }
        MultivariateParzen estimator = new MultivariateParzen(new Distribution[]{unit, unit}, observations,
                TpeSampler.defaultWeights(n));
        SplittableRandom random = new SplittableRandom(1);
        int near = 0;
        int draws = 2000;
        for (int i = 0; i < draws; i++) {
            double[] x = estimator.sample(random);
            if (Math.abs(x[0] - x[1]) < 0.1) {
                near++;
            }
        }
        // independent uniform coordinates land within 0.1 of the diagonal with probability 0.19; a component of
        // bandwidth 0.2 * 10^(-1/6) = 0.15 on each axis puts about 0.37 of its draws there
        assertTrue(near > 0.3 * draws, near + " of " + draws + " draws within 0.1 of the diagonal");
        // Optuna 3.1 scores by kernel heights, where the wide prior weighs much, so the margin is small but there.
        assertTrue(estimator.logDensity(new double[]{0.5, 0.5}) > estimator.logDensity(new double[]{0.1, 0.9}),
                "the diagonal is denser than the opposite corner");
    }
}
