package dev.tuner.trial;

/** Whether an objective is minimized or maximized. */
public enum Direction {
    MINIMIZE, MAXIMIZE;

    /** True when {@code a} is strictly better than {@code b} in this direction. NaN is never better. */
    public boolean isBetter(double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return this == MINIMIZE ? a < b : a > b;
    }

    /** The value turned into a loss (lower is better), so algorithms can be written for minimization only. */
    public double toLoss(double value) {
        return this == MINIMIZE ? value : -value;
    }

    public String shortName() {
        return this == MINIMIZE ? "min" : "max";
    }
}
