package dev.tuner.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tuner.trial.Direction;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the storages encode parameters, objective values and metrics, and normalize parameter types, so that both
 * storages give back exactly what the study layer promises: Double for float ranges, Long for int ranges, String
 * for choices.
 *
 * <p>JSON has no NaN or infinities, yet a diverged trainer reports them and they must survive a restart. Values and
 * metrics therefore write a non-finite double as the JSON string {@code "NaN"}, {@code "Infinity"} or
 * {@code "-Infinity"} (the spelling {@link Double#parseDouble} reads back); every other double is a JSON number.
 * A JSON {@code null} in stored values reads as NaN. Parameters must be finite: no distribution produces anything
 * else, and a string "NaN" parameter would be indistinguishable from a categorical choice named "NaN".
 */
final class StorageJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StorageJson() {
    }

    /**
     * A copy of {@code params} with the storage's value types: integral numbers become Long, other numbers Double,
     * strings and booleans stay. Anything else cannot be stored faithfully and is refused here rather than altered.
     */
    static Map<String, Object> normalizeParams(Map<String, Object> params) {
        Map<String, Object> normalized = new LinkedHashMap<>();
        if (params == null) {
            return normalized;
        }
        for (Map.Entry<String, Object> e : params.entrySet()) {
            normalized.put(Objects.requireNonNull(e.getKey(), "parameter name"), normalizeParam(e.getKey(), e.getValue()));
        }
        return normalized;
    }

    private static Object normalizeParam(String name, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.longValueExact();
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("parameter '" + name + "' is " + d + "; parameters must be finite");
            }
            return d;
        }
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        throw new IllegalArgumentException("parameter '" + name + "' has a value of type "
                + (value == null ? "null" : value.getClass().getName())
                + "; a trial's parameters are Long, Double, String or Boolean");
    }

    static String writeParams(Map<String, Object> params) {
        ObjectNode node = NODES.objectNode();
        normalizeParams(params).forEach((name, value) -> {
            if (value instanceof Long l) {
                node.put(name, l);
            } else if (value instanceof Double d) {
                // DoubleNode prints with Double.toString, so 1.0 is written "1.0" and reads back as a Double.
                node.put(name, d);
            } else if (value instanceof Boolean b) {
                node.put(name, b);
            } else {
                node.put(name, (String) value);
            }
        });
        return write(node);
    }

    static Map<String, Object> readParams(String json) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (json == null) {
            return params;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = readTree(json, "parameters").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode v = field.getValue();
            Object value;
            if (v.isIntegralNumber()) {
                value = v.longValue();
            } else if (v.isNumber()) {
                value = v.doubleValue();
            } else if (v.isBoolean()) {
                value = v.booleanValue();
            } else if (v.isTextual()) {
                value = v.textValue();
            } else {
                throw new StorageException("stored parameter '" + field.getKey() + "' is not a number, string or boolean: " + v);
            }
            params.put(field.getKey(), value);
        }
        return params;
    }

    /**
     * The values as the database gives them back ({@link #readValues} of {@link #writeValues}) without the JSON in
     * between: null becomes NaN, every other double comes back exactly.
     */
    static List<Double> storedValues(List<Double> values) {
        List<Double> out = new ArrayList<>(values == null ? 0 : values.size());
        if (values != null) {
            for (Double v : values) {
                out.add(v == null ? Double.NaN : v);
            }
        }
        return out;
    }

    /** The metrics as the database gives them back, in their order, without the JSON in between (null: NaN). */
    static Map<String, Double> storedMetrics(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (metrics != null) {
            metrics.forEach((name, v) -> out.put(Objects.requireNonNull(name, "metric name"), v == null ? Double.NaN : v));
        }
        return out;
    }

    static String writeValues(List<Double> values) {
        ArrayNode array = NODES.arrayNode();
        if (values != null) {
            for (Double v : values) {
                array.add(doubleNode(v));
            }
        }
        return write(array);
    }

    static List<Double> readValues(String json) {
        List<Double> values = new ArrayList<>();
        if (json == null) {
            return values;
        }
        for (JsonNode v : readTree(json, "objective values")) {
            values.add(readDouble(v));
        }
        return values;
    }

    static String writeMetrics(Map<String, Double> metrics) {
        ObjectNode node = NODES.objectNode();
        if (metrics != null) {
            metrics.forEach((name, value) -> node.set(name, doubleNode(value)));
        }
        return write(node);
    }

    static Map<String, Double> readMetrics(String json) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (json == null) {
            return metrics;
        }
        readTree(json, "metrics").fields().forEachRemaining(f -> metrics.put(f.getKey(), readDouble(f.getValue())));
        return metrics;
    }

    static String writeDirections(List<Direction> directions) {
        ArrayNode array = NODES.arrayNode();
        directions.forEach(d -> array.add(d.name()));
        return write(array);
    }

    static List<Direction> readDirections(String json) {
        List<Direction> directions = new ArrayList<>();
        for (JsonNode d : readTree(json, "directions")) {
            directions.add(Direction.valueOf(d.textValue()));
        }
        return directions;
    }

    /** Refuses text that is not JSON, so that a study attribute can always be parsed by whoever reads it. */
    static void requireJson(String json, String what) {
        try {
            MAPPER.readTree(Objects.requireNonNull(json, what));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getOriginalMessage());
        }
    }

    /** The message of a fingerprint mismatch; shared so that every storage words it the same way. */
    static StudyMismatchException mismatch(String study, String location, String storedDescription,
                                           String newDescription) {
        List<DescriptionDiff.Change> changed = DescriptionDiff.of(storedDescription, newDescription);
        String what;
        if (changed == null) {
            what = "the stored and the new descriptions cannot be compared key by key";
        } else if (changed.isEmpty()) {
            what = "no value of the description differs, but the fingerprints do";
        } else {
            what = "changed: " + DescriptionDiff.describe(changed);
        }
        // A stage's study is <study>:<stage>; stages take no <carryTrialsFrom>, so it is not offered for them.
        String keep = study.contains(":") ? "" : " (and <carryTrialsFrom>" + study + "</carryTrialsFrom> to keep the"
                + " trials that fit)";
        return new StudyMismatchException("study '" + study + "' in " + location
                + " was created with a different configuration (" + what + "); set another <study> name" + keep
                + " or delete the study (tuner:studies -Dtuner.delete=" + study + ")");
    }

    private static JsonNode doubleNode(Double value) {
        double v = value == null ? Double.NaN : value;
        return Double.isFinite(v) ? NODES.numberNode(v) : NODES.textNode(Double.toString(v));
    }

    private static double readDouble(JsonNode v) {
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.textValue());
            } catch (NumberFormatException e) {
                throw new StorageException("stored value '" + v.textValue() + "' is not a number");
            }
        }
        throw new StorageException("stored value " + v + " is not a number");
    }

    private static JsonNode readTree(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StorageException("stored " + what + " are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + node, e);
        }
    }
}
