package dev.tuner.report;

import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.tuner.report.PlotContext.empty;
import static dev.tuner.report.PlotContext.note;
import static dev.tuner.report.PlotContext.objectiveLabel;

/** The optimization history: each trial's first objective by trial number, and the best so far. */
final class HistoryPlot {
    private HistoryPlot() {
    }

    static List<Tag> draw(PlotContext c) {
        List<Trial> complete = c.complete();
        List<Trial> pruned = c.pruned();
        if (complete.isEmpty() && pruned.isEmpty()) {
            return List.of(empty("no complete trial yet"));
        }
        double height = 340;
        double[] values = Stream.concat(complete.stream().map(Trial::value),
                pruned.stream().map(PlotContext::lastReported)).mapToDouble(Double::doubleValue).toArray();
        Frame f = new Frame(80, 20, PlotContext.WIDTH - 110, height - 70,
                new double[]{0, Math.max(1, c.result().trials().size() - 1)}, false, Frame.range(values));
        Tag svg = Svg.svg("history", PlotContext.WIDTH, height).add(f.axes("trial number", objectiveLabel(c.primary())));
        Tag prunedMarks = Svg.group("pruned");
        for (Trial t : pruned) {
            prunedMarks.add(Svg.cross(f.x(t.number()), f.y(PlotContext.lastReported(t)), 3.5, HtmlReport.Colours.PRUNED)
                    .tooltip("#" + t.number() + " pruned at budget " + Frame.label(t.lastBudget()) + ": "
                            + Frame.label(PlotContext.lastReported(t)) + " " + t.params()));
        }
        svg.add(prunedMarks);
        Tag points = Svg.group("points");
        for (Trial t : complete) {
            points.add(Svg.circle(f.x(t.number()), f.y(t.value()), 4, HtmlReport.Colours.HISTORY_POINT)
                    .tooltip("#" + t.number() + ": " + Frame.label(t.value()) + " " + t.params()));
        }
        svg.add(points);
        if (!complete.isEmpty()) {
            svg.add(Svg.polyline(bestSoFar(c, f), HtmlReport.Colours.HISTORY_BEST, 2.5).attr("class", "best-so-far"));
        }
        return List.of(svg, note("Dots: the " + c.primary().metric() + " of each complete trial; line: the best so far;"
                + " light brown crosses: pruned trials at the value of the last budget they reached (" + pruned.size()
                + "). Failed trials have no value and are not drawn."));
    }

    private static List<double[]> bestSoFar(PlotContext c, Frame f) {
        List<double[]> best = new ArrayList<>();
        double bestSoFar = Double.NaN;
        for (Trial t : c.result().trials()) {
            if (t.state() == TrialState.COMPLETE && c.primary().direction().isBetter(t.value(), bestSoFar)) {
                if (!best.isEmpty()) {
                    best.add(new double[]{f.x(t.number()), f.y(bestSoFar)});
                }
                bestSoFar = t.value();
                best.add(new double[]{f.x(t.number()), f.y(bestSoFar)});
            }
        }
        best.add(new double[]{f.x(c.result().trials().size() - 1), f.y(bestSoFar)});
        return best;
    }
}
