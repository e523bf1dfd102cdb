package dev.tuner.gate;

import java.math.BigDecimal;
import java.util.Locale;

/** How figures are printed in messages and reports: short, locale-independent (the gate's, and the bundle's log). */
public final class GateFormat {
    private GateFormat() {
    }

    /** A limit as the user wrote it: no trailing zeros, no exponent for ordinary values. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** A measured value: four decimals (larger values, such as bytes, as whole numbers). */
    public static String value(Double v) {
        if (v == null || Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** A signed change. */
    static String change(Double v) {
        if (v == null || Double.isNaN(v)) {
            return "n/a";
        }
        return (v >= 0 ? "+" : "") + value(v);
    }

    static String percent(Double v) {
        if (v == null || Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.2f%%", v);
    }

    static String pValue(double p) {
        if (p < 1e-4) {
            return String.format(Locale.ROOT, "%.1e", p);
        }
        return String.format(Locale.ROOT, "%.4f", p);
    }

    static String confidence(double significance) {
        return number(Math.round((1 - significance) * 1e6) / 1e4) + "%";
    }
}
