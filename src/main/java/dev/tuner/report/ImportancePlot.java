package dev.tuner.report;

import dev.tuner.trial.ObjectiveSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.tuner.report.PlotContext.empty;
import static dev.tuner.report.PlotContext.note;

/** Parameter importance: one bar per parameter and objective, parameters ordered by the first objective. */
final class ImportancePlot {
    private ImportancePlot() {
    }

    static List<Tag> draw(PlotContext c) {
        if (c.data.parameterNames().isEmpty()) {
            return List.of(empty("no parameters"));
        }
        List<Integer> shown = new ArrayList<>();
        for (int o = 0; o < c.importance.size(); o++) {
            if (!c.importance.get(o).isEmpty()) {
                shown.add(o);
            }
        }
        if (shown.isEmpty()) {
            String why = c.importanceProblem != null ? c.importanceProblem : "needs at least "
                    + ParameterImportance.MINIMUM_TRIALS + " complete trials that set every parameter (has "
                    + c.complete().size() + " complete)";
            return List.of(empty(why), note("Method: " + ParameterImportance.METHOD + "."));
        }
        Map<String, Double> order = c.importance.get(shown.get(0));
        List<String> names = c.data.parameterNames().stream()
                .sorted(Comparator.comparingDouble((String n) -> order.getOrDefault(n, 0.0)).reversed()).toList();
        double barHeight = shown.size() == 1 ? 22 : 14;
        double group = shown.size() * barHeight + 10;
        double left = 200;
        double width = PlotContext.WIDTH - left - 90;
        double legend = shown.size() > 1 ? 24 : 0;
        Tag svg = Svg.svg("importance", PlotContext.WIDTH, legend + names.size() * group + 14);
        for (int s = 0; s < shown.size() && legend > 0; s++) {
            double x = left + s * 200;
            svg.add(Svg.rect(x, 6, 12, 12, colour(shown.get(s))));
            svg.add(Svg.text(x + 18, 16, "start", c.data.objectives().get(shown.get(s)).metric()));
        }
        double y = legend + 8;
        for (String name : names) {
            svg.add(Svg.text(left - 8, y + group / 2, "end", name));
            for (int s = 0; s < shown.size(); s++) {
                int o = shown.get(s);
                double v = c.importance.get(o).getOrDefault(name, 0.0);
                String metric = c.data.objectives().get(o).metric();
                svg.add(Svg.rect(left, y, Math.max(1, width * v), barHeight - 2, colour(o))
                        .tooltip(name + " for " + metric + ": " + Frame.label(v)));
                svg.add(Svg.text(left + width * v + 6, y + barHeight * 0.7, "start",
                        String.format(Locale.ROOT, "%.1f%%", 100 * v)));
                y += barHeight;
            }
            y += 10;
        }
        List<String> metrics = shown.stream().map(o -> c.data.objectives().get(o)).map(ObjectiveSpec::metric).toList();
        return List.of(svg, note("Method: " + ParameterImportance.METHOD + ". Objective" + (metrics.size() > 1 ? "s" : "")
                + ": " + String.join(", ", metrics) + "; each sums to 100%."));
    }

    static String colour(int objective) {
        List<String> colours = HtmlReport.Colours.IMPORTANCE_BY_OBJECTIVE;
        return colours.get(objective % colours.size());
    }
}
