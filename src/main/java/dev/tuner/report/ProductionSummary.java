package dev.tuner.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tuner.files.AtomicFiles;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.ProductionRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code target/tuner/production.json} and {@code production.md}: the top-k trials of a project's objective re-run
 * on all of its data ({@link ProductionRun}), the first one being the best; per trial its parameters and its
 * metrics on the study's samples and on the full data.
 */
public final class ProductionSummary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private ProductionSummary() {
    }

    /** Writes both files into {@code directory}. */
    public static void write(Path directory, String study, List<ObjectiveSpec> objectives,
                             List<ProductionRun.Row> rows) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("study", study);
        json.put("objectives", objectives.stream().map(ObjectiveSpec::toString).toList());
        json.put("best", rows.isEmpty() ? null : rows.get(0));
        json.put("trials", rows);
        AtomicFiles.write(directory.resolve("production.json"), out -> JSON.writeValue(out, json));
        AtomicFiles.writeString(directory.resolve("production.md"), markdown(study, objectives, rows));
    }

    static String markdown(String study, List<ObjectiveSpec> objectives, List<ProductionRun.Row> rows) {
        StringBuilder b = new StringBuilder("# Production run of study `" + study + "`\n\n");
        if (rows.isEmpty()) {
            return b.append("No trial to re-run.\n").toString();
        }
        ProductionRun.Row best = rows.get(0);
        b.append("Best trial: #").append(best.number()).append(best.feasible() ? "" : " (breaks a constraint on the "
                + "full data)").append(", parameters ").append(best.params()).append("\n\n");
        TreeSet<String> metrics = new TreeSet<>();
        rows.forEach(r -> metrics.addAll(r.full().keySet()));
        objectives.forEach(o -> metrics.remove(o.metric()));
        List<String> columns = new ArrayList<>(objectives.stream().map(ObjectiveSpec::metric).toList());
        columns.addAll(metrics);
        b.append("| trial | feasible |");
        columns.forEach(c -> b.append(' ').append(c).append(" (sample) | ").append(c).append(" (full) |"));
        b.append("\n| --- | --- |");
        columns.forEach(c -> b.append(" ---: | ---: |"));
        b.append('\n');
        for (ProductionRun.Row r : rows) {
            b.append("| #").append(r.number()).append(" | ").append(r.feasible() ? "yes" : "no").append(" |");
            for (String c : columns) {
                b.append(' ').append(number(r.sample().get(c))).append(" | ").append(number(r.full().get(c)))
                        .append(" |");
            }
            b.append('\n');
        }
        b.append("\n| trial | parameters |\n| --- | --- |\n");
        rows.forEach(r -> b.append("| #").append(r.number()).append(" | ").append(r.params()).append(" |\n"));
        return b.toString();
    }

    private static String number(Double v) {
        if (v == null) {
            return "";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.format(Locale.ROOT, "%d", v.longValue())
                : String.format(Locale.ROOT, "%.4f", v);
    }
}
