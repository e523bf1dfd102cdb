package dev.tuner.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tuner.features.ColumnKind;
import dev.tuner.features.FeatureColumn;
import dev.tuner.features.RowEncoding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code features.json}: the column schema of training ({@link RowEncoding}), so that {@link ModelBundle#predict}
 * encodes a raw row exactly as training did. Fields: {@code target}, {@code constant} (whether every row gets
 * {@value RowEncoding#CONSTANT_FEATURE}), and {@code columns}, each {@code name}, {@code kind} ({@code numeric},
 * {@code categorical} or {@code text}) and {@code complete}.
 */
final class FeaturesFile {
    private FeaturesFile() {
    }

    static Map<String, Object> toJson(RowEncoding encoding) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (FeatureColumn c : encoding.columns()) {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", c.name());
            column.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
            column.put("complete", c.complete());
            columns.add(column);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target", encoding.target());
        out.put("constant", encoding.constant());
        out.put("columns", columns);
        return out;
    }

    /**
     * The first of {@code features} (a model's feature names) that no column of {@code encoding} gives, or null when
     * {@link RowEncoding} explains every one: numeric {@code c} and {@code c@missing}, categorical {@code c=v} and
     * {@code c@missing}, text {@code c@word} and {@code c@(none)}, and the constant. A model and a {@code
     * features.json} of different builds (a model file swapped in from another bundle) fail this, where predicting
     * would silently ignore the features that never match.
     */
    static String unexplained(RowEncoding encoding, Iterable<String> features) {
        Set<String> exact = new HashSet<>();
        Map<String, ColumnKind> prefixed = new HashMap<>();
        if (encoding.constant()) {
            exact.add(RowEncoding.CONSTANT_FEATURE);
        }
        for (FeatureColumn c : encoding.columns()) {
            exact.add(c.indicator());
            switch (c.kind()) {
                case NUMERIC -> exact.add(c.name());
                case CATEGORICAL, TEXT -> prefixed.put(c.name(), c.kind());
            }
        }
        for (String feature : features) {
            if (!exact.contains(feature) && !prefixed(feature, prefixed)) {
                return feature;
            }
        }
        return null;
    }

    /** Whether {@code feature} is {@code c=...} of a categorical or {@code c@...} of a text column {@code c}. */
    private static boolean prefixed(String feature, Map<String, ColumnKind> columns) {
        // Column names may themselves hold '=' or '@': every such place is a possible end of the name.
        for (int i = 0; i < feature.length(); i++) {
            char ch = feature.charAt(i);
            if (ch == '=' || ch == '@') {
                ColumnKind kind = columns.get(feature.substring(0, i));
                if (kind == (ch == '=' ? ColumnKind.CATEGORICAL : ColumnKind.TEXT)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Reads and checks every field; a malformed one is a {@link BundleException} naming it. */
    static RowEncoding read(String source, byte[] bytes) {
        BundleJson json = new BundleJson(source, BundleLayout.FEATURES);
        JsonNode root = json.object(bytes);
        String target = json.text(root, "target");
        boolean constant = json.bool(root, "constant");
        List<FeatureColumn> columns = new ArrayList<>();
        for (BundleJson.Element element : json.objects(root, "columns", "{\"name\", \"kind\", \"complete\"}")) {
            JsonNode c = element.node();
            BundleJson fields = element.fields();
            String name = fields.text(c, "name");
            String kind = fields.text(c, "kind");
            ColumnKind parsed;
            try {
                parsed = ColumnKind.valueOf(kind.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw fields.bad("kind", "must be numeric, categorical or text, found " + BundleJson.shortText(
                        c.get("kind")));
            }
            columns.add(new FeatureColumn(name, parsed, fields.bool(c, "complete")));
        }
        return new RowEncoding(target, columns, constant);
    }
}
