package dev.tuner.report;

import dev.tuner.files.AtomicFiles;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import javax.xml.stream.XMLStreamException;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders {@code report.html}: one self-contained file (inline SVG, inline CSS, no scripts, nothing fetched) with
 * the optimization history, Pareto front, parameter importance, parallel coordinates, slice plots, pruning funnel,
 * estimated against actual time and the worker timeline. Every plot is an {@code <svg class="plot" data-plot=...>}
 * inside a {@code <section id=...>}, and draws with its own colours from {@link Colours}, so a test can find what a
 * browser drew.
 */
public final class HtmlReport {
    static final double WIDTH = 960;

    /** The colours each plot draws its data with (the axes are grey and black). */
    public static final class Colours {
        public static final String HISTORY_POINT = "#1f77b4";
        public static final String HISTORY_BEST = "#d62728";
        public static final String PARETO_OTHER = "#aec7e8";
        public static final String PARETO_FRONT = "#e377c2";
        public static final String IMPORTANCE = "#2ca02c";
        public static final String PARALLEL = "#8c564b";
        public static final String PARALLEL_BEST = "#d62728";
        public static final String SLICE = "#17becf";
        public static final String FUNNEL = "#9467bd";
        public static final String ESTIMATED = "#ff7f0e";
        public static final String ACTUAL = "#bcbd22";
        public static final String TIMELINE_COMPLETE = "#393b79";
        public static final String TIMELINE_PRUNED = "#c7c7c7";
        public static final String TIMELINE_FAILED = "#ff9896";

        private Colours() {
        }
    }

    /** Section ids, in page order. */
    public static final List<String> SECTIONS = List.of("summary", "history", "pareto", "importance", "parallel",
            "slices", "funnel", "time", "timeline");

    private static final String CSS = String.join("\n",
            "body{font-family:sans-serif;margin:24px;color:#222;max-width:1000px}",
            "h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}",
            "p.note{color:#555;font-size:13px}p.empty{color:#888;font-style:italic}",
            "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}",
            "svg.plot{display:block;margin:8px 0;background:#ffffff}",
            "svg text{font-size:11px;fill:#333}svg text.axis-label{font-size:12px;fill:#000}",
            "svg text.panel-title{font-size:12px;font-weight:bold}");

    private final ReportData data;
    private final ParameterEncoding encoding;
    private final Map<String, Double> importance;
    /** Why importance is missing although there are enough trials, or null. */
    private final String importanceProblem;

    private HtmlReport(ReportData data, Map<String, Double> importance, String importanceProblem) {
        this.data = data;
        this.encoding = new ParameterEncoding(data);
        this.importance = importance;
        this.importanceProblem = importanceProblem;
    }

    /** Writes the report to {@code file} (atomically: a reader never sees half a file). */
    public static void write(ReportData data, Path file) throws IOException {
        String html = render(data);
        AtomicFiles.writeString(file, html);
    }

    /** The report as HTML text. */
    public static String render(ReportData data) {
        Map<String, Double> importance;
        String importanceProblem = null;
        try {
            importance = ParameterImportance.compute(data, 42);
        } catch (RuntimeException e) {
            // Importance is a reading aid: a surrogate that cannot be fitted must never cost the goal its report.
            importance = Map.of();
            importanceProblem = "the surrogate could not be fitted (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")";
        }
        Tag html = new HtmlReport(data, importance, importanceProblem).document();
        StringWriter out = new StringWriter();
        try {
            Tag.writeDocument(html, out);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the report", e);
        }
        return out.toString();
    }

    private Tag document() {
        String title = "Study " + result().study().name();
        Tag body = Tag.of("body");
        body.add(Tag.of("h1").text(title));
        body.add(summary());
        body.add(section("history", "Optimization history", history()));
        body.add(section("pareto", "Pareto front", pareto()));
        body.add(section("importance", "Parameter importance", importanceSection()));
        body.add(section("parallel", "Parallel coordinates", parallel()));
        body.add(section("slices", "Slice plots", slices()));
        body.add(section("funnel", "Pruning funnel", funnel()));
        body.add(section("time", "Estimated and actual time", time()));
        body.add(section("timeline", "Worker timeline", timeline()));
        return Tag.of("html").attr("lang", "en")
                .add(Tag.of("head")
                        .add(Tag.of("meta").attr("charset", "utf-8"))
                        .add(Tag.of("title").text(title))
                        .add(Tag.of("style").text(CSS)))
                .add(body);
    }

    private StudyResult result() {
        return data.result();
    }

    private ObjectiveSpec primary() {
        return data.objectives().get(0);
    }

    private List<Trial> complete() {
        return result().trials().stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
    }

    private static Tag section(String id, String heading, List<Tag> content) {
        Tag s = Tag.of("section").attr("id", id).add(Tag.of("h2").text(heading));
        content.forEach(s::add);
        return s;
    }

    private static Tag note(String text) {
        return Tag.of("p").attr("class", "note").text(text);
    }

    private static Tag empty(String text) {
        return Tag.of("p").attr("class", "empty").text(text);
    }

    private static String objectiveLabel(ObjectiveSpec o) {
        return o.metric() + " (" + (o.direction() == Direction.MAXIMIZE ? "higher" : "lower") + " is better)";
    }

    // ---- summary ----

    private Tag summary() {
        StudyResult r = result();
        Tag s = Tag.of("section").attr("id", "summary");
        Tag table = Tag.of("table");
        row(table, "objectives", String.join(", ", data.objectives().stream().map(this::describe).toList()));
        row(table, "trials", String.format(Locale.ROOT, "%d: %d complete, %d pruned, %d failed, %d running or waiting",
                r.trials().size(), r.count(TrialState.COMPLETE), r.count(TrialState.PRUNED),
                r.count(TrialState.FAILED), r.count(TrialState.RUNNING) + r.count(TrialState.WAITING)));
        row(table, "parameters", String.join(", ", data.parameterNames().stream()
                .map(n -> data.distribution(n) == null ? n : n + " " + data.distribution(n).describe()).toList()));
        row(table, "budgets", data.budgets().toString());
        row(table, "fingerprint", r.study().fingerprint());
        s.add(table);
        List<Trial> best = data.objectives().size() == 1 ? r.ranked().stream().limit(5).toList() : r.paretoFront();
        if (!best.isEmpty()) {
            s.add(Tag.of("h2").text(data.objectives().size() == 1 ? "Best trials" : "Pareto-optimal trials"));
            Tag t = Tag.of("table");
            Tag head = Tag.of("tr").add(Tag.of("th").text("#"));
            data.objectives().forEach(o -> head.add(Tag.of("th").text(o.metric())));
            data.parameterNames().forEach(n -> head.add(Tag.of("th").text(n)));
            t.add(head);
            for (Trial trial : best) {
                Tag tr = Tag.of("tr").add(Tag.of("td").text(Integer.toString(trial.number())));
                for (int i = 0; i < data.objectives().size(); i++) {
                    tr.add(Tag.of("td").text(i < trial.values().size() ? Frame.label(trial.values().get(i)) : ""));
                }
                data.parameterNames().forEach(n -> tr.add(Tag.of("td").text(format(trial.params().get(n)))));
                t.add(tr);
            }
            s.add(t);
        }
        return s;
    }

    private String describe(ObjectiveSpec o) {
        return o.metric() + " (" + o.direction().shortName() + ")";
    }

    private static void row(Tag table, String key, String value) {
        table.add(Tag.of("tr").add(Tag.of("th").text(key)).add(Tag.of("td").text(value)));
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return Frame.label(d);
        }
        return v == null ? "" : v.toString();
    }

    // ---- history ----

    private List<Tag> history() {
        List<Trial> complete = complete();
        if (complete.isEmpty()) {
            return List.of(empty("no complete trial yet"));
        }
        double height = 340;
        Frame f = new Frame(80, 20, WIDTH - 110, height - 70,
                new double[]{0, Math.max(1, result().trials().size() - 1)}, false,
                Frame.range(complete.stream().mapToDouble(Trial::value).toArray()));
        Tag svg = Svg.svg("history", WIDTH, height).add(f.axes("trial number", objectiveLabel(primary())));
        Tag points = Svg.group("points");
        for (Trial t : complete) {
            points.add(Svg.circle(f.x(t.number()), f.y(t.value()), 4, Colours.HISTORY_POINT)
                    .tooltip("#" + t.number() + ": " + Frame.label(t.value()) + " " + t.params()));
        }
        svg.add(points);
        List<double[]> best = new ArrayList<>();
        double bestSoFar = Double.NaN;
        for (Trial t : result().trials()) {
            if (t.state() == TrialState.COMPLETE && primary().direction().isBetter(t.value(), bestSoFar)) {
                if (!best.isEmpty()) {
                    best.add(new double[]{f.x(t.number()), f.y(bestSoFar)});
                }
                bestSoFar = t.value();
                best.add(new double[]{f.x(t.number()), f.y(bestSoFar)});
            }
        }
        best.add(new double[]{f.x(result().trials().size() - 1), f.y(bestSoFar)});
        svg.add(Svg.polyline(best, Colours.HISTORY_BEST, 2.5).attr("class", "best-so-far"));
        return List.of(svg, note("Dots: the " + primary().metric() + " of each complete trial; line: the best so far."
                + " Pruned and failed trials have no final value and are not drawn."));
    }

    // ---- Pareto front ----

    private List<Tag> pareto() {
        int k = data.objectives().size();
        if (k < 2) {
            return List.of(empty("one objective (" + primary().metric() + "): no Pareto front; list several"
                    + " <objectives> to trade them off"));
        }
        List<Trial> complete = complete();
        if (complete.isEmpty()) {
            return List.of(empty("no complete trial yet"));
        }
        List<Trial> front = result().paretoFront();
        List<int[]> pairs = new ArrayList<>();
        int shown = Math.min(k, 3);
        for (int a = 0; a < shown; a++) {
            for (int b = a + 1; b < shown; b++) {
                pairs.add(new int[]{a, b});
            }
        }
        double panel = pairs.size() == 1 ? 520 : 300;
        double height = panel + 20;
        Tag svg = Svg.svg("pareto", WIDTH, height);
        for (int p = 0; p < pairs.size(); p++) {
            int a = pairs.get(p)[0];
            int b = pairs.get(p)[1];
            double left = (pairs.size() == 1 ? 80 : 70 + p * 315);
            double w = (pairs.size() == 1 ? 600 : 230);
            Frame f = new Frame(left, 24, w, panel - 70,
                    Frame.range(complete.stream().mapToDouble(t -> t.values().get(a)).toArray()), false,
                    Frame.range(complete.stream().mapToDouble(t -> t.values().get(b)).toArray()));
            svg.add(Svg.text(left + w / 2, 14, "middle", data.objectives().get(a).metric() + " vs "
                    + data.objectives().get(b).metric()).attr("class", "panel-title"));
            svg.add(f.axes(describe(data.objectives().get(a)), describe(data.objectives().get(b))));
            Tag others = Svg.group("dominated");
            for (Trial t : complete) {
                if (!front.contains(t)) {
                    others.add(Svg.circle(f.x(t.values().get(a)), f.y(t.values().get(b)), 3.5, Colours.PARETO_OTHER)
                            .tooltip("#" + t.number() + " " + t.values()));
                }
            }
            svg.add(others);
            Tag onFront = Svg.group("front");
            List<Trial> sorted = front.stream().sorted(Comparator.comparingDouble(t -> t.values().get(a))).toList();
            if (k == 2) {
                List<double[]> pts = sorted.stream().map(t -> new double[]{f.x(t.values().get(a)),
                        f.y(t.values().get(b))}).toList();
                onFront.add(Svg.polyline(pts, Colours.PARETO_FRONT, 1.5));
            }
            for (Trial t : sorted) {
                onFront.add(Svg.circle(f.x(t.values().get(a)), f.y(t.values().get(b)), 5.5, Colours.PARETO_FRONT)
                        .tooltip("#" + t.number() + " " + t.values() + " " + t.params()));
            }
            svg.add(onFront);
        }
        String what = k == 2 ? "both objectives" : (k == 3 ? "each pair of the three objectives"
                : "each pair of the first three of " + k + " objectives");
        return List.of(svg, note(front.size() + " Pareto-optimal trial(s) of " + complete.size()
                + " complete (pink, non-dominated over all objectives) against the dominated ones (light blue), on "
                + what + "."));
    }

    // ---- importance ----

    private List<Tag> importanceSection() {
        if (data.parameterNames().isEmpty()) {
            return List.of(empty("no parameters"));
        }
        if (importance.isEmpty()) {
            String why = importanceProblem != null ? importanceProblem : "needs at least "
                    + ParameterImportance.MINIMUM_TRIALS + " complete trials that set every parameter (has "
                    + complete().size() + " complete)";
            return List.of(empty(why), note("Method: " + ParameterImportance.METHOD + "."));
        }
        List<Map.Entry<String, Double>> sorted = importance.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList();
        double barHeight = 22;
        double left = 200;
        double width = WIDTH - left - 90;
        Tag svg = Svg.svg("importance", WIDTH, sorted.size() * (barHeight + 8) + 20);
        double y = 10;
        for (Map.Entry<String, Double> e : sorted) {
            svg.add(Svg.text(left - 8, y + barHeight * 0.7, "end", e.getKey()));
            svg.add(Svg.rect(left, y, Math.max(1, width * e.getValue()), barHeight, Colours.IMPORTANCE)
                    .tooltip(e.getKey() + ": " + Frame.label(e.getValue())));
            svg.add(Svg.text(left + width * e.getValue() + 6, y + barHeight * 0.7, "start",
                    String.format(Locale.ROOT, "%.1f%%", 100 * e.getValue())));
            y += barHeight + 8;
        }
        return List.of(svg, note("Method: " + ParameterImportance.METHOD + ". Objective: " + primary().metric() + "."));
    }

    // ---- parallel coordinates ----

    private List<Tag> parallel() {
        List<Trial> complete = complete();
        if (complete.isEmpty() || data.parameterNames().isEmpty()) {
            return List.of(empty("needs complete trials and at least one parameter"));
        }
        List<String> axes = new ArrayList<>(data.parameterNames());
        int n = axes.size() + 1;
        double height = 360;
        double top = 30;
        double bottom = height - 40;
        double left = 70;
        double step = n == 1 ? 0 : (WIDTH - 2 * left) / (n - 1);
        List<double[]> ranges = new ArrayList<>();
        for (String name : axes) {
            ranges.add(axisRange(name, complete));
        }
        ranges.add(Frame.range(complete.stream().mapToDouble(Trial::value).toArray()));
        Tag svg = Svg.svg("parallel", WIDTH, height);
        Trial best = result().best();
        Tag lines = Svg.group("trials");
        Tag bestLine = Svg.group("best");
        for (Trial t : complete) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double v = i < axes.size() ? encoding.value(axes.get(i), t.params().get(axes.get(i))) : t.value();
                double[] r = ranges.get(i);
                double u = r[1] > r[0] ? (v - r[0]) / (r[1] - r[0]) : 0.5;
                pts.add(new double[]{left + i * step, bottom - u * (bottom - top)});
            }
            if (t == best) {
                bestLine.add(Svg.polyline(pts, Colours.PARALLEL_BEST, 3).tooltip("best #" + t.number()));
            } else {
                lines.add(Svg.polyline(pts, Colours.PARALLEL, 1.5).attr("stroke-opacity", "0.6")
                        .tooltip("#" + t.number() + ": " + Frame.label(t.value())));
            }
        }
        svg.add(lines).add(bestLine);
        for (int i = 0; i < n; i++) {
            double x = left + i * step;
            svg.add(Svg.line(x, top, x, bottom, "#444444", 1));
            String name = i < axes.size() ? axes.get(i) : primary().metric();
            svg.add(Svg.text(x, top - 10, "middle", name).attr("class", "axis-label"));
            double[] r = ranges.get(i);
            List<String> cats = i < axes.size() ? encoding.categories(name) : null;
            boolean log = i < axes.size() && encoding.isLog(name);
            svg.add(Svg.text(x, bottom + 16, "middle", axisLabel(r[0], cats, log)));
            svg.add(Svg.text(x + 4, top + 12, "start", axisLabel(r[1], cats, log)).attr("class", "tick"));
        }
        return List.of(svg, note("One line per complete trial across its parameters and its " + primary().metric()
                + "; the best trial in red. Log-scaled parameters are drawn on a log axis, choices by index."));
    }

    private double[] axisRange(String name, List<Trial> trials) {
        var d = data.distribution(name);
        if (d != null) {
            return new double[]{d.internalLow(), d.internalHigh()};
        }
        return Frame.range(trials.stream().mapToDouble(t -> encoding.value(name, t.params().get(name))).toArray());
    }

    private static String axisLabel(double internal, List<String> categories, boolean log) {
        if (categories != null) {
            int i = (int) Math.round(internal);
            return i >= 0 && i < categories.size() ? categories.get(i) : "";
        }
        return Frame.label(log ? Math.exp(internal) : internal);
    }

    // ---- slices ----

    private List<Tag> slices() {
        List<Trial> complete = complete();
        List<String> names = data.parameterNames();
        if (complete.isEmpty() || names.isEmpty()) {
            return List.of(empty("needs complete trials and at least one parameter"));
        }
        int columns = Math.min(3, names.size());
        double panelW = WIDTH / columns;
        double panelH = 250;
        int rows = (names.size() + columns - 1) / columns;
        Tag svg = Svg.svg("slices", WIDTH, rows * panelH);
        double[] yRange = Frame.range(complete.stream().mapToDouble(Trial::value).toArray());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            double ox = (i % columns) * panelW;
            double oy = (i / columns) * panelH;
            List<String> cats = encoding.categories(name);
            boolean log = encoding.isLog(name);
            double[] xs = complete.stream().mapToDouble(t -> plainValue(name, t)).toArray();
            double[] xRange = Frame.range(xs);
            boolean logAxis = log && xRange[0] > 0;
            Frame f = new Frame(ox + 70, oy + 24, panelW - 95, panelH - 80, xRange, logAxis, yRange);
            svg.add(Svg.text(ox + panelW / 2, oy + 14, "middle", name).attr("class", "panel-title"));
            svg.add(f.axes(cats != null ? name + " (" + String.join(", ", cats) + ")" : name,
                    primary().metric()));
            Tag points = Svg.group("points");
            for (int t = 0; t < complete.size(); t++) {
                if (Double.isFinite(xs[t])) {
                    Trial trial = complete.get(t);
                    points.add(Svg.circle(f.x(xs[t]), f.y(trial.value()), 3.5, Colours.SLICE)
                            .tooltip("#" + trial.number() + " " + name + "=" + format(trial.params().get(name))
                                    + ": " + Frame.label(trial.value())));
                }
            }
            svg.add(points);
        }
        return List.of(svg, note("The " + primary().metric() + " of each complete trial against each parameter"
                + " (choices by index)."));
    }

    /** The value on a slice's x axis: the number itself (log axes take the real value), a choice's index. */
    private double plainValue(String name, Trial t) {
        Object v = t.params().get(name);
        if (v instanceof Number n && encoding.categories(name) == null) {
            return n.doubleValue();
        }
        return encoding.value(name, v);
    }

    // ---- pruning funnel ----

    private List<Tag> funnel() {
        List<Trial> trials = result().trials();
        List<Double> budgets = data.budgets();
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
        double width = WIDTH - left - 160;
        Tag svg = Svg.svg("funnel", WIDTH, (ladder.size() + 1) * (barHeight + 10) + 20);
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
                result().budgetSpent(), trials.stream().filter(t -> t.state().isFinished()).count(),
                100 * result().budgetSpent() / Math.max(1, trials.stream().filter(t -> t.state().isFinished()).count()))));
    }

    private static Tag funnelBar(double y, double left, double width, double h, String label, long n, long of) {
        double share = of == 0 ? 0 : (double) n / of;
        Tag g = Svg.group("rung");
        g.add(Svg.text(left - 8, y + h * 0.68, "end", label));
        g.add(Svg.rect(left, y, Math.max(1, width * share), h, Colours.FUNNEL).tooltip(label + ": " + n));
        g.add(Svg.text(left + width * share + 6, y + h * 0.68, "start",
                String.format(Locale.ROOT, "%d (%.0f%%)", n, 100 * share)));
        return g;
    }

    // ---- time ----

    private List<Tag> time() {
        double actual = ReportData.spanSeconds(result().trials());
        double trialSeconds = result().trials().stream().mapToDouble(Trial::seconds).filter(Double::isFinite).sum();
        List<Tag> out = new ArrayList<>();
        double max = Math.max(actual, data.estimatedSeconds().orElse(0));
        double left = 150;
        double width = WIDTH - left - 160;
        double h = 26;
        Tag svg = Svg.svg("time", WIDTH, 2 * (h + 10) + 20);
        double y = 10;
        svg.add(Svg.text(left - 8, y + h * 0.68, "end", "estimated"));
        if (data.estimatedSeconds().isPresent()) {
            double e = data.estimatedSeconds().getAsDouble();
            svg.add(Svg.rect(left, y, Math.max(1, width * e / max), h, Colours.ESTIMATED).tooltip("estimated"));
            svg.add(Svg.text(left + width * e / max + 6, y + h * 0.68, "start", seconds(e)));
        } else {
            svg.add(Svg.text(left + 6, y + h * 0.68, "start", "no estimate recorded"));
        }
        y += h + 10;
        svg.add(Svg.text(left - 8, y + h * 0.68, "end", "actual"));
        svg.add(Svg.rect(left, y, max > 0 ? Math.max(1, width * actual / max) : 1, h, Colours.ACTUAL).tooltip("actual"));
        svg.add(Svg.text(left + (max > 0 ? width * actual / max : 1) + 6, y + h * 0.68, "start", seconds(actual)));
        out.add(svg);
        out.add(note("Actual: wall time from the first trial's start to the last trial's finish, over every run of"
                + " the study (" + seconds(trialSeconds) + " of trial time in total). "
                + (data.estimatedSeconds().isPresent() ? "Estimate from " + data.estimateSource() + "."
                : "No estimate recorded: run tuner:estimate before tuner:tune to compare the plan with the run.")));
        return out;
    }

    private static String seconds(double s) {
        if (s < 120) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        return String.format(Locale.ROOT, "%.1f min", s / 60);
    }

    // ---- timeline ----

    private List<Tag> timeline() {
        List<Trial> ran = result().trials().stream().filter(t -> t.started() != null && t.worker() != null).toList();
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
        Frame f = new Frame(left, 10, WIDTH - left - 30, byWorker.size() * (rowH + 6), new double[]{0, span}, false,
                new double[]{0, 1});
        Tag svg = Svg.svg("timeline", WIDTH, height);
        double y = 10 + 3;
        for (Map.Entry<String, List<Trial>> e : byWorker.entrySet()) {
            svg.add(Svg.text(left - 8, y + rowH * 0.7, "end", shortWorker(e.getKey())).tooltip(e.getKey()));
            for (Trial t : e.getValue()) {
                double s = (t.started().toEpochMilli() - start.toEpochMilli()) / 1000.0;
                double fin = t.finished() == null ? s : (t.finished().toEpochMilli() - start.toEpochMilli()) / 1000.0;
                double x0 = f.x(s);
                double x1 = Math.max(x0 + 2, f.x(fin));
                String colour = switch (t.state()) {
                    case PRUNED -> Colours.TIMELINE_PRUNED;
                    case FAILED -> Colours.TIMELINE_FAILED;
                    default -> Colours.TIMELINE_COMPLETE;
                };
                svg.add(Svg.rect(x0, y, x1 - x0 - 0.5, rowH, colour).tooltip("#" + t.number() + " "
                        + t.state().name().toLowerCase(Locale.ROOT) + " " + seconds(Double.isNaN(t.seconds()) ? 0 : t.seconds())));
            }
            y += rowH + 6;
        }
        Tag axis = Svg.group("axes");
        double base = 10 + byWorker.size() * (rowH + 6);
        axis.add(Svg.line(left, base, WIDTH - 30, base, "#444444", 1));
        for (double t : Frame.ticks(0, span, 6)) {
            axis.add(Svg.line(f.x(t), base, f.x(t), base + 4, "#444444", 1));
            axis.add(Svg.text(f.x(t), base + 16, "middle", Frame.label(t)).attr("class", "tick"));
        }
        axis.add(Svg.text(left + (WIDTH - left - 30) / 2, base + 34, "middle", "seconds since the first trial started")
                .attr("class", "axis-label"));
        svg.add(axis);
        return List.of(svg, note(byWorker.size() + " worker thread(s). Dark blue: complete, grey: pruned,"
                + " pink: failed."));
    }

    private static String shortWorker(String worker) {
        return worker.length() <= 34 ? worker : "…" + worker.substring(worker.length() - 33);
    }
}
