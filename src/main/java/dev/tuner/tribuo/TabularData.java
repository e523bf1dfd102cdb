package dev.tuner.tribuo;

import dev.tuner.study.Sha256;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A CSV file with a header row, read into memory and encoded as Tribuo features.
 *
 * <h2>Column types</h2>
 * A column is numeric when every non-missing cell parses as a finite double; it becomes one feature named after the
 * column. Any other column is categorical: the cell {@code v} of column {@code c} becomes the one-hot feature
 * {@code c=v} with value 1.
 *
 * <h2>Missing values</h2>
 * A cell that is empty, {@code ?}, {@code NA} or {@code NaN} (after trimming) is missing.
 * <ul>
 *   <li>Numeric feature: the feature is left out, which Tribuo reads as 0, and the indicator feature
 *       {@code c@missing} = 1 is set instead, so that a model can learn what missingness means rather than
 *       mistaking it for a real 0. The rule needs no statistics of the data, so it cannot leak held-out or
 *       validation rows into training, and an application applies it at prediction time without extra state.</li>
 *   <li>Categorical feature: no one-hot feature is set for that column.</li>
 *   <li>Target: the row is dropped; {@link #droppedRowsWithoutTarget()} counts them.</li>
 * </ul>
 *
 * <h2>Task inference ({@link TaskType#AUTO})</h2>
 * A target with any non-numeric value is a classification target. A numeric target whose values are all
 * integers and take at most {@value #MAX_CLASSES_OF_NUMERIC_TARGET} distinct values (0/1, ratings 1-5) is a
 * classification target too; any other numeric target is a regression target.
 *
 * <p>Instances are immutable and safe to share between worker threads.
 */
public final class TabularData {
    /** A numeric target with at most this many distinct integer values is read as class labels. */
    public static final int MAX_CLASSES_OF_NUMERIC_TARGET = 10;

    private static final Set<String> MISSING_MARKERS = Set.of("", "?", "NA", "NaN");
    private static final String MISSING_INDICATOR_SUFFIX = "@missing";

    private final Path file;
    private final String sha256;
    private final String targetColumn;
    private final TaskType task;
    private final Map<String, Boolean> featureColumnIsNumeric;
    private final List<EncodedRow> rows;
    private final List<String> classes;
    private final int droppedRowsWithoutTarget;

    /** One kept row: its features, its target (label text or number) and where it is in the file. */
    private record EncodedRow(long line, String[] featureNames, double[] featureValues, String label, double value) {
    }

    private TabularData(Path file, String sha256, String targetColumn, TaskType task,
                        Map<String, Boolean> featureColumnIsNumeric, List<EncodedRow> rows, List<String> classes,
                        int droppedRowsWithoutTarget) {
        this.file = file;
        this.sha256 = sha256;
        this.targetColumn = targetColumn;
        this.task = task;
        this.featureColumnIsNumeric = Collections.unmodifiableMap(featureColumnIsNumeric);
        this.rows = List.copyOf(rows);
        this.classes = List.copyOf(classes);
        this.droppedRowsWithoutTarget = droppedRowsWithoutTarget;
    }

    /**
     * Reads {@code csv}, whose first row is the header.
     *
     * @param task {@link TaskType#AUTO} to infer the task from the target column
     * @throws DataException when the file cannot be used, with a one-line message naming the file
     */
    public static TabularData load(Path csv, String targetColumn, TaskType task) {
        return load(csv, targetColumn, task, Set.of());
    }

    /**
     * Reads {@code csv} as {@link #load(Path, String, TaskType)} does, encoding the columns named in
     * {@code textColumns} as bag-of-words features ({@link TextFeatures}).
     *
     * @throws DataException also when a text column is not in the header or is the target
     */
    public static TabularData load(Path csv, String targetColumn, TaskType task, java.util.Collection<String> textColumns) {
        String name = csv.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(csv);
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": file not found");
        } catch (IOException e) {
            throw new DataException(name + ": cannot read the file: " + e.getMessage(), e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new DataException(name + ": the file is empty; expected a header row and data rows");
        }
        RawTable table = readTable(name, text);
        int targetIndex = table.header.indexOf(targetColumn);
        if (targetIndex < 0) {
            throw new DataException(name + ": target column '" + targetColumn + "' not found; available columns: "
                    + String.join(", ", table.header));
        }
        for (String column : textColumns) {
            if (!table.header.contains(column) || column.equals(targetColumn)) {
                throw new DataException(name + ": <textColumns> names '" + column + "', which is "
                        + (column.equals(targetColumn) ? "the target" : "not a column; available columns: "
                        + String.join(", ", table.header)));
            }
        }
        return encode(csv, Sha256.hex(bytes), table, targetIndex, task, Set.copyOf(textColumns));
    }

    private record RawTable(List<String> header, List<String[]> cells, List<Long> lines) {
    }

    private static RawTable readTable(String name, String text) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        List<String[]> cells = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> header = parser.getHeaderNames();
            // A record starts on the line after the one the previous record ended on (quoted fields may span lines).
            long previousEnd = parser.getCurrentLineNumber();
            for (CSVRecord record : parser) {
                long line = previousEnd + 1;
                previousEnd = parser.getCurrentLineNumber();
                if (record.size() != header.size()) {
                    throw new DataException(name + ": line " + line + " has " + record.size()
                            + " fields, header has " + header.size());
                }
                cells.add(record.values());
                lines.add(line);
            }
            if (cells.isEmpty()) {
                throw new DataException(name + ": the file has a header but no data rows");
            }
            return new RawTable(List.copyOf(header), cells, lines);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // commons-csv reports duplicate header names and malformed quoting this way.
            throw new DataException(name + ": not a readable CSV file: " + e.getMessage(), e);
        }
    }

    private static TabularData encode(Path csv, String sha256, RawTable table, int targetIndex, TaskType requested,
                                      Set<String> textColumns) {
        String name = csv.toString();
        String targetColumn = table.header.get(targetIndex);
        List<Integer> keptRows = new ArrayList<>();
        for (int r = 0; r < table.cells.size(); r++) {
            if (!isMissing(table.cells.get(r)[targetIndex])) {
                keptRows.add(r);
            }
        }
        int dropped = table.cells.size() - keptRows.size();
        if (keptRows.isEmpty()) {
            throw new DataException(name + ": column '" + targetColumn + "' has no value in any row");
        }
        TaskType task = resolveTask(name, table, targetIndex, keptRows, requested);

        Map<String, Boolean> isNumeric = new LinkedHashMap<>();
        for (int c = 0; c < table.header.size(); c++) {
            if (c != targetIndex) {
                isNumeric.put(table.header.get(c), isNumericColumn(table.cells, c));
            }
        }
        List<EncodedRow> rows = new ArrayList<>(keptRows.size());
        Set<String> classes = new TreeSet<>();
        for (int r : keptRows) {
            String[] cells = table.cells.get(r);
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int c = 0; c < cells.length; c++) {
                if (c == targetIndex) {
                    continue;
                }
                String column = table.header.get(c);
                String cell = cells[c];
                if (textColumns.contains(column)) {
                    if (!isMissing(cell)) {
                        TextFeatures.of(column, cell).forEach((feature, value) -> {
                            names.add(feature);
                            values.add(value);
                        });
                    }
                } else if (isNumeric.get(column)) {
                    names.add(isMissing(cell) ? column + MISSING_INDICATOR_SUFFIX : column);
                    values.add(isMissing(cell) ? 1.0 : Double.parseDouble(cell));
                } else if (!isMissing(cell)) {
                    names.add(column + "=" + cell);
                    values.add(1.0);
                }
            }
            String target = cells[targetIndex];
            if (task == TaskType.CLASSIFICATION) {
                classes.add(target);
            }
            rows.add(new EncodedRow(table.lines.get(r), names.toArray(String[]::new),
                    values.stream().mapToDouble(Double::doubleValue).toArray(), target,
                    task == TaskType.REGRESSION ? Double.parseDouble(target) : Double.NaN));
        }
        if (task == TaskType.CLASSIFICATION && classes.size() < 2) {
            throw new DataException(name + ": column '" + targetColumn + "' has a single class ('"
                    + classes.iterator().next() + "'); classification needs at least two");
        }
        return new TabularData(csv, sha256, targetColumn, task, isNumeric, rows, new ArrayList<>(classes), dropped);
    }

    private static TaskType resolveTask(String name, RawTable table, int targetIndex, List<Integer> keptRows,
                                        TaskType requested) {
        String targetColumn = table.header.get(targetIndex);
        Integer firstText = null;
        Set<Double> distinct = new TreeSet<>();
        boolean allIntegers = true;
        for (int r : keptRows) {
            Double v = parseFinite(table.cells.get(r)[targetIndex]);
            if (v == null) {
                firstText = r;
                break;
            }
            distinct.add(v);
            allIntegers &= v == Math.rint(v);
        }
        if (requested == TaskType.REGRESSION) {
            if (firstText != null) {
                throw new DataException(name + ": line " + table.lines.get(firstText) + ", column '" + targetColumn
                        + "': '" + table.cells.get(firstText)[targetIndex]
                        + "' is not a number, but the task is regression");
            }
            return TaskType.REGRESSION;
        }
        if (requested == TaskType.CLASSIFICATION || firstText != null) {
            return TaskType.CLASSIFICATION;
        }
        return allIntegers && distinct.size() <= MAX_CLASSES_OF_NUMERIC_TARGET
                ? TaskType.CLASSIFICATION : TaskType.REGRESSION;
    }

    private static boolean isNumericColumn(List<String[]> cells, int column) {
        for (String[] row : cells) {
            String cell = row[column];
            if (!isMissing(cell) && parseFinite(cell) == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMissing(String cell) {
        return MISSING_MARKERS.contains(cell.strip());
    }

    private static Double parseFinite(String cell) {
        try {
            double v = Double.parseDouble(cell);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The rows as a Tribuo data set, in the order given. Labels for classification, a one-dimensional
     * {@link Regressor} named after the target column for regression.
     *
     * @param rowIndices indices into this data's kept rows (0 = first data row that has a target)
     */
    public MutableDataset<?> dataset(int[] rowIndices) {
        return task == TaskType.CLASSIFICATION
                ? dataset(rowIndices, new LabelFactory(), row -> new Label(row.label))
                : dataset(rowIndices, new RegressionFactory(), row -> new Regressor(targetColumn, row.value));
    }

    private <T extends Output<T>> MutableDataset<T> dataset(int[] rowIndices, OutputFactory<T> factory,
                                                            Function<EncodedRow, T> output) {
        // A fixed timestamp: the provenance must not change when the same file is loaded again.
        OffsetDateTime fixed = OffsetDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC);
        MutableDataset<T> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(
                file.getFileName() + " sha256=" + sha256, fixed, factory), factory);
        for (int i : rowIndices) {
            EncodedRow row = rows.get(i);
            Example<T> example = new ArrayExample<>(output.apply(row), row.featureNames, row.featureValues);
            dataset.add(example);
        }
        return dataset;
    }

    public Path file() {
        return file;
    }

    /** SHA-256 of the file's bytes, lower-case hex: the data's part of a study fingerprint. */
    public String sha256() {
        return sha256;
    }

    public String targetColumn() {
        return targetColumn;
    }

    /** Never {@link TaskType#AUTO}. */
    public TaskType task() {
        return task;
    }

    /** Feature columns in file order, each mapped to true when numeric, false when categorical. */
    public Map<String, Boolean> featureColumns() {
        return featureColumnIsNumeric;
    }

    /** Number of kept rows (those with a target value). */
    public int size() {
        return rows.size();
    }

    /** Rows left out because their target cell was missing. */
    public int droppedRowsWithoutTarget() {
        return droppedRowsWithoutTarget;
    }

    /** The line of the file a kept row starts on (the header is line 1). */
    public long lineNumber(int row) {
        return rows.get(row).line;
    }

    /** The target cell of a kept row as written in the file. */
    public String targetText(int row) {
        return rows.get(row).label;
    }

    /** The target of a kept row as a number; regression only. */
    public double targetValue(int row) {
        if (task != TaskType.REGRESSION) {
            throw new IllegalStateException("targetValue is for regression data; this data is " + task);
        }
        return rows.get(row).value;
    }

    /** The distinct class labels in sorted order; empty for regression. */
    public List<String> classes() {
        return classes;
    }
}
