package dev.tuner.bundle;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict reading of the JSON files inside a bundle: every field is checked for its type and range, and anything
 * else is a {@link BundleException} naming the bundle, the file and the field. A bundle is input from outside the
 * application, so a lenient default (Jackson's {@code asInt()} turns {@code "abc"} into 0) would hide a corrupt or
 * forged file behind plausible values.
 */
final class BundleJson {
    /** Without the source in error locations: a message would otherwise quote up to 500 characters of the file. */
    static final ObjectMapper JSON = JsonMapper.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    private final String source;
    private final String entry;
    private final String prefix;

    /** Fields of {@code entry} (a path inside the bundle) of the bundle {@code source}. */
    BundleJson(String source, String entry) {
        this(source, entry, "");
    }

    private BundleJson(String source, String entry, String prefix) {
        this.source = source;
        this.entry = entry;
        this.prefix = prefix;
    }

    /**
     * {@code value} (maps, lists and scalars as Jackson's {@code convertValue} gives them) with every map and list
     * unmodifiable, all the way down: a loaded bundle is shared between an application's threads.
     */
    static Object frozen(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, frozen(v)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(frozen(v)));
            return Collections.unmodifiableList(out);
        }
        return value;
    }

    /** The same file's fields inside {@code element} (e.g. {@code files[3]}), named {@code files[3].size}. */
    BundleJson within(String element) {
        return new BundleJson(source, entry, prefix + element + ".");
    }

    /** The file's top-level JSON object. */
    JsonNode object(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BundleException(source + ": " + entry + (at == null ? "" : " line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": not valid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new BundleException(source + ": " + entry + " cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BundleException(source + ": " + entry + " is not a JSON object");
        }
        return root;
    }

    /** A refusal of {@code field}: {@code <bundle>: <entry>: "<field>" <problem>}. */
    BundleException bad(String field, String problem) {
        return new BundleException(source + ": " + entry + ": \"" + prefix + field + "\" " + problem);
    }

    /** A required whole number in {@code [min, max]}. */
    long integer(JsonNode parent, String field, long min, long max) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            throw bad(field, "is missing");
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
            throw bad(field, "must be a whole number from " + min + " to " + max + ", found " + shortText(n));
        }
        return n.asLong();
    }

    /** An element of a required array of objects: the object, and the reader of its fields. */
    record Element(JsonNode node, BundleJson fields) {
    }

    /**
     * A required array of objects of the shape {@code shape} (for messages, e.g. {@code {"path", "size"}}), element
     * by element, each with a reader naming its fields {@code field[i].name}.
     */
    List<Element> objects(JsonNode parent, String field, String shape) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isArray()) {
            throw bad(field, "must be an array of " + shape + ", found " + (n == null ? "nothing" : shortText(n)));
        }
        List<Element> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            String element = field + "[" + i + "]";
            JsonNode e = n.get(i);
            if (!e.isObject()) {
                throw bad(element, "must be an object " + shape + ", found " + shortText(e));
            }
            out.add(new Element(e, within(element)));
        }
        return out;
    }

    /** A required boolean. */
    boolean bool(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            throw bad(field, "is missing");
        }
        if (!n.isBoolean()) {
            throw bad(field, "must be true or false, found " + shortText(n));
        }
        return n.asBoolean();
    }

    /** A required string. */
    String text(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            throw bad(field, "is missing");
        }
        if (!n.isTextual()) {
            throw bad(field, "must be a string, found " + shortText(n));
        }
        return n.asText();
    }

    /** A required array of exactly {@code size} strings. */
    List<String> texts(JsonNode parent, String field, int size) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            throw bad(field, "is missing");
        }
        if (!n.isArray() || n.size() != size) {
            throw bad(field, "must be an array of " + size + " strings, found "
                    + (n.isArray() ? n.size() + " elements" : shortText(n)));
        }
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            JsonNode e = n.get(i);
            if (!e.isTextual()) {
                throw bad(field + "[" + i + "]", "must be a string, found " + shortText(e));
            }
            out.add(e.asText());
        }
        return out;
    }

    /**
     * A required number. Jackson writes a non-finite double as the string {@code "NaN"}, {@code "Infinity"} or
     * {@code "-Infinity"}, so exactly those strings are read back; any other string is refused.
     */
    double number(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n != null && n.isNumber()) {
            return n.asDouble();
        }
        if (n != null && n.isTextual()) {
            switch (n.asText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw bad(field, "must be a number, found " + (n == null ? "nothing" : shortText(n)));
    }

    /** At most 40 characters of the node's JSON: enough to recognise a value, never a whole file in a message. */
    static String shortText(JsonNode n) {
        String s = n.toString();
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
