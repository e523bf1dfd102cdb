package dev.tuner.space;

/** An integer parameter in [low, high] on a grid of {@code step}, uniform or uniform in log space. */
public record IntDistribution(long low, long high, long step, boolean log) implements Distribution {

    public IntDistribution {
        if (low > high) {
            throw new IllegalArgumentException("low " + low + " must not be greater than high " + high);
        }
        if (step < 1) {
            throw new IllegalArgumentException("step must be >= 1, got " + step);
        }
        if (log && low < 1) {
            throw new IllegalArgumentException("low must be >= 1 for a log range, got " + low);
        }
        if (log && step != 1) {
            throw new IllegalArgumentException("a log range of integers cannot have a step");
        }
    }

    @Override
    public double toInternal(Object value) {
        double v = ((Number) value).doubleValue();
        return log ? Math.log(v) : v;
    }

    /**
     * Internal values of an int range span [low - 0.5, high + 0.5] (in log space: around the log of each end),
     * so that every integer, including both ends, gets the same share of a continuous proposal.
     */
    @Override
    public Object fromInternal(double internal) {
        double v = log ? Math.exp(internal) : internal;
        long k = Math.round((v - low) / step);
        long max = (high - low) / step;
        k = Math.max(0, Math.min(max, k));
        return low + k * step;
    }

    @Override
    public double internalLow() {
        return log ? Math.log(low - 0.5 <= 0 ? low * 0.5 + 0.25 : low - 0.5) : low - 0.5 * step;
    }

    @Override
    public double internalHigh() {
        return log ? Math.log(high + 0.5) : high + 0.5 * step;
    }

    /** Number of distinct values. */
    public long size() {
        return (high - low) / step + 1;
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof Number n)) {
            return false;
        }
        double d = n.doubleValue();
        if (d != Math.rint(d)) {
            return false;
        }
        long v = (long) d;
        return v >= low && v <= high && (v - low) % step == 0;
    }

    @Override
    public String describe() {
        if (log) {
            return "intlog(" + low + ", " + high + ")";
        }
        return step == 1 ? "int(" + low + ", " + high + ")" : "int(" + low + ", " + high + ", " + step + ")";
    }
}
