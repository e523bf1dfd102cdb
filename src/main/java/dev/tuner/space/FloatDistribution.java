package dev.tuner.space;

/** A real-valued parameter in [low, high], uniform or uniform in log space. */
public record FloatDistribution(double low, double high, boolean log) implements Distribution {

    public FloatDistribution {
        if (!(low <= high)) {
            throw new IllegalArgumentException("low " + low + " must not be greater than high " + high);
        }
        if (log && low <= 0) {
            throw new IllegalArgumentException("low must be > 0 for a log range, got " + low);
        }
    }

    @Override
    public double toInternal(Object value) {
        double v = ((Number) value).doubleValue();
        return log ? Math.log(v) : v;
    }

    @Override
    public Object fromInternal(double internal) {
        if (log) {
            // exp(log(20)) is 19.999999999999996: an end reached through the logarithm is the end as written.
            if (internal >= internalHigh()) {
                return high;
            }
            if (internal <= internalLow()) {
                return low;
            }
        }
        double v = log ? Math.exp(internal) : internal;
        if (log && (high - v <= ENDS_TOLERANCE * high || v - low <= ENDS_TOLERANCE * low)) {
            // A point a rounding away from an end (the unit cube's 1.0 mapped back) is that end.
            return high - v <= ENDS_TOLERANCE * high ? high : low;
        }
        return Math.min(high, Math.max(low, v));
    }

    /** Relative distance from an end of a log range within which a value is that end. */
    private static final double ENDS_TOLERANCE = 1e-12;

    @Override
    public double internalLow() {
        return log ? Math.log(low) : low;
    }

    @Override
    public double internalHigh() {
        return log ? Math.log(high) : high;
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof Number n)) {
            return false;
        }
        double v = n.doubleValue();
        return v >= low && v <= high;
    }

    @Override
    public String describe() {
        return (log ? "log(" : "float(") + SearchSpaceParser.format(low) + ", " + SearchSpaceParser.format(high) + ")";
    }
}
