package dev.tuner.tribuo;

/**
 * One hyperparameter-driven factor of a training's time: its value for a trial (positive) and the exponent it
 * usually enters time with. The estimate fits the exponents from its probe and uses {@code exponent} as the
 * prior it shrinks towards when the probe cannot tell (a driver the probe hardly varied).
 *
 * @param name     a hyperparameter name, or a derived one such as {@code depth} (effective tree depth)
 * @param value    positive; 1 is neutral
 * @param exponent the typical exponent of time in this value (1 = proportional)
 */
public record CostDriver(String name, double value, double exponent) {
    public CostDriver {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("cost driver '" + name + "' must be positive, got " + value);
        }
    }
}
