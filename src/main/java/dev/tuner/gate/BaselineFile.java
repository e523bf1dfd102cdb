package dev.tuner.gate;

import dev.tuner.files.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tuner.tribuo.HeldOutPredictions;
import dev.tuner.tribuo.Metrics;
import dev.tuner.tribuo.TaskType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The committed baseline file ({@code src/test/tuner/baseline.json} by convention):
 * <pre>{@code
 * {
 *   "formatVersion": 1,
 *   "source": "my-model-1.3.0-model-bundle.zip sha256 9f2c...",       // informative
 *   "data": {"file": "train.csv", "sha256": "...", "target": "label",
 *            "testFraction": 0.2, "seed": 42, "heldOutRows": 30},     // optional: which rows
 *   "metrics": {"accuracy": 0.9667, "macro-f1": 0.9666, ...},         // required
 *   "probabilistic": true,                                            // optional: scores are probabilities
 *   "predictions": [{"label": "setosa", "scores": {...}}, ...]        // optional: one per held-out row
 * }
 * }</pre>
 * Only {@code metrics} is required, so a team may write the file by hand. With {@code predictions} (classification:
 * {@code label} and {@code scores}, every score a number for a class of the data; regression: {@code value})
 * recorded on the same rows (same {@code data} fingerprint), the gate recomputes the baseline's metrics on those rows
 * exactly as the candidate's are computed, and pairs them row by row: bootstrap interval and McNemar's test.
 * Otherwise it compares aggregate metrics, without an interval.
 * {@code -Dtuner.gate.updateBaseline} writes the whole shape.
 */
public final class BaselineFile {
    public static final int FORMAT_VERSION = 1;
    /** Whether the recorded scores are probabilities (classification). */
    static final String PROBABILISTIC = "probabilistic";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private BaselineFile() {
    }

    /**
     * Reads {@code file}.
     *
     * @param current   the candidate's rows' fingerprint
     * @param candidate the candidate's predictions (their truth is reused for the baseline's)
     * @return the baseline, or null when the file does not exist
     * @throws GateException for a file that is not a baseline, naming it
     */
    public static Baseline read(Path file, DataFingerprint current, HeldOutPredictions candidate) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return null;
        } catch (JsonProcessingException e) {
            throw new GateException(file + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new GateException(file + ": cannot read the baseline: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new GateException(file + ": a baseline is a JSON object with \"metrics\"");
        }
        if (root.has("formatVersion") && root.get("formatVersion").asInt() != FORMAT_VERSION) {
            throw new GateException(file + ": baseline formatVersion " + root.get("formatVersion")
                    + " is not supported (version " + FORMAT_VERSION + ")");
        }
        JsonNode metricsNode = root.get("metrics");
        if (metricsNode == null || !metricsNode.isObject()) {
            throw new GateException(file + ": no \"metrics\" object; expected {\"metrics\": {\"accuracy\": 0.95, ...}}");
        }
        Map<String, Double> metrics = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metricsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw new GateException(file + ": metrics." + e.getKey() + " is not a number: " + e.getValue());
            }
            metrics.put(e.getKey(), e.getValue().asDouble());
        }
        String source = file.toString();
        JsonNode predictionsNode = root.get("predictions");
        if (predictionsNode == null || predictionsNode.isNull()) {
            return new Baseline(source, Baseline.Kind.FILE, metrics, null, "the baseline file holds aggregate metrics only "
                    + "(no \"predictions\"): compared without interval");
        }
        DataFingerprint recorded = DataFingerprint.from(JSON.convertValue(dataNode(file, root), Map.class));
        if (!current.sameRowsAs(recorded)) {
            return new Baseline(source, Baseline.Kind.FILE, metrics, null, "the baseline's held-out rows are not the candidate's ("
                    + current.differenceFrom(recorded) + "): compared on aggregate metrics, without interval");
        }
        HeldOutPredictions rows = predictions(file, root, predictionsNode, candidate);
        // Every metric the rows define comes from the rows, as the candidate's do: a figure of the file's aggregate
        // next to a recomputed one would compare two different computations (log-loss recorded for a model that
        // the candidate, the same model, reports none for). What the rows cannot give (model-size) stays.
        Map<String, Double> recomputed = new TreeMap<>(metrics);
        recomputed.keySet().removeAll(rowMetrics(candidate.task()));
        recomputed.putAll(rows.metrics());
        return new Baseline(source, Baseline.Kind.FILE, recomputed, rows, null);
    }

    /**
     * {@code data}, checked field by field: a hand-edited fingerprint of the wrong shape must be refused naming the
     * field, not crash the conversion nor read as another seed (a text seed would read as 0 and unpair the rows).
     */
    private static JsonNode dataNode(Path file, JsonNode root) {
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            return null;
        }
        if (!data.isObject()) {
            throw new GateException(file + ": \"data\" must be an object (file, sha256, target, testFraction, seed, "
                    + "heldOutRows), found " + data.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        for (String field : List.of("file", "sha256", "target")) {
            JsonNode v = data.get(field);
            if (v != null && !v.isTextual()) {
                throw new GateException(file + ": data." + field + " is not a string: " + v);
            }
        }
        for (String field : List.of("testFraction", "seed", "heldOutRows")) {
            JsonNode v = data.get(field);
            if (v != null && !v.isNumber()) {
                throw new GateException(file + ": data." + field + " is not a number: " + v);
            }
        }
        return data;
    }

    /** The metrics {@link HeldOutPredictions#metrics()} may define for a task (some only where they apply). */
    private static Set<String> rowMetrics(TaskType task) {
        Set<String> out = new HashSet<>(Metrics.available(task));
        out.removeAll(List.of(Metrics.TRAIN_SECONDS, Metrics.MODEL_SIZE, Metrics.PREDICT_MS_PER_ROW));
        return out;
    }

    private static HeldOutPredictions predictions(Path file, JsonNode root, JsonNode node,
                                                  HeldOutPredictions candidate) {
        if (!node.isArray() || node.size() != candidate.rows()) {
            throw new GateException(file + ": \"predictions\" must hold one entry per held-out row ("
                    + candidate.rows() + "), found " + (node.isArray() ? node.size() : node.getNodeType()));
        }
        if (candidate.task() == TaskType.CLASSIFICATION) {
            Set<String> classes = new HashSet<>(candidate.classes());
            List<String> labels = new ArrayList<>();
            List<Map<String, Double>> scores = new ArrayList<>();
            boolean distributions = true;
            for (int i = 0; i < node.size(); i++) {
                JsonNode row = node.get(i);
                String at = file + ": predictions[" + i + "]";
                if (!row.path("label").isTextual()) {
                    throw new GateException(at + " has no \"label\" (classification)");
                }
                String label = row.get("label").asText();
                if (!classes.contains(label)) {
                    throw new GateException(at + ".label '" + label + "' is not a class of the data "
                            + candidate.classes());
                }
                labels.add(label);
                JsonNode scoresNode = row.get("scores");
                if (scoresNode == null || !scoresNode.isObject()) {
                    throw new GateException(at + " has no \"scores\" object (classification: a score per class)");
                }
                Map<String, Double> s = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = scoresNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!classes.contains(e.getKey())) {
                        throw new GateException(at + ".scores names '" + e.getKey() + "', not a class of the data "
                                + candidate.classes());
                    }
                    // A score that is not a number must not become 0: an AUC or log-loss rule would then judge
                    // made-up figures.
                    if (!e.getValue().isNumber()) {
                        throw new GateException(at + ".scores." + e.getKey() + " is not a number: " + e.getValue());
                    }
                    s.put(e.getKey(), e.getValue().asDouble());
                }
                scores.add(s);
                double sum = s.values().stream().mapToDouble(Double::doubleValue).sum();
                distributions &= !s.isEmpty() && Math.abs(sum - 1) < 1e-6
                        && s.values().stream().allMatch(v -> v >= 0);
            }
            return candidate.withClassPredictions(labels, scores, probabilistic(file, root, candidate, distributions));
        }
        double[] values = new double[node.size()];
        for (int i = 0; i < node.size(); i++) {
            JsonNode v = node.get(i).path("value");
            if (!v.isNumber()) {
                throw new GateException(file + ": predictions[" + i + "] has no numeric \"value\" (regression)");
            }
            values[i] = v.asDouble();
        }
        return candidate.withValuePredictions(values);
    }

    /**
     * Whether the baseline's scores are probabilities, so that log-loss is computed for it: what the file records
     * (the recording model's own statement, as for the candidate), else for a file without it the candidate's
     * statement, provided the scores are distributions. Judging by the scores alone would compute log-loss for a
     * model whose scores merely sum to 1 (votes of a k-nearest-neighbour or tree model) while the candidate, the
     * same model, reports none.
     */
    private static boolean probabilistic(Path file, JsonNode root, HeldOutPredictions candidate,
                                         boolean distributions) {
        JsonNode recorded = root.get(PROBABILISTIC);
        if (recorded == null || recorded.isNull()) {
            return candidate.probabilistic() && distributions;
        }
        if (!recorded.isBoolean()) {
            throw new GateException(file + ": \"" + PROBABILISTIC + "\" must be true or false, found " + recorded);
        }
        return recorded.asBoolean();
    }

    /**
     * Writes the candidate as the new baseline: to a temporary file next to {@code file}, then moved over it
     * atomically, so a failure leaves the old baseline intact.
     */
    public static void write(Path file, String source, DataFingerprint data, Map<String, Double> metrics,
                             HeldOutPredictions predictions) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("source", source);
        root.put("data", data);
        root.put("metrics", new TreeMap<>(metrics));
        if (predictions.task() == TaskType.CLASSIFICATION) {
            root.put(PROBABILISTIC, predictions.probabilistic());
        }
        root.put("predictions", predictions.asRecords());
        AtomicFiles.write(file, out -> JSON.writeValue(out, root));
    }
}
