package dev.tuner.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one distribution in the syntax of {@code <searchSpace>}:
 * {@code float(lo, hi)}, {@code log(lo, hi)}, {@code int(lo, hi)}, {@code int(lo, hi, step)},
 * {@code intlog(lo, hi)}, {@code choice(a, b, ...)}; a bare value is a one-value choice (a fixed parameter).
 */
public final class SearchSpaceParser {
    /** The largest end a range may have (see checkOrder). */
    static final double MAX_MAGNITUDE = 1e100;

    private SearchSpaceParser() {
    }

    public static Distribution parse(String name, String text) {
        if (text == null || text.isBlank()) {
            throw new SearchSpaceException(name, "empty; expected float(lo, hi), log(lo, hi), int(lo, hi[, step]) or choice(a, b, ...)");
        }
        String s = text.strip();
        int open = s.indexOf('(');
        if (open < 0) {
            if (s.indexOf(')') >= 0) {
                throw new SearchSpaceException(name, "'" + s + "' has ')' without '('");
            }
            return new CategoricalDistribution(List.of(s));
        }
        if (!s.endsWith(")")) {
            throw new SearchSpaceException(name, "'" + s + "' does not end with ')'");
        }
        String kind = s.substring(0, open).strip().toLowerCase(Locale.ROOT);
        String inner = s.substring(open + 1, s.length() - 1);
        List<String> args = new ArrayList<>();
        for (String a : inner.split(",", -1)) {
            args.add(a.strip());
        }
        if (args.size() == 1 && args.get(0).isEmpty()) {
            args.clear();
        }
        for (String a : args) {
            if (a.isEmpty()) {
                throw new SearchSpaceException(name, "'" + s + "' has an empty argument");
            }
        }
        try {
            switch (kind) {
                case "float", "uniform" -> {
                    expectArgs(name, s, args, 2, 2);
                    double lo = number(name, s, args.get(0));
                    double hi = number(name, s, args.get(1));
                    checkOrder(name, s, lo, hi);
                    return new FloatDistribution(lo, hi, false);
                }
                case "log", "loguniform" -> {
                    expectArgs(name, s, args, 2, 2);
                    double lo = number(name, s, args.get(0));
                    double hi = number(name, s, args.get(1));
                    if (lo <= 0) {
                        throw new SearchSpaceException(name, "'" + s + "': low must be > 0 for a log range");
                    }
                    checkOrder(name, s, lo, hi);
                    return new FloatDistribution(lo, hi, true);
                }
                case "int" -> {
                    expectArgs(name, s, args, 2, 3);
                    long lo = integer(name, s, args.get(0));
                    long hi = integer(name, s, args.get(1));
                    checkOrder(name, s, lo, hi);
                    long step = args.size() == 3 ? integer(name, s, args.get(2)) : 1;
                    if (step < 1) {
                        throw new SearchSpaceException(name, "'" + s + "': step must be >= 1");
                    }
                    if ((hi - lo) % step != 0) {
                        throw new SearchSpaceException(name, "'" + s + "': high - low must be a multiple of step");
                    }
                    return new IntDistribution(lo, hi, step, false);
                }
                case "intlog", "logint" -> {
                    expectArgs(name, s, args, 2, 2);
                    long lo = integer(name, s, args.get(0));
                    long hi = integer(name, s, args.get(1));
                    if (lo < 1) {
                        throw new SearchSpaceException(name, "'" + s + "': low must be >= 1 for a log range");
                    }
                    checkOrder(name, s, lo, hi);
                    return new IntDistribution(lo, hi, 1, true);
                }
                case "choice", "categorical" -> {
                    if (args.isEmpty()) {
                        throw new SearchSpaceException(name, "'" + s + "': choice() needs at least one value");
                    }
                    if (args.stream().distinct().count() != args.size()) {
                        throw new SearchSpaceException(name, "'" + s + "': choice() lists a value twice");
                    }
                    return new CategoricalDistribution(args);
                }
                default -> throw new SearchSpaceException(name, "unknown distribution '" + kind
                        + "' in '" + s + "'; expected float, log, int, intlog or choice");
            }
        } catch (IllegalArgumentException e) {
            if (e instanceof SearchSpaceException) {
                throw e;
            }
            throw new SearchSpaceException(name, "'" + s + "': " + e.getMessage());
        }
    }

    private static void expectArgs(String name, String s, List<String> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            String want = min == max ? String.valueOf(min) : min + " or " + max;
            throw new SearchSpaceException(name, "'" + s + "' takes " + want + " arguments, got " + args.size());
        }
    }

    private static void checkOrder(String name, String s, double lo, double hi) {
        if (lo > hi) {
            throw new SearchSpaceException(name, "'" + s + "': low " + format(lo) + " is greater than high " + format(hi));
        }
        // The samplers square distances and widths within the range: beyond this they overflow and every proposal
        // is an end of the range or NaN.
        if (Math.max(Math.abs(lo), Math.abs(hi)) > MAX_MAGNITUDE) {
            boolean linear = s.strip().startsWith("float") || s.strip().startsWith("uniform");
            throw new SearchSpaceException(name, "'" + s + "': the ends must lie within +-1e100" + (linear
                    ? "; for a quantity that spans orders of magnitude use log(lo, hi)" : ""));
        }
    }

    private static void checkOrder(String name, String s, long lo, long hi) {
        checkOrder(name, s, (double) lo, (double) hi);
        try {
            Math.subtractExact(hi, lo);
        } catch (ArithmeticException e) {
            throw new SearchSpaceException(name, "'" + s + "': high - low is beyond the largest integer ("
                    + Long.MAX_VALUE + ")");
        }
    }

    private static double number(String name, String s, String a) {
        try {
            double d = Double.parseDouble(a);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new SearchSpaceException(name, "'" + s + "': '" + a + "' is not a finite number");
        }
    }

    private static long integer(String name, String s, String a) {
        try {
            return Long.parseLong(a);
        } catch (NumberFormatException e) {
            throw new SearchSpaceException(name, "'" + s + "': '" + a + "' is not an integer");
        }
    }

    /** Shortest text for a bound: 1 rather than 1.0, 0.01 rather than 1.0E-2. */
    static String format(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
