package dev.tuner.report;

import dev.tuner.trial.Trial;

import java.util.List;
import java.util.stream.Stream;

import static dev.tuner.report.PlotContext.empty;
import static dev.tuner.report.PlotContext.format;
import static dev.tuner.report.PlotContext.note;

/** Slice plots: the first objective against each parameter, pruned trials at their last reported value. */
final class SlicePlot {
    private SlicePlot() {
    }

    static List<Tag> draw(PlotContext c) {
        List<Trial> complete = c.complete();
        List<Trial> pruned = c.pruned();
        List<String> names = c.data.parameterNames();
        if (complete.isEmpty() || names.isEmpty()) {
            return List.of(empty("needs complete trials and at least one parameter"));
        }
        int columns = Math.min(3, names.size());
        double panelW = PlotContext.WIDTH / columns;
        double panelH = 250;
        int rows = (names.size() + columns - 1) / columns;
        Tag svg = Svg.svg("slices", PlotContext.WIDTH, rows * panelH);
        double[] yRange = Frame.range(Stream.concat(complete.stream().map(Trial::value),
                pruned.stream().map(PlotContext::lastReported)).mapToDouble(Double::doubleValue).toArray());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            double ox = (i % columns) * panelW;
            double oy = (i / columns) * panelH;
            PlotContext.Axis axis = c.axis(name, complete);
            double[] xRange = axis.plotRange();
            boolean logAxis = axis.log() && xRange[0] > 0;
            Frame f = new Frame(ox + 70, oy + 24, panelW - 95, panelH - 80, xRange, logAxis, yRange)
                    .categories(axis.categories(), null);
            svg.add(Svg.text(ox + panelW / 2, oy + 14, "middle", name).attr("class", "panel-title"));
            svg.add(f.axes(name, c.primary().metric()));
            Tag marks = Svg.group("pruned");
            for (Trial t : pruned) {
                double x = axis.plot(axis.internal(c.encoding, t));
                if (Double.isFinite(x)) {
                    marks.add(Svg.cross(f.x(x), f.y(PlotContext.lastReported(t)), 3, HtmlReport.Colours.PRUNED)
                            .tooltip("#" + t.number() + " pruned " + name + "=" + format(t.params().get(name)) + ": "
                                    + Frame.label(PlotContext.lastReported(t))));
                }
            }
            svg.add(marks);
            Tag points = Svg.group("points");
            for (Trial t : complete) {
                double x = axis.plot(axis.internal(c.encoding, t));
                if (Double.isFinite(x)) {
                    points.add(Svg.circle(f.x(x), f.y(t.value()), 3.5, HtmlReport.Colours.SLICE)
                            .tooltip("#" + t.number() + " " + name + "=" + format(t.params().get(name))
                                    + ": " + Frame.label(t.value())));
                }
            }
            svg.add(points);
        }
        return List.of(svg, note("The " + c.primary().metric() + " of each complete trial against each parameter;"
                + " light brown crosses: pruned trials at the value of the last budget they reached."));
    }
}
