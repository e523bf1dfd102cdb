package dev.tuner.pruner;

/**
 * A pruner that promotes about one trial in {@code eta} at each rung (successive halving and Hyperband): with
 * several objectives, the same share of a rung survives as with one.
 */
abstract class ReductionFactorPruner implements Pruner {

    private final int reductionFactor;

    ReductionFactorPruner(int reductionFactor) {
        if (reductionFactor < 2) {
            throw new IllegalArgumentException("reduction factor (eta) must be >= 2, got " + reductionFactor);
        }
        this.reductionFactor = reductionFactor;
    }

    public int reductionFactor() {
        return reductionFactor;
    }

    @Override
    public double keepFraction() {
        return 1.0 / reductionFactor;
    }
}
