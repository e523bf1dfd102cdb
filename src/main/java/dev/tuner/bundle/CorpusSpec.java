package dev.tuner.bundle;

import java.io.File;

/**
 * One {@code <corpus>} of {@code <embeddings><corpora>}: a CSV file with a header row whose {@code textColumn}
 * is embedded. Maven fills the fields from the POM; the constructor is for code.
 */
public class CorpusSpec {
    /** The corpus' name in the bundle ({@code embeddings/<name>/...}); letters, digits, '-', '_', '.'. */
    String name;
    /** CSV file with a header row. */
    File path;
    /** Column of unique ids; when absent, ids are the row numbers (1 = first data row). */
    String idColumn;
    /** Column of the text to embed. */
    String textColumn;
    /** Optional: column of labels, for k-means centroids per label. */
    String labelColumn;

    public CorpusSpec() {
    }

    public CorpusSpec(String name, File path, String idColumn, String textColumn, String labelColumn) {
        this.name = name;
        this.path = path;
        this.idColumn = idColumn;
        this.textColumn = textColumn;
        this.labelColumn = labelColumn;
    }

    public String getName() {
        return name;
    }

    public File getPath() {
        return path;
    }

    public String getIdColumn() {
        return idColumn;
    }

    public String getTextColumn() {
        return textColumn;
    }

    public String getLabelColumn() {
        return labelColumn;
    }
}
