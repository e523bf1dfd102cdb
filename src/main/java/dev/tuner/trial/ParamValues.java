package dev.tuner.trial;

import java.util.Map;

/**
 * Equality of a trial's parameter values as the study sees them: numbers by value within a relative 1e-12 (storage
 * may give back a Long where a Double went in, and a value computed twice may differ in its last bits), anything
 * else by its text.
 */
public final class ParamValues {
    /** Relative difference below which two numbers are the same parameter value. */
    private static final double RELATIVE_TOLERANCE = 1e-12;

    private ParamValues() {
    }

    public static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Math.abs(x.doubleValue() - y.doubleValue())
                    <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(x.doubleValue()));
        }
        return String.valueOf(a).equals(String.valueOf(b));
    }

    /** The same parameter names, each with the same value. */
    public static boolean same(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : a.entrySet()) {
            if (!same(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
