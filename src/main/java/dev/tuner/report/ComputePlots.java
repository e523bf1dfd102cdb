package dev.tuner.report;

import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.tuner.report.PlotContext.empty;
import static dev.tuner.report.PlotContext.note;

/** Where the compute went: the pruning funnel, estimated against actual time, and the worker timeline. */
final class ComputePlots {
    private ComputePlots() {
    }

    static List<Tag> funnel(PlotContext c) {
        List<Trial> trials = c.result().trials();
        List<Double> budgets = c.data.budgets();
        if (trials.isEmpty()) {
            return List.of(empty("no trials"));
        }
        // A trial reaches a budget when it reported a value there (or at a larger one: some ladders start later).
        TreeSet<Double> rungs = new TreeSet<>(budgets);
        trials.forEach(t -> rungs.addAll(t.intermediate().keySet()));
        List<Double> ladder = new ArrayList<>(rungs);
        int started = (int) trials.stream().filter(t -> t.state() != TrialState.WAITING).count();
        double barHeight = 26;
        double left = 150;
        double width = PlotContext.WIDTH - left - 160;
        Tag svg = Svg.svg("funnel", PlotContext.WIDTH, (ladder.size() + 1) * (barHeight + 10) + 20);
        double y = 10;
        svg.add(funnelBar(y, left, width, barHeight, "started", started, started));
        y += barHeight + 10;
        for (double b : ladder) {
            long reached = trials.stream().filter(t -> !t.intermediate().isEmpty() && t.intermediate().lastKey() >= b)
                    .count();
            svg.add(funnelBar(y, left, width, barHeight, "budget " + Frame.label(b), reached, started));
            y += barHeight + 10;
        }
        return List.of(svg, note(String.format(Locale.ROOT, "Trials that reached each budget of the ladder."
                        + " Compute spent: %.2f full trainings per fold for %d finished trials (%.0f%% of no pruning).",
                c.result().budgetSpent(), trials.stream().filter(t -> t.state().isFinished()).count(),
                100 * c.result().budgetSpent() / Math.max(1, trials.stream().filter(t -> t.state().isFinished()).count()))));
    }

    private static Tag funnelBar(double y, double left, double width, double h, String label, long n, long of) {
        double share = of == 0 ? 0 : (double) n / of;
        Tag g = Svg.group("rung");
        g.add(Svg.text(left - 8, y + h * 0.68, "end", label));
        g.add(Svg.rect(left, y, Math.max(1, width * share), h, HtmlReport.Colours.FUNNEL).tooltip(label + ": " + n));
        g.add(Svg.text(left + width * share + 6, y + h * 0.68, "start",
                String.format(Locale.ROOT, "%d (%.0f%%)", n, 100 * share)));
        return g;
    }

    static List<Tag> time(PlotContext c) {
        double actual = ReportData.spanSeconds(c.result().trials());
        double trialSeconds = c.result().trials().stream().mapToDouble(Trial::seconds).filter(Double::isFinite).sum();
        List<Tag> out = new ArrayList<>();
        double max = Math.max(actual, c.data.estimatedSeconds().orElse(0));
        double left = 150;
        double width = PlotContext.WIDTH - left - 160;
        double h = 26;
        Tag svg = Svg.svg("time", PlotContext.WIDTH, 2 * (h + 10) + 20);
        double y = 10;
        svg.add(Svg.text(left - 8, y + h * 0.68, "end", "estimated"));
        if (c.data.estimatedSeconds().isPresent()) {
            double e = c.data.estimatedSeconds().getAsDouble();
            svg.add(Svg.rect(left, y, Math.max(1, width * e / max), h, HtmlReport.Colours.ESTIMATED).tooltip("estimated"));
            svg.add(Svg.text(left + width * e / max + 6, y + h * 0.68, "start", seconds(e)));
        } else {
            svg.add(Svg.text(left + 6, y + h * 0.68, "start", "no estimate recorded"));
        }
        y += h + 10;
        svg.add(Svg.text(left - 8, y + h * 0.68, "end", "actual"));
        svg.add(Svg.rect(left, y, max > 0 ? Math.max(1, width * actual / max) : 1, h, HtmlReport.Colours.ACTUAL).tooltip("actual"));
        svg.add(Svg.text(left + (max > 0 ? width * actual / max : 1) + 6, y + h * 0.68, "start", seconds(actual)));
        out.add(svg);
        out.add(note("Actual: wall time from the first trial's start to the last trial's finish, over every run of"
                + " the study (" + seconds(trialSeconds) + " of trial time in total). "
                + (c.data.estimatedSeconds().isPresent() ? "Estimate from " + c.data.estimateSource() + "."
                : "No estimate recorded: run tuner:estimate before tuner:tune to compare the plan with the run.")));
        return out;
    }

    private static String seconds(double s) {
        if (s < 120) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        return String.format(Locale.ROOT, "%.1f min", s / 60);
    }

    static List<Tag> timeline(PlotContext c) {
        List<Trial> ran = c.result().trials().stream().filter(t -> t.started() != null && t.worker() != null).toList();
        if (ran.isEmpty()) {
            return List.of(empty("no trial has started"));
        }
        Map<String, List<Trial>> byWorker = new TreeMap<>();
        ran.forEach(t -> byWorker.computeIfAbsent(t.worker(), w -> new ArrayList<>()).add(t));
        Instant start = ran.stream().map(Trial::started).min(Comparator.naturalOrder()).orElseThrow();
        Instant end = ran.stream().map(t -> t.finished() != null ? t.finished() : t.started())
                .max(Comparator.naturalOrder()).orElseThrow();
        double span = Math.max(1e-3, (end.toEpochMilli() - start.toEpochMilli()) / 1000.0);
        double rowH = 22;
        double left = 230;
        double height = byWorker.size() * (rowH + 6) + 60;
        Frame f = new Frame(left, 10, PlotContext.WIDTH - left - 30, byWorker.size() * (rowH + 6), new double[]{0, span}, false,
                new double[]{0, 1});
        Tag svg = Svg.svg("timeline", PlotContext.WIDTH, height);
        double y = 10 + 3;
        for (Map.Entry<String, List<Trial>> e : byWorker.entrySet()) {
            svg.add(Svg.text(left - 8, y + rowH * 0.7, "end", shortWorker(e.getKey())).tooltip(e.getKey()));
            for (Trial t : e.getValue()) {
                double s = (t.started().toEpochMilli() - start.toEpochMilli()) / 1000.0;
                double fin = t.finished() == null ? s : (t.finished().toEpochMilli() - start.toEpochMilli()) / 1000.0;
                double x0 = f.x(s);
                double x1 = Math.max(x0 + 2, f.x(fin));
                String colour = switch (t.state()) {
                    case PRUNED -> HtmlReport.Colours.TIMELINE_PRUNED;
                    case FAILED -> HtmlReport.Colours.TIMELINE_FAILED;
                    default -> HtmlReport.Colours.TIMELINE_COMPLETE;
                };
                svg.add(Svg.rect(x0, y, x1 - x0 - 0.5, rowH, colour).tooltip("#" + t.number() + " "
                        + t.state().name().toLowerCase(Locale.ROOT) + " " + seconds(Double.isNaN(t.seconds()) ? 0 : t.seconds())));
            }
            y += rowH + 6;
        }
        Tag axis = Svg.group("axes");
        double base = 10 + byWorker.size() * (rowH + 6);
        axis.add(Svg.line(left, base, PlotContext.WIDTH - 30, base, "#444444", 1));
        for (double t : Frame.ticks(0, span, 6)) {
            axis.add(Svg.line(f.x(t), base, f.x(t), base + 4, "#444444", 1));
            axis.add(Svg.text(f.x(t), base + 16, "middle", Frame.label(t)).attr("class", "tick"));
        }
        axis.add(Svg.text(left + (PlotContext.WIDTH - left - 30) / 2, base + 34, "middle", "seconds since the first trial started")
                .attr("class", "axis-label"));
        svg.add(axis);
        return List.of(svg, note(byWorker.size() + " worker thread(s). Dark green: complete, grey: pruned,"
                + " pink: failed."));
    }

    private static String shortWorker(String worker) {
        return worker.length() <= 34 ? worker : "…" + worker.substring(worker.length() - 33);
    }
}
