package dev.tuner.sampler;

import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;

/**
 * Maps a coordinate of the unit cube onto a distribution, uniformly in the distribution's internal space.
 *
 * <p>Random search and Sobol points both produce coordinates in [0, 1); mapping them the same way keeps their
 * marginals identical, so the only difference between the two samplers is how the points are spread. Floats map
 * linearly (or log-linearly) onto their range; ints onto [low - step/2, high + step/2] (what
 * {@link dev.tuner.space.IntDistribution#internalLow()} spans) and are then rounded, so every integer gets the same
 * share; choices get equal sub-intervals of [0, 1), not the rounding of [0, n - 1], which would halve the share of
 * the first and last choice.
 */
final class UnitCubeMapping {
    private UnitCubeMapping() {
    }

    /** The value of {@code distribution} at coordinate {@code u} in [0, 1). */
    static Object valueAt(Distribution distribution, double u) {
        if (distribution instanceof CategoricalDistribution categorical) {
            int n = categorical.choices().size();
            return categorical.choices().get(Math.min(n - 1, (int) (u * n)));
        }
        double low = distribution.internalLow();
        double high = distribution.internalHigh();
        return distribution.fromInternal(low + u * (high - low));
    }
}
