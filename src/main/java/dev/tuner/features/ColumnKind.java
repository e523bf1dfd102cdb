package dev.tuner.features;

/** How a feature column becomes features (docs/trainers.md, "Data policy"). */
public enum ColumnKind {
    /** One feature named after the column, the cell's number. */
    NUMERIC,
    /** The one-hot feature {@code column=value}. */
    CATEGORICAL,
    /** Bag-of-words features {@code column@word} ({@link TextFeatures}). */
    TEXT
}
