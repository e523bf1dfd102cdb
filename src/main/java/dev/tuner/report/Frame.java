package dev.tuner.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rectangle of an SVG with data ranges on both axes: maps data to pixels and draws the axes with "nice" ticks.
 * A log axis maps log10 of the value (its range must be positive). A categorical axis places choice {@code i} at
 * {@code i} and labels it with the choice's name.
 */
final class Frame {
    final double left;
    final double top;
    final double width;
    final double height;
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final boolean xLog;
    private final boolean yLog;
    private List<String> xCategories;
    private List<String> yCategories;

    Frame(double left, double top, double width, double height, double[] xRange, boolean xLog, double[] yRange) {
        this(left, top, width, height, xRange, xLog, yRange, false);
    }

    Frame(double left, double top, double width, double height, double[] xRange, boolean xLog, double[] yRange,
          boolean yLog) {
        this.left = left;
        this.top = top;
        this.width = width;
        this.height = height;
        this.xLog = xLog;
        this.yLog = yLog;
        double[] xr = padded(xLog ? log10(xRange) : xRange);
        double[] yr = padded(yLog ? log10(yRange) : yRange);
        this.xMin = xr[0];
        this.xMax = xr[1];
        this.yMin = yr[0];
        this.yMax = yr[1];
    }

    /** Labels the ticks of a categorical axis with its choices (null: a numeric axis). */
    Frame categories(List<String> x, List<String> y) {
        this.xCategories = x;
        this.yCategories = y;
        return this;
    }

    private static double[] log10(double[] r) {
        return new double[]{Math.log10(r[0]), Math.log10(r[1])};
    }

    /** min and max of the finite values, or (0, 1) when there are none. */
    static double[] range(double... values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo > hi ? new double[]{0, 1} : new double[]{lo, hi};
    }

    /** A degenerate range is widened; any range gets 4% room on each side so markers are not cut at the edge. */
    private static double[] padded(double[] r) {
        double lo = r[0];
        double hi = r[1];
        if (hi - lo < 1e-12) {
            double d = Math.abs(lo) > 1e-12 ? Math.abs(lo) * 0.1 : 1;
            lo -= d;
            hi += d;
        }
        double pad = (hi - lo) * 0.04;
        return new double[]{lo - pad, hi + pad};
    }

    double x(double value) {
        double v = xLog ? Math.log10(value) : value;
        return left + (v - xMin) / (xMax - xMin) * width;
    }

    double y(double value) {
        double v = yLog ? Math.log10(value) : value;
        return top + height - (v - yMin) / (yMax - yMin) * height;
    }

    /** The axes, their ticks and labels, and light grid lines. */
    Tag axes(String xLabel, String yLabel) {
        Tag g = Svg.group("axes");
        for (double[] t : ticks(yMin, yMax, yLog, yCategories, 5)) {
            double py = top + height - (t[0] - yMin) / (yMax - yMin) * height;
            g.add(Svg.line(left, py, left + width, py, "#eeeeee", 1));
            g.add(Svg.text(left - 6, py + 4, "end", tickLabel(t, yCategories)).attr("class", "tick"));
        }
        for (double[] t : ticks(xMin, xMax, xLog, xCategories, 6)) {
            double px = left + (t[0] - xMin) / (xMax - xMin) * width;
            g.add(Svg.line(px, top + height, px, top + height + 4, "#444444", 1));
            g.add(Svg.text(px, top + height + 16, "middle", tickLabel(t, xCategories)).attr("class", "tick"));
        }
        g.add(Svg.line(left, top + height, left + width, top + height, "#444444", 1));
        g.add(Svg.line(left, top, left, top + height, "#444444", 1));
        g.add(Svg.text(left + width / 2, top + height + 34, "middle", xLabel).attr("class", "axis-label"));
        g.add(Svg.rotatedText(left - 48, top + height / 2, yLabel).attr("class", "axis-label"));
        return g;
    }

    /** Ticks as (position on the mapped scale, value): decades on a log axis, every choice on a categorical one. */
    private static List<double[]> ticks(double lo, double hi, boolean log, List<String> categories, int count) {
        List<double[]> out = new ArrayList<>();
        if (categories != null) {
            for (int i = 0; i < categories.size(); i++) {
                if (i >= lo && i <= hi) {
                    out.add(new double[]{i, i});
                }
            }
        } else if (log) {
            for (double e = Math.ceil(lo); e <= hi; e++) {
                out.add(new double[]{e, Math.pow(10, e)});
            }
        } else {
            ticks(lo, hi, count).forEach(t -> out.add(new double[]{t, t}));
        }
        return out;
    }

    private static String tickLabel(double[] tick, List<String> categories) {
        return categories != null ? categories.get((int) tick[1]) : label(tick[1]);
    }

    /** Round tick values inside [lo, hi], about {@code count} of them. */
    static List<Double> ticks(double lo, double hi, int count) {
        List<Double> out = new ArrayList<>();
        double span = hi - lo;
        if (!(span > 0) || !Double.isFinite(span)) {
            return out;
        }
        double raw = span / count;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return out;
    }

    static String label(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e5 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
