package dev.tuner.features;

import java.util.Objects;

/**
 * One feature column of a data set, as training saw it.
 *
 * @param name     the column's header
 * @param kind     how its cells become features
 * @param complete a numeric column with a number in every training row: a feature every row has, so no
 *                 {@value RowEncoding#CONSTANT_FEATURE} feature is needed
 */
public record FeatureColumn(String name, ColumnKind kind, boolean complete) {
    public FeatureColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /** The feature set when the cell gives no other: {@code c@(none)} for text, {@code c@missing} otherwise. */
    public String indicator() {
        return name + (kind == ColumnKind.TEXT ? RowEncoding.NO_WORDS_INDICATOR_SUFFIX
                : RowEncoding.MISSING_INDICATOR_SUFFIX);
    }
}
