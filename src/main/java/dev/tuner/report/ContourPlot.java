package dev.tuner.report;

import dev.tuner.trial.Trial;

import java.util.ArrayList;
import java.util.List;

import static dev.tuner.report.PlotContext.empty;
import static dev.tuner.report.PlotContext.note;

/**
 * Contour (Optuna's plot_contour) for each pair of the most important parameters: the first objective interpolated
 * over the pair's plane by inverse-distance weighting of the complete trials, filled on {@link ColourScale#VIRIDIS}
 * (dark: better), with the trials on top. A choice gets one column (or row) per category.
 */
final class ContourPlot {
    /** Cells per numeric axis. */
    static final int CELLS = 24;

    private ContourPlot() {
    }

    /** The cells along one axis, in internal coordinates: {@code centres.length + 1} edges. */
    record Cells(double[] centres, double[] edges, boolean categorical) {
        static Cells of(PlotContext.Axis axis) {
            double[] r = axis.internalRange();
            int n = axis.categories() != null ? axis.categories().size() : CELLS;
            double lo = axis.categories() != null ? -0.5 : r[0];
            double step = axis.categories() != null ? 1 : (r[1] - r[0]) / n;
            double[] edges = new double[n + 1];
            double[] centres = new double[n];
            for (int i = 0; i <= n; i++) {
                edges[i] = lo + i * step;
            }
            for (int i = 0; i < n; i++) {
                centres[i] = (edges[i] + edges[i + 1]) / 2;
            }
            return new Cells(centres, edges, axis.categories() != null);
        }

        /** Distance along this axis on a 0..1 scale: the share of the range, or 0/1 for same/other choice. */
        double distance(double a, double b) {
            if (categorical) {
                return Math.round(a) == Math.round(b) ? 0 : 1;
            }
            double span = edges[edges.length - 1] - edges[0];
            return span > 0 ? (a - b) / span : 0;
        }
    }

    /**
     * The interpolated objective at every cell centre: {@code z[row][column]}, rows along y. Each cell is the mean of
     * the trials' values weighted by 1 / squared distance, so a trial at a cell's centre sets that cell, and every
     * cell stays within the trials' range.
     */
    static double[][] grid(double[] px, double[] py, double[] values, Cells x, Cells y) {
        double[][] z = new double[y.centres().length][x.centres().length];
        for (int r = 0; r < z.length; r++) {
            for (int col = 0; col < z[r].length; col++) {
                double sum = 0;
                double weights = 0;
                for (int i = 0; i < values.length; i++) {
                    double dx = x.distance(px[i], x.centres()[col]);
                    double dy = y.distance(py[i], y.centres()[r]);
                    double w = 1 / (dx * dx + dy * dy + 1e-12);
                    sum += w * values[i];
                    weights += w;
                }
                z[r][col] = weights > 0 ? sum / weights : Double.NaN;
            }
        }
        return z;
    }

    static List<Tag> draw(PlotContext c) {
        List<String[]> pairs = c.importantPairs();
        List<Trial> complete = c.complete().stream().filter(t -> Double.isFinite(t.value())).toList();
        if (pairs.isEmpty() || complete.size() < 2) {
            return List.of(empty("needs two parameters and at least two complete trials"));
        }
        double[] bw = PlotContext.bestWorst(complete.stream().mapToDouble(Trial::value).toArray(),
                c.primary().direction());
        double panel = 300;
        double w = pairs.size() == 1 ? 600 : 210;
        Tag svg = Svg.svg("contour", PlotContext.WIDTH, panel + 20);
        for (int p = 0; p < pairs.size(); p++) {
            double left = pairs.size() == 1 ? 80 : 70 + p * 290;
            svg.add(panel(c, complete, pairs.get(p), new Frame(left, 24, w, panel - 70, new double[]{0, 1}, false,
                    new double[]{0, 1}), left, w, panel, bw));
        }
        double barX = pairs.size() == 1 ? 720 : 70 + pairs.size() * 290 - 60;
        svg.add(ColourScale.VIRIDIS.bar(barX, 40, panel - 110, Frame.label(bw[0]), Frame.label(bw[1]),
                c.primary().metric()));
        return List.of(svg, note("The " + c.primary().metric() + " over each pair of the " + c.mostImportant().size()
                + " most important parameters (" + String.join(", ", c.mostImportant()) + "), interpolated between"
                + " the complete trials (white dots) by inverse-distance weighting; dark is better. Other parameters"
                + " vary freely, so a region is only as reliable as the trials near it."));
    }

    private static Tag panel(PlotContext c, List<Trial> trials, String[] pair, Frame layout, double left, double w,
                             double panel, double[] bw) {
        PlotContext.Axis ax = c.axis(pair[0], trials);
        PlotContext.Axis ay = c.axis(pair[1], trials);
        List<Trial> placed = new ArrayList<>();
        for (Trial t : trials) {
            if (Double.isFinite(ax.internal(c.encoding, t)) && Double.isFinite(ay.internal(c.encoding, t))) {
                placed.add(t);
            }
        }
        double[] px = placed.stream().mapToDouble(t -> ax.internal(c.encoding, t)).toArray();
        double[] py = placed.stream().mapToDouble(t -> ay.internal(c.encoding, t)).toArray();
        double[] values = placed.stream().mapToDouble(Trial::value).toArray();
        Cells cx = Cells.of(ax);
        Cells cy = Cells.of(ay);
        double[][] z = grid(px, py, values, cx, cy);
        Frame f = new Frame(layout.left, layout.top, layout.width, layout.height, ax.plotRange(),
                ax.log() && ax.plotRange()[0] > 0, ay.plotRange(), ay.log() && ay.plotRange()[0] > 0)
                .categories(ax.categories(), ay.categories());
        Tag g = Svg.group("pair");
        g.add(Svg.text(left + w / 2, 14, "middle", pair[0] + " × " + pair[1]).attr("class", "panel-title"));
        g.add(f.axes(pair[0], pair[1]));
        Tag cells = Svg.group("cells");
        for (int r = 0; r < z.length; r++) {
            for (int col = 0; col < z[r].length; col++) {
                double x0 = f.x(ax.plot(cx.edges()[col]));
                double x1 = f.x(ax.plot(cx.edges()[col + 1]));
                double y0 = f.y(ay.plot(cy.edges()[r + 1]));
                double y1 = f.y(ay.plot(cy.edges()[r]));
                cells.add(Svg.rect(x0, y0, x1 - x0 + 0.5, y1 - y0 + 0.5,
                        ColourScale.VIRIDIS.colour(ColourScale.position(z[r][col], bw[0], bw[1]))));
            }
        }
        g.add(cells);
        Tag dots = Svg.group("trials");
        for (int i = 0; i < placed.size(); i++) {
            Trial t = placed.get(i);
            dots.add(Svg.circle(f.x(ax.plot(px[i])), f.y(ay.plot(py[i])), 2.5, "#ffffff").attr("stroke", "#000000")
                    .attr("stroke-width", 0.8).tooltip("#" + t.number() + ": " + Frame.label(t.value())));
        }
        g.add(dots);
        return g;
    }
}
