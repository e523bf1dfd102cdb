package dev.tuner.report;

import dev.tuner.trial.Trial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.tuner.report.PlotContext.describe;
import static dev.tuner.report.PlotContext.empty;
import static dev.tuner.report.PlotContext.note;

/** The Pareto front: a scatter of each pair of (the first three) objectives, non-dominated trials highlighted. */
final class ParetoPlot {
    private ParetoPlot() {
    }

    static List<Tag> draw(PlotContext c) {
        int k = c.data.objectives().size();
        if (k < 2) {
            return List.of(empty("one objective (" + c.primary().metric() + "): no Pareto front; list several"
                    + " <objectives> to trade them off"));
        }
        List<Trial> complete = c.complete();
        if (complete.isEmpty()) {
            return List.of(empty("no complete trial yet"));
        }
        List<Trial> front = c.result().paretoFront();
        List<int[]> pairs = new ArrayList<>();
        int shown = Math.min(k, 3);
        for (int a = 0; a < shown; a++) {
            for (int b = a + 1; b < shown; b++) {
                pairs.add(new int[]{a, b});
            }
        }
        double panel = pairs.size() == 1 ? 520 : 300;
        Tag svg = Svg.svg("pareto", PlotContext.WIDTH, panel + 20);
        for (int p = 0; p < pairs.size(); p++) {
            int a = pairs.get(p)[0];
            int b = pairs.get(p)[1];
            double left = (pairs.size() == 1 ? 80 : 70 + p * 315);
            double w = (pairs.size() == 1 ? 600 : 230);
            Frame f = new Frame(left, 24, w, panel - 70,
                    Frame.range(complete.stream().mapToDouble(t -> t.values().get(a)).toArray()), false,
                    Frame.range(complete.stream().mapToDouble(t -> t.values().get(b)).toArray()));
            svg.add(Svg.text(left + w / 2, 14, "middle", c.data.objectives().get(a).metric() + " vs "
                    + c.data.objectives().get(b).metric()).attr("class", "panel-title"));
            svg.add(f.axes(describe(c.data.objectives().get(a)), describe(c.data.objectives().get(b))));
            Tag others = Svg.group("dominated");
            for (Trial t : complete) {
                if (!front.contains(t)) {
                    others.add(Svg.circle(f.x(t.values().get(a)), f.y(t.values().get(b)), 3.5,
                            HtmlReport.Colours.PARETO_OTHER).tooltip("#" + t.number() + " " + t.values()));
                }
            }
            svg.add(others);
            Tag onFront = Svg.group("front");
            List<Trial> sorted = front.stream().sorted(Comparator.comparingDouble(t -> t.values().get(a))).toList();
            if (k == 2) {
                List<double[]> pts = sorted.stream().map(t -> new double[]{f.x(t.values().get(a)),
                        f.y(t.values().get(b))}).toList();
                onFront.add(Svg.polyline(pts, HtmlReport.Colours.PARETO_FRONT, 1.5));
            }
            for (Trial t : sorted) {
                onFront.add(Svg.circle(f.x(t.values().get(a)), f.y(t.values().get(b)), 5.5,
                        HtmlReport.Colours.PARETO_FRONT).tooltip("#" + t.number() + " " + t.values() + " " + t.params()));
            }
            svg.add(onFront);
        }
        String what = k == 2 ? "both objectives" : (k == 3 ? "each pair of the three objectives"
                : "each pair of the first three of " + k + " objectives");
        return List.of(svg, note(front.size() + " Pareto-optimal trial(s) of " + complete.size()
                + " complete (pink, non-dominated over all objectives) against the dominated ones (light blue), on "
                + what + "."));
    }
}
