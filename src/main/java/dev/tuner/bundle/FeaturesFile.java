package dev.tuner.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tuner.features.ColumnKind;
import dev.tuner.features.FeatureColumn;
import dev.tuner.features.RowEncoding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
