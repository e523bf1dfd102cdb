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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.tuner.report.PlotContext.section;

/**
 * Renders {@code report.html}: one self-contained file (inline SVG, inline CSS, no scripts, nothing fetched). Each
 * plot family is a class of its own ({@link HistoryPlot}, {@link IntermediatePlot}, ...); every plot is an
 * {@code <svg class="plot" data-plot=...>} inside a {@code <section id=...>}, and draws with its own colours from
 * {@link Colours} or {@link ColourScale}, so a test can find what a browser drew.
 */
public final class HtmlReport {
    /** The colours each plot draws its data with (the axes are grey and black). */
    public static final class Colours {
        public static final String HISTORY_POINT = "#1f77b4";
        public static final String HISTORY_BEST = "#d62728";
        /** Pruned trials in the history, intermediate values and slices. */
        public static final String PRUNED = "#c49c94";
        public static final String INTERMEDIATE = "#6b6ecf";
        public static final String PARETO_OTHER = "#aec7e8";
        public static final String PARETO_FRONT = "#e377c2";
        public static final String IMPORTANCE = "#2ca02c";
        /** Importance bars per objective, in objective order (the first is {@link #IMPORTANCE}). */
        public static final List<String> IMPORTANCE_BY_OBJECTIVE = List.of(IMPORTANCE, "#a1d99b", "#005a32");
        public static final String SLICE = "#17becf";
        public static final String EDF = "#8c6d31";
        public static final String FUNNEL = "#9467bd";
        public static final String ESTIMATED = "#ff7f0e";
        public static final String ACTUAL = "#bcbd22";
        public static final String TIMELINE_COMPLETE = "#1b7837";
        public static final String TIMELINE_PRUNED = "#c7c7c7";
        public static final String TIMELINE_FAILED = "#ff9896";
        /** The best ends of the colour scales: the contour fill, the parallel-coordinate lines, the rank dots. */
        public static final String CONTOUR_BEST = ColourScale.VIRIDIS.best();
        public static final String CONTOUR_WORST = ColourScale.VIRIDIS.worst();
        public static final String PARALLEL_BEST = ColourScale.PLASMA.best();
        public static final String PARALLEL_WORST = ColourScale.PLASMA.worst();
        public static final String RANK_BEST = ColourScale.RED_YELLOW_BLUE.best();
        public static final String RANK_WORST = ColourScale.RED_YELLOW_BLUE.worst();

        private Colours() {
        }
    }

    private record Plot(String id, String heading, Function<PlotContext, List<Tag>> draw) {
    }

    private static final List<Plot> PLOTS = List.of(
            new Plot("history", "Optimization history", HistoryPlot::draw),
            new Plot("intermediate", "Intermediate values", IntermediatePlot::draw),
            new Plot("pareto", "Pareto front", ParetoPlot::draw),
            new Plot("importance", "Parameter importance", ImportancePlot::draw),
            new Plot("contour", "Contour of the most important pairs", ContourPlot::draw),
            new Plot("parallel", "Parallel coordinates", ParallelPlot::draw),
            new Plot("slices", "Slice plots", SlicePlot::draw),
            new Plot("rank", "Rank", RankPlot::draw),
            new Plot("edf", "Empirical distribution", EdfPlot::draw),
            new Plot("funnel", "Pruning funnel", ComputePlots::funnel),
            new Plot("time", "Estimated and actual time", ComputePlots::time),
            new Plot("timeline", "Worker timeline", ComputePlots::timeline));

    /** Section ids, in page order; each but the summary holds the plot of the same {@code data-plot} name. */
    public static final List<String> SECTIONS = Stream.concat(Stream.of("summary"),
            PLOTS.stream().map(Plot::id)).toList();

    private static final String CSS = String.join("\n",
            "body{font-family:sans-serif;margin:24px;color:#222;max-width:1000px}",
            "h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}",
            "p.note{color:#555;font-size:13px}p.empty{color:#888;font-style:italic}",
            "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}",
            "svg.plot{display:block;margin:8px 0;background:#ffffff}",
            "svg text{font-size:11px;fill:#333}svg text.axis-label{font-size:12px;fill:#000}",
            "svg text.panel-title{font-size:12px;font-weight:bold}");

    private final ReportData data;

    private HtmlReport(ReportData data) {
        this.data = data;
    }

    /** Writes the report to {@code file} (atomically: a reader never sees half a file). */
    public static void write(ReportData data, Path file) throws IOException {
        String html = render(data);
        AtomicFiles.writeString(file, html);
    }

    /** The report as HTML text. */
    public static String render(ReportData data) {
        Tag html = new HtmlReport(data).document(context(data));
        StringWriter out = new StringWriter();
        try {
            Tag.writeDocument(html, out);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the report", e);
        }
        return out.toString();
    }

    /** The study with its parameter importance for every objective. */
    static PlotContext context(ReportData data) {
        List<Map<String, Double>> importance = new ArrayList<>();
        String problem = null;
        try {
            for (int o = 0; o < data.objectives().size(); o++) {
                importance.add(ParameterImportance.compute(data, o, 42));
            }
        } catch (RuntimeException e) {
            // Importance is a reading aid: a surrogate that cannot be fitted must never cost the goal its report.
            importance.clear();
            problem = "the surrogate could not be fitted (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")";
        }
        return new PlotContext(data, importance, problem);
    }

    private Tag document(PlotContext context) {
        String title = "Study " + data.result().study().name();
        Tag body = Tag.of("body");
        body.add(Tag.of("h1").text(title));
        body.add(summary());
        for (Plot p : PLOTS) {
            body.add(section(p.id(), p.heading(), p.draw().apply(context)));
        }
        return Tag.of("html").attr("lang", "en")
                .add(Tag.of("head")
                        .add(Tag.of("meta").attr("charset", "utf-8"))
                        .add(Tag.of("title").text(title))
                        .add(Tag.of("style").text(CSS)))
                .add(body);
    }

    // ---- summary ----

    private Tag summary() {
        StudyResult r = data.result();
        Tag s = Tag.of("section").attr("id", "summary");
        Tag table = Tag.of("table");
        row(table, "objectives", String.join(", ", data.objectives().stream().map(PlotContext::describe).toList()));
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
                data.parameterNames().forEach(n -> tr.add(Tag.of("td").text(PlotContext.format(trial.params().get(n)))));
                t.add(tr);
            }
            s.add(t);
        }
        return s;
    }

    private static void row(Tag table, String key, String value) {
        table.add(Tag.of("tr").add(Tag.of("th").text(key)).add(Tag.of("td").text(value)));
    }
}
