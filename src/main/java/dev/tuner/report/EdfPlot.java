package dev.tuner.report;

import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.Trial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.tuner.report.PlotContext.empty;
import static dev.tuner.report.PlotContext.note;

/**
 * Empirical distribution function (Optuna's plot_edf) of each objective (the first three): the share of complete
 * trials whose value is at most x. A curve rising early (lower is better) or late (higher is better) means the
 * search spends most trials in good regions.
 */
final class EdfPlot {
    private EdfPlot() {
    }

    /** The steps of the EDF: (value, share of values at most it) for each distinct finite value, ascending. */
    static List<double[]> points(double[] values) {
        double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < sorted.length; i++) {
            if (i + 1 < sorted.length && sorted[i + 1] == sorted[i]) {
                continue;
            }
            out.add(new double[]{sorted[i], (i + 1.0) / sorted.length});
        }
        return out;
    }

    static List<Tag> draw(PlotContext c) {
        List<Trial> complete = c.complete();
        if (complete.isEmpty()) {
            return List.of(empty("no complete trial yet"));
        }
        int shown = Math.min(3, c.data.objectives().size());
        double panelW = PlotContext.WIDTH / shown;
        double height = 280;
        Tag svg = Svg.svg("edf", PlotContext.WIDTH, height);
        for (int o = 0; o < shown; o++) {
            int objective = o;
            ObjectiveSpec spec = c.data.objectives().get(o);
            List<double[]> pts = points(complete.stream().filter(t -> t.values().size() > objective)
                    .mapToDouble(t -> t.values().get(objective)).toArray());
            if (pts.isEmpty()) {
                continue;
            }
            double ox = o * panelW;
            Frame f = new Frame(ox + 70, 24, panelW - 100, height - 80,
                    Frame.range(pts.stream().mapToDouble(p -> p[0]).toArray()), false, new double[]{0, 1});
            if (shown > 1) {
                svg.add(Svg.text(ox + panelW / 2, 14, "middle", spec.metric()).attr("class", "panel-title"));
            }
            svg.add(f.axes(PlotContext.describe(spec), "share of trials ≤ x"));
            List<double[]> steps = new ArrayList<>();
            double previous = 0;
            for (double[] p : pts) {
                steps.add(new double[]{f.x(p[0]), f.y(previous)});
                steps.add(new double[]{f.x(p[0]), f.y(p[1])});
                previous = p[1];
            }
            svg.add(Svg.polyline(steps, HtmlReport.Colours.EDF, 2).tooltip(spec.metric() + ": " + pts.size()
                    + " distinct values of " + complete.size() + " complete trials"));
        }
        return List.of(svg, note("Empirical distribution function of " + (shown == 1 ? "the objective" : "each objective")
                + " over the complete trials: the share of trials with a value at most x."));
    }
}
