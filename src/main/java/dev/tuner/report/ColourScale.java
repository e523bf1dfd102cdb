package dev.tuner.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A sequential colour scale (colours interpolated between stops) and its colour bar. Plots colour by the objective
 * with 0 the best trial's value and 1 the worst's, so the darker end is always the better one whatever the
 * direction.
 */
final class ColourScale {
    /** Contour fill: viridis, dark purple (best) to yellow (worst). */
    static final ColourScale VIRIDIS = new ColourScale("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725");
    /** Parallel-coordinate lines: plasma without its palest yellow, which vanishes on white. */
    static final ColourScale PLASMA = new ColourScale("#0d0887", "#7e03a8", "#cc4778", "#f89540");
    /** Rank plot: blue (best) through pale yellow to red (worst), like Optuna's plot_rank. */
    static final ColourScale RED_YELLOW_BLUE = new ColourScale("#313695", "#74add1", "#ffffbf", "#f46d43", "#a50026");

    private final List<int[]> stops;

    private ColourScale(String... hex) {
        this.stops = Arrays.stream(hex).map(h -> new int[]{Integer.parseInt(h.substring(1, 3), 16),
                Integer.parseInt(h.substring(3, 5), 16), Integer.parseInt(h.substring(5, 7), 16)}).toList();
    }

    /** The colour at {@code t} in [0, 1] (clamped; NaN gives the middle). */
    String colour(double t) {
        double u = Double.isNaN(t) ? 0.5 : Math.max(0, Math.min(1, t));
        double pos = u * (stops.size() - 1);
        int i = Math.min(stops.size() - 2, (int) Math.floor(pos));
        double f = pos - i;
        int[] a = stops.get(i);
        int[] b = stops.get(i + 1);
        return String.format(Locale.ROOT, "#%02x%02x%02x", mix(a[0], b[0], f), mix(a[1], b[1], f), mix(a[2], b[2], f));
    }

    /** The first stop (the best end) as #rrggbb: what a test looks for in a screenshot. */
    String best() {
        return colour(0);
    }

    /** The last stop (the worst end). */
    String worst() {
        return colour(1);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /**
     * Where {@code value} falls between the best and the worst value: 0 at best, 1 at worst (0.5 when they are
     * equal).
     */
    static double position(double value, double best, double worst) {
        return best == worst ? 0.5 : (value - best) / (worst - best);
    }

    /** A vertical colour bar from the best value (top) to the worst (bottom), with both labelled. */
    Tag bar(double x, double y, double height, String best, String worst, String title) {
        Tag g = Svg.group("colour-bar");
        int steps = 24;
        for (int i = 0; i < steps; i++) {
            g.add(Svg.rect(x, y + i * height / steps, 14, height / steps + 0.5, colour(i / (steps - 1.0))));
        }
        g.add(Svg.text(x + 18, y + 10, "start", best));
        g.add(Svg.text(x + 18, y + height, "start", worst));
        g.add(Svg.text(x, y - 8, "start", title).attr("class", "axis-label"));
        return g;
    }
}
