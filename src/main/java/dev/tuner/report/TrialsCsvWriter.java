package dev.tuner.report;

import dev.tuner.files.AtomicFiles;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.Trial;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes {@code trials.csv}: one row per trial with its number, state, parameters, the fold-averaged value at each
 * budget, the objectives, the other metrics, seconds, worker and message. Written to a temporary file and moved into
 * place, so a reader never sees half a file.
 */
public final class TrialsCsvWriter {
    private TrialsCsvWriter() {
    }

    public static void write(Path file, List<Trial> trials, List<String> paramNames, List<Double> budgets,
                             List<ObjectiveSpec> objectives) throws IOException {
        write(file, trials, paramNames, budgets, objectives, false);
    }

    /**
     * @param timestamps adds {@code started} and {@code finished} (ISO-8601 UTC) before {@code seconds}, as a study
     *                   export does
     */
    public static void write(Path file, List<Trial> trials, List<String> paramNames, List<Double> budgets,
                             List<ObjectiveSpec> objectives, boolean timestamps) throws IOException {
        Set<String> otherMetrics = new TreeSet<>();
        trials.forEach(t -> otherMetrics.addAll(t.metrics().keySet()));
        objectives.forEach(o -> otherMetrics.remove(o.metric()));

        List<String> header = new ArrayList<>(List.of("number", "state"));
        paramNames.forEach(p -> header.add("param:" + p));
        budgets.forEach(b -> header.add("value@" + plain(b)));
        objectives.forEach(o -> header.add(o.metric()));
        otherMetrics.forEach(m -> header.add("metric:" + m));
        if (timestamps) {
            header.addAll(List.of("started", "finished"));
        }
        header.addAll(List.of("seconds", "worker", "message"));

        AtomicFiles.write(file, out -> {
            try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build())) {
                for (Trial t : trials) {
                    List<Object> row = new ArrayList<>();
                    row.add(t.number());
                    row.add(t.state().name().toLowerCase(Locale.ROOT));
                    paramNames.forEach(p -> row.add(t.params().getOrDefault(p, "")));
                    budgets.forEach(b -> row.add(number(t.intermediate().get(b))));
                    for (int i = 0; i < objectives.size(); i++) {
                        row.add(i < t.values().size() ? number(t.values().get(i)) : "");
                    }
                    otherMetrics.forEach(m -> row.add(number(t.metrics().get(m))));
                    if (timestamps) {
                        row.add(t.started() == null ? "" : t.started().toString());
                        row.add(t.finished() == null ? "" : t.finished().toString());
                    }
                    row.add(Double.isNaN(t.seconds()) ? "" : String.format(Locale.ROOT, "%.3f", t.seconds()));
                    row.add(t.worker() == null ? "" : t.worker());
                    row.add(t.message() == null ? "" : t.message());
                    csv.printRecord(row);
                }
            }
        });
    }

    private static String number(Double v) {
        return v == null ? "" : plain(v);
    }

    static String plain(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
