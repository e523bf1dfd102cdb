package dev.tuner.report;

import dev.tuner.trial.Trial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.tuner.report.PlotContext.empty;
import static dev.tuner.report.PlotContext.note;

/**
 * Parallel coordinates: one line per complete trial across its parameters and the first objective, coloured by
 * that objective on {@link ColourScale#PLASMA} (dark: better), the best drawn last and thickest.
 */
final class ParallelPlot {
    private ParallelPlot() {
    }

    static List<Tag> draw(PlotContext c) {
        List<Trial> complete = c.complete().stream().filter(t -> Double.isFinite(t.value())).toList();
        if (complete.isEmpty() || c.data.parameterNames().isEmpty()) {
            return List.of(empty("needs complete trials and at least one parameter"));
        }
        List<PlotContext.Axis> axes = c.data.parameterNames().stream().map(n -> c.axis(n, complete)).toList();
        int n = axes.size() + 1;
        double height = 380;
        double top = 30;
        double bottom = height - 40;
        double left = 70;
        double right = PlotContext.WIDTH - 110;
        double step = n == 1 ? 0 : (right - left) / (n - 1);
        double[] objective = Frame.range(complete.stream().mapToDouble(Trial::value).toArray());
        double[] bw = PlotContext.bestWorst(complete.stream().mapToDouble(Trial::value).toArray(),
                c.primary().direction());
        Tag svg = Svg.svg("parallel", PlotContext.WIDTH, height);
        Tag lines = Svg.group("trials");
        // Worst first, so the better (darker) lines are drawn on top.
        List<Trial> order = new ArrayList<>(complete);
        order.sort(Comparator.comparingDouble((Trial t) -> ColourScale.position(t.value(), bw[0], bw[1])).reversed());
        Trial best = order.get(order.size() - 1);
        for (Trial t : order) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double v = i < axes.size() ? axes.get(i).internal(c.encoding, t) : t.value();
                double[] r = i < axes.size() ? axes.get(i).internalRange() : objective;
                double u = r[1] > r[0] ? (v - r[0]) / (r[1] - r[0]) : 0.5;
                if (Double.isFinite(u)) {
                    pts.add(new double[]{left + i * step, bottom - u * (bottom - top)});
                }
            }
            String colour = ColourScale.PLASMA.colour(ColourScale.position(t.value(), bw[0], bw[1]));
            lines.add(Svg.polyline(pts, colour, t == best ? 3.5 : 1.5)
                    .tooltip((t == best ? "best #" : "#") + t.number() + ": " + Frame.label(t.value()) + " "
                            + t.params()));
        }
        svg.add(lines);
        for (int i = 0; i < n; i++) {
            double x = left + i * step;
            svg.add(Svg.line(x, top, x, bottom, "#444444", 1));
            String name = i < axes.size() ? axes.get(i).name() : c.primary().metric();
            svg.add(Svg.text(x, top - 12, "middle", name).attr("class", "axis-label"));
            if (i < axes.size()) {
                svg.add(ticks(axes.get(i), x, top, bottom));
            } else {
                svg.add(Svg.text(x + 4, bottom, "start", Frame.label(objective[0])).attr("class", "tick"));
                svg.add(Svg.text(x + 4, top + 4, "start", Frame.label(objective[1])).attr("class", "tick"));
            }
        }
        svg.add(ColourScale.PLASMA.bar(right + 40, top + 10, bottom - top - 20, Frame.label(bw[0]), Frame.label(bw[1]),
                c.primary().metric()));
        return List.of(svg, note("One line per complete trial across its parameters and its " + c.primary().metric()
                + ", coloured by it (dark: better; the best trial is the thickest line). Log-scaled parameters are"
                + " drawn on a log axis, choices at their names."));
    }

    /**
     * Ticks next to an axis: every choice of a categorical one, round values of a numeric one (decades of a log one),
     * so an int range's half-step margins (0.5, 10.5) never show as labels.
     */
    private static Tag ticks(PlotContext.Axis axis, double x, double top, double bottom) {
        Tag g = Svg.group("ticks");
        double[] r = axis.internalRange();
        List<double[]> ticks = new ArrayList<>();
        if (axis.categories() != null) {
            for (int k = 0; k < axis.categories().size(); k++) {
                ticks.add(new double[]{k, k});
            }
        } else if (axis.log()) {
            for (double e = Math.ceil(r[0] / Math.log(10)); e * Math.log(10) <= r[1]; e++) {
                ticks.add(new double[]{e * Math.log(10), Math.pow(10, e)});
            }
        } else {
            Frame.ticks(r[0], r[1], 4).forEach(t -> ticks.add(new double[]{t, t}));
        }
        for (double[] t : ticks) {
            double u = r[1] > r[0] ? (t[0] - r[0]) / (r[1] - r[0]) : 0.5;
            double y = bottom - u * (bottom - top);
            g.add(Svg.line(x - 3, y, x + 3, y, "#444444", 1));
            String label = axis.categories() != null ? axis.categories().get((int) t[1]) : Frame.label(t[1]);
            g.add(Svg.text(x + 5, y + 4, "start", label).attr("class", "tick"));
        }
        return g;
    }
}
