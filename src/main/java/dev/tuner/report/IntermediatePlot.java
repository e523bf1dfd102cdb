package dev.tuner.report;

import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tuner.report.PlotContext.empty;
import static dev.tuner.report.PlotContext.note;
import static dev.tuner.report.PlotContext.objectiveLabel;

/**
 * Intermediate values (Optuna's plot_intermediate_values): the learning curve of each trial over the budget ladder,
 * the first objective it reported at each budget. Pruned trials are light brown dashed lines ending in a cross at the
 * budget where they were stopped.
 */
final class IntermediatePlot {
    private IntermediatePlot() {
    }

    /** One trial's curve: (budget, value) points in budget order, finite values only. */
    record Curve(int number, TrialState state, List<double[]> points) {
    }

    /** The curves of the complete and pruned trials that reported at least one finite value. */
    static List<Curve> curves(List<Trial> trials) {
        List<Curve> out = new ArrayList<>();
        for (Trial t : trials) {
            if (t.state() != TrialState.COMPLETE && t.state() != TrialState.PRUNED) {
                continue;
            }
            List<double[]> points = new ArrayList<>();
            for (Map.Entry<Double, Double> e : t.intermediate().entrySet()) {
                if (Double.isFinite(e.getKey()) && Double.isFinite(e.getValue())) {
                    points.add(new double[]{e.getKey(), e.getValue()});
                }
            }
            if (!points.isEmpty()) {
                out.add(new Curve(t.number(), t.state(), points));
            }
        }
        return out;
    }

    static List<Tag> draw(PlotContext c) {
        List<Curve> curves = curves(c.result().trials());
        if (curves.isEmpty()) {
            return List.of(empty("no trial reported an intermediate value yet"));
        }
        double[] budgets = curves.stream().flatMap(k -> k.points().stream()).mapToDouble(p -> p[0]).toArray();
        double[] values = curves.stream().flatMap(k -> k.points().stream()).mapToDouble(p -> p[1]).toArray();
        double[] xRange = Frame.range(budgets);
        // A ladder spanning a decade or more (epochs 1..81, 1% to 100% of the data) reads better on a log axis.
        boolean log = xRange[0] > 0 && xRange[1] / xRange[0] >= 10;
        double height = 360;
        Frame f = new Frame(80, 20, PlotContext.WIDTH - 110, height - 70, xRange, log, Frame.range(values));
        Tag svg = Svg.svg("intermediate", PlotContext.WIDTH, height)
                .add(f.axes("budget", objectiveLabel(c.primary())));
        Tag complete = Svg.group("complete");
        Tag pruned = Svg.group("pruned");
        for (Curve k : curves) {
            List<double[]> px = k.points().stream().map(p -> new double[]{f.x(p[0]), f.y(p[1])}).toList();
            boolean wasPruned = k.state() == TrialState.PRUNED;
            String colour = wasPruned ? HtmlReport.Colours.PRUNED : HtmlReport.Colours.INTERMEDIATE;
            String tip = "#" + k.number() + (wasPruned ? " pruned" : " complete") + ": " + k.points().stream()
                    .map(p -> Frame.label(p[0]) + "→" + Frame.label(p[1])).toList();
            Tag line = Svg.polyline(px, colour, wasPruned ? 1.5 : 2).attr("stroke-opacity", wasPruned ? "0.8" : "0.7")
                    .tooltip(tip);
            if (wasPruned) {
                line.attr("stroke-dasharray", "4 3");
            }
            (wasPruned ? pruned : complete).add(line);
            double[] last = px.get(px.size() - 1);
            (wasPruned ? pruned : complete).add(wasPruned ? Svg.cross(last[0], last[1], 4, colour).tooltip(tip)
                    : Svg.circle(last[0], last[1], 3, colour).tooltip(tip));
        }
        svg.add(pruned).add(complete);
        long prunedCount = curves.stream().filter(k -> k.state() == TrialState.PRUNED).count();
        return List.of(svg, note("The " + c.primary().metric() + " each trial reported at each budget of the ladder"
                + " (fold average). Solid: " + (curves.size() - prunedCount) + " complete trials; light brown dashed, ending"
                + " in a cross: " + prunedCount + " pruned trials, stopped at the last budget they reached."));
    }
}
