package dev.tuner.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one rule that turns a row's cells into Tribuo feature names and values, shared by training (the plugin's
 * data reading) and prediction (an application's {@code ModelBundle.predict}), so that both give the same features
 * for the same cells. It depends on nothing but the JDK; docs/trainers.md ("Data policy") states it for users.
 *
 * <ul>
 *   <li>A cell is missing when it is empty, {@code ?}, {@code NA} or {@code NaN} after trimming; in a numeric
 *       column a cell that is not a finite decimal number is missing too.</li>
 *   <li>Numeric column {@code c}: the feature {@code c} = the number; missing: {@code c@missing} = 1.</li>
 *   <li>Categorical column {@code c}: {@code c=v} = 1 for the cell {@code v}; missing: {@code c@missing} = 1.</li>
 *   <li>Text column {@code c}: {@link TextFeatures}; a cell that gives no word: {@code c@(none)} = 1.</li>
 *   <li>{@value #CONSTANT_FEATURE} = 1 in every row when no numeric column is complete, so that no row is without a
 *       feature every model knows.</li>
 * </ul>
 * The rule uses no statistic of the data; what training learned about the columns (their kinds, which numeric
 * columns were complete, whether the constant is used) is this object's state, and a bundle records it.
 *
 * @param target   the target column (never a feature)
 * @param columns  the feature columns, in file order
 * @param constant whether every row gets {@value #CONSTANT_FEATURE}
 */
public record RowEncoding(String target, List<FeatureColumn> columns, boolean constant) {
    /** Indicator suffix of numeric and categorical columns. */
    public static final String MISSING_INDICATOR_SUFFIX = "@missing";
    /** Indicator suffix of text columns: not a possible word, so it never collides with a word feature. */
    public static final String NO_WORDS_INDICATOR_SUFFIX = "@(none)";
    /** Set to 1 in every row when no numeric column is complete. */
    public static final String CONSTANT_FEATURE = "@constant";

    private static final Set<String> MISSING_MARKERS = Set.of("", "?", "NA", "NaN");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final FeatureColumn CONSTANT_COLUMN = new FeatureColumn(CONSTANT_FEATURE, ColumnKind.NUMERIC, true);

    public RowEncoding {
        Objects.requireNonNull(target, "target");
        columns = List.copyOf(columns);
    }

    /** The encoding of training: the constant is used exactly when no numeric column is complete. */
    public static RowEncoding of(String target, List<FeatureColumn> columns) {
        return new RowEncoding(target, columns, columns.stream().noneMatch(FeatureColumn::complete));
    }

    /** Receives the features of a row, with the column that gives each. */
    public interface FeatureSink {
        void add(String feature, double value, FeatureColumn column);
    }

    /** The features of a row: parallel arrays of names and values, in the order the columns give them. */
    public record Features(String[] names, double[] values) {
    }

    /**
     * Every feature of one row: each column's cell, taken from {@code cellOf} (already trimmed; never null), then
     * the constant feature when it is used.
     */
    public void encode(Function<FeatureColumn, String> cellOf, FeatureSink sink) {
        for (FeatureColumn column : columns) {
            encodeCell(column, cellOf.apply(column), sink);
        }
        if (constant) {
            sink.add(CONSTANT_FEATURE, 1.0, CONSTANT_COLUMN);
        }
    }

    /**
     * The features of a row given as column name to cell, as an application has it: cells are trimmed as the CSV
     * reader trims them, a column the row lacks (or maps to null) is missing, and names that are not feature
     * columns (the target, anything else) are ignored.
     *
     * @throws IllegalArgumentException when two columns give the same feature name (training refuses such a row)
     */
    public Features encode(Map<String, String> row) {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        Map<String, String> columnOf = new HashMap<>();
        encode(column -> {
            String cell = row.get(column.name());
            return cell == null ? "" : cell.trim();
        }, (feature, value, column) -> {
            String previous = columnOf.putIfAbsent(feature, column.name());
            if (previous != null) {
                throw new IllegalArgumentException("columns '" + previous + "' and '" + column.name()
                        + "' both give the feature '" + feature + "'");
            }
            names.add(feature);
            values.add(value);
        });
        return new Features(names.toArray(String[]::new), values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The features of one cell of {@code column}. */
    public static void encodeCell(FeatureColumn column, String cell, FeatureSink sink) {
        boolean missing = isMissing(cell);
        boolean none = missing;
        switch (column.kind()) {
            case TEXT -> {
                Map<String, Double> words = missing ? Map.of() : TextFeatures.of(column.name(), cell);
                words.forEach((feature, value) -> sink.add(feature, value, column));
                none = words.isEmpty();
            }
            case NUMERIC -> {
                double value = missing ? Double.NaN : parseNumber(cell);
                none = Double.isNaN(value);
                if (!none) {
                    sink.add(column.name(), value, column);
                }
            }
            case CATEGORICAL -> {
                if (!missing) {
                    sink.add(column.name() + "=" + cell, 1.0, column);
                }
            }
        }
        if (none) {
            sink.add(column.indicator(), 1.0, column);
        }
    }

    /** Empty, {@code ?}, {@code NA} or {@code NaN} after trimming. */
    public static boolean isMissing(String cell) {
        return MISSING_MARKERS.contains(cell.strip());
    }

    /** The cell as a finite number, or NaN when it is not one (Java's own syntax would also take 1d, 0x1p3). */
    public static double parseNumber(String cell) {
        if (!NUMBER.matcher(cell).matches()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(cell);
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
