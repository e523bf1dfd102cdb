package dev.tuner.space;

/**
 * The range a single hyperparameter is drawn from.
 *
 * <p>Samplers work in an "internal" real-valued representation so that one algorithm (TPE's Parzen
 * estimators, Sobol points, NSGA-II's crossover) can handle every kind of parameter: floats and ints map
 * to themselves (or their logarithm for log-scaled ranges), categorical values to their index.
 */
public sealed interface Distribution permits FloatDistribution, IntDistribution, CategoricalDistribution {

    /** The value as the sampler sees it: log(value) for log ranges, the index for categories. */
    double toInternal(Object value);

    /** The inverse of {@link #toInternal}, rounding and clamping into the range. */
    Object fromInternal(double internal);

    /** Lowest internal value. */
    double internalLow();

    /** Highest internal value. */
    double internalHigh();

    /** Whether {@code value} (as stored in a trial) lies in this distribution. */
    boolean contains(Object value);

    /** The distribution in the syntax users write, e.g. {@code log(0.01, 0.3)}. */
    String describe();
}
