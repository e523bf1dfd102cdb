package dev.tuner.gate;

import dev.tuner.files.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tuner.tribuo.HeldOutPredictions;
import dev.tuner.tribuo.TaskType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *   "predictions": [{"label": "setosa", "scores": {...}}, ...]        // optional: one per held-out row
 * }
 * }</pre>
 * Only {@code metrics} is required, so a team may write the file by hand. With {@code predictions} (classification:
 * {@code label} and {@code scores}; regression: {@code value}) recorded on the same rows (same {@code data}
 * fingerprint), the gate recomputes the baseline's metrics on those rows and pairs them with the candidate's row by
 * row: bootstrap interval and McNemar's test. Otherwise it compares aggregate metrics, without an interval.
 * {@code -Dtuner.gate.updateBaseline} writes the whole shape.
 */
public final class BaselineFile {
    public static final int FORMAT_VERSION = 1;
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
            return new Baseline(source, "file", metrics, null, "the baseline file holds aggregate metrics only "
                    + "(no \"predictions\"): compared without interval");
        }
        DataFingerprint recorded = DataFingerprint.from(JSON.convertValue(root.get("data"), Map.class));
        if (!current.sameRowsAs(recorded)) {
            return new Baseline(source, "file", metrics, null, "the baseline's held-out rows are not the candidate's ("
                    + current.differenceFrom(recorded) + "): compared on aggregate metrics, without interval");
        }
        HeldOutPredictions rows = predictions(file, predictionsNode, candidate);
        Map<String, Double> recomputed = new TreeMap<>(metrics);
        recomputed.putAll(rows.metrics());
        return new Baseline(source, "file", recomputed, rows, null);
    }

    private static HeldOutPredictions predictions(Path file, JsonNode node, HeldOutPredictions candidate) {
        if (!node.isArray() || node.size() != candidate.rows()) {
            throw new GateException(file + ": \"predictions\" must hold one entry per held-out row ("
                    + candidate.rows() + "), found " + (node.isArray() ? node.size() : node.getNodeType()));
        }
        if (candidate.task() == TaskType.CLASSIFICATION) {
            List<String> labels = new ArrayList<>();
            List<Map<String, Double>> scores = new ArrayList<>();
            boolean probabilistic = true;
            for (int i = 0; i < node.size(); i++) {
                JsonNode row = node.get(i);
                if (!row.path("label").isTextual()) {
                    throw new GateException(file + ": predictions[" + i + "] has no \"label\" (classification)");
                }
                labels.add(row.get("label").asText());
                Map<String, Double> s = new TreeMap<>();
                row.path("scores").fields().forEachRemaining(e -> s.put(e.getKey(), e.getValue().asDouble()));
                scores.add(s);
                double sum = s.values().stream().mapToDouble(Double::doubleValue).sum();
                probabilistic &= !s.isEmpty() && Math.abs(sum - 1) < 1e-6
                        && s.values().stream().allMatch(v -> v >= 0);
            }
            return candidate.withClassPredictions(labels, scores, probabilistic);
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
     * Writes the candidate as the new baseline: to a temporary file next to {@code file}, then moved over it
     * atomically, so a failure leaves the old baseline intact.
     */
    public static void write(Path file, String source, DataFingerprint data, Map<String, Double> metrics,
                             HeldOutPredictions predictions) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("source", source);
        root.put("data", data.asMap());
        root.put("metrics", new TreeMap<>(metrics));
        root.put("predictions", predictions.asRecords());
        AtomicFiles.write(file, out -> JSON.writeValue(out, root));
    }
}
