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
     * One trial of the Pareto set's top-k.
     *
     * @param crossValidated objective values as the study measured them
     * @param heldOut        objective values on the held-out rows; null without held-out rows
     */
    public record Row(int number, Map<String, Object> params, Map<String, Double> crossValidated,
                      Map<String, Double> heldOut) {
    }

    public static void write(Path file, List<Row> rows, List<ObjectiveSpec> objectives) throws IOException {
        Set<String> params = new LinkedHashSet<>();
        rows.forEach(r -> params.addAll(r.params().keySet()));
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
                for (Row r : rows) {
                    List<Object> record = new ArrayList<>(List.of(rank++, r.number()));
                    params.forEach(name -> record.add(r.params().getOrDefault(name, "")));
                    Map<String, Double> cv = r.crossValidated();
                    Map<String, Double> held = r.heldOut() == null ? Map.of() : r.heldOut();
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
