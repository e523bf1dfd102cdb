package dev.tuner.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rectangle of an SVG with data ranges on both axes: maps data to pixels and draws the axes with "nice" ticks.
 * A log axis maps log10 of the value (its range must be positive).
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

    Frame(double left, double top, double width, double height, double[] xRange, boolean xLog, double[] yRange) {
        this.left = left;
        this.top = top;
        this.width = width;
        this.height = height;
        this.xLog = xLog;
        double[] xr = padded(xLog ? new double[]{Math.log10(xRange[0]), Math.log10(xRange[1])} : xRange);
        double[] yr = padded(yRange);
        this.xMin = xr[0];
        this.xMax = xr[1];
        this.yMin = yr[0];
        this.yMax = yr[1];
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
        return top + height - (value - yMin) / (yMax - yMin) * height;
    }

    /** The axes, their ticks and labels, and light grid lines. */
    Tag axes(String xLabel, String yLabel) {
        Tag g = Svg.group("axes");
        for (double t : ticks(yMin, yMax, 5)) {
            double py = y(t);
            g.add(Svg.line(left, py, left + width, py, "#eeeeee", 1));
            g.add(Svg.text(left - 6, py + 4, "end", label(t)).attr("class", "tick"));
        }
        if (xLog) {
            for (double e = Math.ceil(xMin); e <= xMax; e++) {
                double px = left + (e - xMin) / (xMax - xMin) * width;
                g.add(Svg.line(px, top + height, px, top + height + 4, "#444444", 1));
                g.add(Svg.text(px, top + height + 16, "middle", label(Math.pow(10, e))).attr("class", "tick"));
            }
        } else {
            for (double t : ticks(xMin, xMax, 6)) {
                double px = x(t);
                g.add(Svg.line(px, top + height, px, top + height + 4, "#444444", 1));
                g.add(Svg.text(px, top + height + 16, "middle", label(t)).attr("class", "tick"));
            }
        }
        g.add(Svg.line(left, top + height, left + width, top + height, "#444444", 1));
        g.add(Svg.line(left, top, left, top + height, "#444444", 1));
        g.add(Svg.text(left + width / 2, top + height + 34, "middle", xLabel).attr("class", "axis-label"));
        g.add(Svg.rotatedText(left - 48, top + height / 2, yLabel).attr("class", "axis-label"));
        return g;
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
