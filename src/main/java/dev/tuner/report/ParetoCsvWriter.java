package dev.tuner.report;

import dev.tuner.files.AtomicFiles;
import dev.tuner.trial.ObjectiveSpec;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code pareto.csv}: the top-k of the Pareto set, one row each, with every objective's cross-validated value
 * (the study's) and its value when refit on all tuning rows and measured on the held-out rows, side by side.
 */
public final class ParetoCsvWriter {
    private ParetoCsvWriter() {
    }

    /**
     * @param rows entries of {@code best.json}'s {@code paretoTopK}: {@code number}, {@code params},
     *             {@code crossValidated} and (with held-out rows) {@code heldOut}, metric to value
     */
    @SuppressWarnings("unchecked")
    public static void write(Path file, List<Map<String, Object>> rows, List<ObjectiveSpec> objectives)
            throws IOException {
        Set<String> params = new LinkedHashSet<>();
        rows.forEach(r -> params.addAll(((Map<String, Object>) r.get("params")).keySet()));
        List<String> header = new ArrayList<>(List.of("rank", "number"));
        params.forEach(p -> header.add("param:" + p));
        for (ObjectiveSpec o : objectives) {
            header.add(o.metric() + ":cv");
            header.add(o.metric() + ":heldOut");
        }
        AtomicFiles.write(file, out -> {
            try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
                         .build())) {
                int rank = 1;
                for (Map<String, Object> r : rows) {
                    List<Object> record = new ArrayList<>(List.of(rank++, r.get("number")));
                    Map<String, Object> p = (Map<String, Object>) r.get("params");
                    params.forEach(name -> record.add(p.getOrDefault(name, "")));
                    Map<String, Double> cv = (Map<String, Double>) r.get("crossValidated");
                    Map<String, Double> held = (Map<String, Double>) r.getOrDefault("heldOut", Map.of());
                    for (ObjectiveSpec o : objectives) {
                        record.add(cv.get(o.metric()));
                        record.add(held.containsKey(o.metric()) ? held.get(o.metric()) : "");
                    }
                    csv.printRecord(record);
                }
            }
        });
    }
}
