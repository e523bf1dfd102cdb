package dev.tuner.tribuo;

import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import java.io.File;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <dataset>} element: Maven fills this bean straight from the POM, so the Mojo holds no parsing.
 * Fields are package-visible for Maven's field injection; getters are what the engine reads.
 */
public class DatasetSpec {
    /** CSV file with a header row. */
    File path;
    /** The response column. */
    String target;
    /** Fraction of rows held out from tuning (seeded, stratified for classification). */
    double testFraction = 0.2;
    /** auto, classification or regression. */
    String task = "auto";
    /** Free-text columns, encoded as bag-of-words features (see {@link dev.tuner.features.TextFeatures}); empty by default. */
    List<String> textColumns = new ArrayList<>();
    /** Character encoding of the file; bytes that are not valid in it fail the build, naming the line. */
    String encoding = "UTF-8";

    public DatasetSpec() {
    }

    public DatasetSpec(File path, String target, double testFraction, String task) {
        this.path = path;
        this.target = target;
        this.testFraction = testFraction;
        this.task = task;
    }

    public File getPath() {
        return path;
    }

    public String getTarget() {
        return target;
    }

    public double getTestFraction() {
        return testFraction;
    }

    /** {@code <testFraction>} as a message quotes it: {@code 0}, {@code 0.25}, not {@code 0.0}. */
    public String testFractionText() {
        return java.math.BigDecimal.valueOf(testFraction).stripTrailingZeros().toPlainString();
    }

    public String getTask() {
        return task;
    }

    public List<String> getTextColumns() {
        return textColumns == null ? List.of() : textColumns;
    }

    /** The {@code <encoding>} as written; UTF-8 when unset. */
    public String getEncoding() {
        return encoding == null || encoding.isBlank() ? "UTF-8" : encoding.strip();
    }

    /** @throws InvalidSettingException for a name Java does not know */
    public Charset charset() {
        try {
            return Charset.forName(getEncoding());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(Setting.of("dataset", "encoding"), getEncoding(), "not a character set"
                    + " this Java knows; use a name such as UTF-8, ISO-8859-1, windows-1252 or UTF-16");
        }
    }

    /** The same settings for another file and share of held-out rows (a full corpus read as this data set is). */
    public DatasetSpec withPath(File other, double otherTestFraction) {
        return new DatasetSpec(other, target, otherTestFraction, task).withEncoding(encoding)
                .withTextColumns(textColumns);
    }

    /** Sets the file's character encoding. */
    public DatasetSpec withEncoding(String encoding) {
        this.encoding = encoding;
        return this;
    }

    /** Sets the free-text columns (see {@link dev.tuner.features.TextFeatures}). */
    public DatasetSpec withTextColumns(List<String> columns) {
        this.textColumns = new ArrayList<>(columns);
        return this;
    }
}
