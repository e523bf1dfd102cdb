package dev.tuner.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What differs between two study descriptions (the JSON a fingerprint hashes), leaf by leaf, each with its old and
 * new value and named as the user configures it: {@code <seed>: 42 -> 7}, not "data changed" (the split seed is
 * stored inside the description's {@code data} object, which is why a whole-key comparison blamed the data).
 */
public final class DescriptionDiff {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NONE = "(none)";
    /** Description paths and the configuration element that sets them. */
    private static final Map<String, String> ELEMENTS = Map.ofEntries(
            Map.entry("data.splitSeed", "<seed>"),
            Map.entry("seed", "<seed>"),
            Map.entry("data.sha256", "data file content (sha256)"),
            Map.entry("data.file", "<dataset><path> (file name)"),
            Map.entry("data.target", "<dataset><target>"),
            Map.entry("data.testFraction", "<dataset><testFraction>"),
            Map.entry("data.task", "task (from the target column)"),
            Map.entry("textColumns", "<dataset><textColumns>"),
            Map.entry("encoding", "<dataset><encoding>"),
            Map.entry("trainer", "<trainer>"),
            Map.entry("objectiveClass", "<objective>"),
            Map.entry("objectives", "<objectives>"),
            Map.entry("budgets", "<budgets>"),
            Map.entry("folds", "<folds>"));

    /** One changed value: where (as configured), before and after; {@code (none)} for an added or removed one. */
    public record Change(String element, String before, String after) {
        @Override
        public String toString() {
            return element + ": " + before + " -> " + after;
        }
    }

    private DescriptionDiff() {
    }

    /** The changes from {@code stored} to {@code current}, or null when either is not a JSON object. */
    public static List<Change> of(String stored, String current) {
        JsonNode a;
        JsonNode b;
        try {
            a = JSON.readTree(stored == null ? "" : stored);
            b = JSON.readTree(current == null ? "" : current);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (a == null || b == null || !a.isObject() || !b.isObject()) {
            return null;
        }
        List<Change> out = new ArrayList<>();
        compare("", a, b, out);
        return out;
    }

    private static void compare(String path, JsonNode a, JsonNode b, List<Change> out) {
        if (Objects.equals(a, b)) {
            return;
        }
        // Objects are compared key by key, so that a change inside one (the seed in "data", one parameter of the
        // search space) is named by itself; anything else is one value.
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                compare(path.isEmpty() ? key : path + "." + key, a.get(key), b.get(key), out);
            }
            return;
        }
        out.add(new Change(element(path), text(path, a), text(path, b)));
    }

    static String element(String path) {
        String known = ELEMENTS.get(path);
        if (known != null) {
            return known;
        }
        if (path.startsWith("searchSpace.")) {
            return "<searchSpace><" + path.substring("searchSpace.".length()) + ">";
        }
        if (path.equals("searchSpace")) {
            return "<searchSpace>";
        }
        return path;
    }

    private static String text(String path, JsonNode v) {
        if (v == null || v.isMissingNode()) {
            // A project's own objective records its seed only when it is not the default (Tuning.customDescription).
            return path.equals("seed") ? "(the default)" : NONE;
        }
        if (v.isTextual()) {
            String t = v.textValue();
            // A hash says only that the content changed; its first characters are enough to tell which is which.
            return t.length() == 64 && t.chars().allMatch(ch -> Character.digit(ch, 16) >= 0) ? t.substring(0, 12) + "…" : t;
        }
        return v.toString();
    }

    /** "a: 1 -> 2; b: x -> y". */
    public static String describe(List<Change> changes) {
        StringBuilder s = new StringBuilder();
        for (Iterator<Change> it = changes.iterator(); it.hasNext(); ) {
            s.append(it.next());
            if (it.hasNext()) {
                s.append("; ");
            }
        }
        return s.toString();
    }
}
