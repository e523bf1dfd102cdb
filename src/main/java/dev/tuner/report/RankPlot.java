package dev.tuner.report;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import static dev.tuner.report.PlotContext.empty;
import static dev.tuner.report.PlotContext.note;

/**
 * Rank plot (Optuna's plot_rank): each pair of the most important parameters as a scatter of the complete trials,
 * coloured by the rank of their first objective on {@link ColourScale#RED_YELLOW_BLUE} (blue: best, red: worst).
 * Ranks rather than values keep one outlier from washing out the colours.
 */
final class RankPlot {
    private RankPlot() {
    }

    /**
     * Each value's rank as a share: 0 for the best, 1 for the worst, ties sharing their mean rank; NaN for a
     * non-finite value (unranked).
     */
    static double[] ranks(double[] values, Direction direction) {
        int[] finite = IntStream.range(0, values.length).filter(i -> Double.isFinite(values[i])).toArray();
        Integer[] order = Arrays.stream(finite).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> direction.toLoss(values[i])));
        double[] out = new double[values.length];
        Arrays.fill(out, Double.NaN);
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double mean = (start + end) / 2.0;
            for (int k = start; k <= end; k++) {
                out[order[k]] = order.length == 1 ? 0 : mean / (order.length - 1);
            }
            start = end + 1;
        }
        return out;
    }

    static List<Tag> draw(PlotContext c) {
        List<String[]> pairs = c.importantPairs();
        List<Trial> complete = c.complete().stream().filter(t -> Double.isFinite(t.value())).toList();
        if (pairs.isEmpty() || complete.isEmpty()) {
            return List.of(empty("needs two parameters and complete trials"));
        }
        double[] rank = ranks(complete.stream().mapToDouble(Trial::value).toArray(), c.primary().direction());
        double panel = 300;
        double w = pairs.size() == 1 ? 600 : 210;
        Tag svg = Svg.svg("rank", PlotContext.WIDTH, panel + 20);
        for (int p = 0; p < pairs.size(); p++) {
            double left = pairs.size() == 1 ? 80 : 70 + p * 290;
            PlotContext.Axis ax = c.axis(pairs.get(p)[0], complete);
            PlotContext.Axis ay = c.axis(pairs.get(p)[1], complete);
            Frame f = new Frame(left, 24, w, panel - 70, ax.plotRange(), ax.log() && ax.plotRange()[0] > 0,
                    ay.plotRange(), ay.log() && ay.plotRange()[0] > 0).categories(ax.categories(), ay.categories());
            svg.add(Svg.text(left + w / 2, 14, "middle", ax.name() + " × " + ay.name()).attr("class", "panel-title"));
            svg.add(f.axes(ax.name(), ay.name()));
            Tag dots = Svg.group("trials");
            for (int i = 0; i < complete.size(); i++) {
                Trial t = complete.get(i);
                double x = ax.plot(ax.internal(c.encoding, t));
                double y = ay.plot(ay.internal(c.encoding, t));
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    dots.add(Svg.circle(f.x(x), f.y(y), 4.5, ColourScale.RED_YELLOW_BLUE.colour(rank[i]))
                            .attr("stroke", "#555555").attr("stroke-width", 0.5)
                            .tooltip("#" + t.number() + ": " + Frame.label(t.value()) + String.format(
                                    Locale.ROOT, " (rank %.0f%%)", 100 * rank[i])));
                }
            }
            svg.add(dots);
        }
        double barX = pairs.size() == 1 ? 720 : 70 + pairs.size() * 290 - 60;
        svg.add(ColourScale.RED_YELLOW_BLUE.bar(barX, 40, panel - 110, "best", "worst", "rank"));
        return List.of(svg, note("Each complete trial over each pair of the most important parameters, coloured by"
                + " the rank of its " + c.primary().metric() + " among the complete trials: blue the best, red the"
                + " worst."));
    }
}
