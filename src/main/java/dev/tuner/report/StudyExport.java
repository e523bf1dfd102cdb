package dev.tuner.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tuner.files.AtomicFiles;
import dev.tuner.storage.StudyCatalog;
import dev.tuner.storage.StudySnapshot;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.Trial;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A whole study written out for other tools: CSV (one row per trial, as {@code trials.csv} plus start and finish
 * times) or JSON (the study's record, attributes and every trial with its intermediate values). Non-finite values
 * are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} in JSON and as the same words in
 * CSV.
 */
public final class StudyExport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The formats {@link #write} takes. */
    public enum Format {
        CSV, JSON;

        /** {@code csv} or {@code json}, any case; null when {@code text} is neither. */
        public static Format parse(String text) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return f;
                }
            }
            return null;
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private StudyExport() {
    }

    public static void write(StudySnapshot study, Format format, Path file) throws IOException {
        if (format == Format.CSV) {
            TrialsCsvWriter.write(file, study.trials(), parameterNames(study), budgets(study),
                    StudyCatalog.objectives(study.record()), true);
        } else {
            AtomicFiles.writeString(file, JSON.writeValueAsString(toJson(study)) + "\n");
        }
    }

    static ObjectNode toJson(StudySnapshot study) {
        ObjectNode root = JSON.createObjectNode();
        root.put("study", study.record().name());
        root.put("fingerprint", study.record().fingerprint());
        root.set("description", parsedOrText(study.record().description()));
        ArrayNode objectives = root.putArray("objectives");
        for (ObjectiveSpec o : StudyCatalog.objectives(study.record())) {
            objectives.addObject().put("metric", o.metric()).put("direction", o.direction().name().toLowerCase(Locale.ROOT));
        }
        root.put("created", study.created().toString());
        ObjectNode attributes = root.putObject("attributes");
        study.attributes().forEach((k, v) -> attributes.set(k, parsedOrText(v)));
        ArrayNode trials = root.putArray("trials");
        for (Trial t : study.trials()) {
            ObjectNode row = trials.addObject();
            row.put("number", t.number());
            row.put("state", t.state().name().toLowerCase(Locale.ROOT));
            row.set("params", JSON.valueToTree(t.params()));
            ArrayNode values = row.putArray("values");
            t.values().forEach(v -> values.add(number(v)));
            ArrayNode intermediate = row.putArray("intermediate");
            t.intermediate().forEach((budget, value) -> intermediate.addObject()
                    .put("budget", budget).set("value", number(value)));
            ObjectNode metrics = row.putObject("metrics");
            t.metrics().forEach((k, v) -> metrics.set(k, number(v)));
            row.put("started", text(t.started()));
            row.put("finished", text(t.finished()));
            if (!Double.isNaN(t.seconds())) {
                row.put("seconds", t.seconds());
            }
            row.put("worker", t.worker());
            row.put("message", t.message());
        }
        return root;
    }

    /** Parameter names of every trial, sorted (a choice of trainers gives trials different parameters). */
    static List<String> parameterNames(StudySnapshot study) {
        TreeSet<String> names = new TreeSet<>();
        study.trials().forEach(t -> names.addAll(t.params().keySet()));
        return new ArrayList<>(names);
    }

    static List<Double> budgets(StudySnapshot study) {
        TreeSet<Double> budgets = new TreeSet<>();
        study.trials().forEach(t -> budgets.addAll(t.intermediate().keySet()));
        return new ArrayList<>(budgets);
    }

    private static JsonNode number(Double v) {
        if (v == null) {
            return JSON.nullNode();
        }
        return Double.isFinite(v) ? JSON.getNodeFactory().numberNode(v) : JSON.getNodeFactory().textNode(v.toString());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static JsonNode parsedOrText(String text) {
        if (text == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
