// Over 450 lines: the data policy of docs/trainers.md (column types, missing values, text, encodings) in one place.
package dev.tuner.tribuo;

import dev.tuner.features.ColumnKind;
import dev.tuner.features.FeatureColumn;
import dev.tuner.features.RowEncoding;
import dev.tuner.features.TextFeatures;
import dev.tuner.files.Sha256;
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
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A CSV file with a header row, read into memory and encoded as Tribuo features. The rules are those of
 * docs/trainers.md ("Data policy"); what the file cannot give is a {@link DataException} naming the file, line and
 * column, and what is read differently from how it was written is a line of {@link #warnings()}.
 *
 * <h2>Column types</h2>
 * A column listed in {@code textColumns} is free text ({@link TextFeatures}). Any other column is numeric when its
 * non-missing cells are numbers (a decimal such as {@code 3}, {@code -0.5} or {@code 1.2e-3} that is finite as a
 * double), all but at most {@value #MAX_NON_NUMBER_PERCENT}% of them (at least one may always be) and fewer than
 * the numbers: such a cell is read as missing, with a warning naming its line and value, because one stray word
 * must not turn a measurement into thousands of one-hot features. A numeric column is one feature named after the
 * column. Any other column is categorical: the cell {@code v} of column {@code c} becomes the one-hot feature
 * {@code c=v} with value 1. A categorical column that looks like prose (mostly distinct values, mostly with spaces,
 * {@value #FREE_TEXT_MEAN_LENGTH} characters or more on average) is refused: as one-hot features it would teach a
 * model nothing, and it belongs in {@code textColumns}.
 *
 * The cell-to-feature rule itself is {@link RowEncoding}'s, which an application's prediction shares; this class
 * decides the columns' kinds from the file and keeps the encoded rows.
 *
 * <h2>Missing values</h2>
 * A cell that is empty, {@code ?}, {@code NA} or {@code NaN} (after trimming) is missing. Its features are left
 * out (Tribuo reads an absent feature as 0) and the indicator feature {@code c@missing} = 1 is set instead, so that
 * a model can learn what missingness means rather than mistaking it for a real 0; for a text column, whose word
 * features are named {@code c@word}, the indicator is {@code c@(none)}, set when the cell gives no word. The rule
 * needs no statistics of the data, so it cannot leak held-out or validation rows into training. A row whose target
 * is missing is left out, with a warning.
 *
 * <h2>A feature every model knows</h2>
 * Tribuo refuses to predict a row none of whose features it saw in training, which a row with every cell missing,
 * or with only categories and words no training row had, would be. So every row has a feature present in every
 * row: the value of a numeric column that is never missing, or, when no column is like that, the constant feature
 * {@value RowEncoding#CONSTANT_FEATURE} = 1, which trees ignore and linear models read as one more bias term. A row is thus
 * never all-absent, and every row has the same features or none has all of them, which Tribuo's minibatch SGD
 * requires (it mixes dense and sparse rows badly).
 *
 * <h2>Task inference ({@link TaskType#AUTO})</h2>
 * A target with any non-numeric value is a classification target. A numeric target whose values are all
 * integers and take at most {@value #MAX_CLASSES_OF_NUMERIC_TARGET} distinct values (0/1, ratings 1-5) is a
 * classification target too; any other numeric target is a regression target. A target that is numeric by the
 * column rule above but has a cell that is not a number is an error naming that cell: a target is never guessed.
 * Classes keep their cells as written, so a numeric class written two ways ({@code 1}, {@code 1.0}) is an error too.
 *
 * <p>Instances are immutable and safe to share between worker threads.
 */
public final class TabularData {
    /** A numeric target with at most this many distinct integer values is read as class labels. */
    public static final int MAX_CLASSES_OF_NUMERIC_TARGET = 10;
    /** Share of a numeric column's non-missing cells that may be other than numbers, in percent. */
    public static final int MAX_NON_NUMBER_PERCENT = 5;
    /** Mean length from which a column of mostly distinct values with spaces counts as free text. */
    public static final int FREE_TEXT_MEAN_LENGTH = 40;
    /** Lines and values a warning spells out; it counts the rest. */
    private static final int SHOWN = 5;

    private final Path file;
    private final String sha256;
    private final String targetColumn;
    private final TaskType task;
    private final Map<String, Boolean> featureColumnIsNumeric;
    private final RowEncoding encoding;
    private final List<EncodedRow> rows;
    private final List<String> classes;
    private final int droppedRowsWithoutTarget;
    private final List<String> warnings;

    /** One kept row: its features, its target (label text or number) and where it is in the file. */
    private record EncodedRow(long line, String[] featureNames, double[] featureValues, String label, double value) {
    }

    /** A feature column and where its cells are in the file's rows. */
    private record Column(FeatureColumn feature, int index) {
    }

    private TabularData(Path file, String sha256, String targetColumn, TaskType task,
                        Map<String, Boolean> featureColumnIsNumeric, RowEncoding encoding, List<EncodedRow> rows,
                        List<String> classes, int droppedRowsWithoutTarget, List<String> warnings) {
        this.file = file;
        this.sha256 = sha256;
        this.targetColumn = targetColumn;
        this.task = task;
        this.featureColumnIsNumeric = Collections.unmodifiableMap(featureColumnIsNumeric);
        this.encoding = encoding;
        this.rows = List.copyOf(rows);
        this.classes = List.copyOf(classes);
        this.droppedRowsWithoutTarget = droppedRowsWithoutTarget;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads {@code csv}, whose first row is the header, as UTF-8.
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
    public static TabularData load(Path csv, String targetColumn, TaskType task, Collection<String> textColumns) {
        return load(csv, targetColumn, task, textColumns, StandardCharsets.UTF_8);
    }

    /** The data a {@code <dataset>} element describes. */
    public static TabularData load(DatasetSpec dataset) {
        return load(dataset.getPath().toPath(), dataset.getTarget(), TaskType.of(dataset.getTask()),
                dataset.getTextColumns(), dataset.charset());
    }

    /**
     * Reads {@code csv} decoded as {@code charset}; bytes not valid in it are a {@link DataException} naming the
     * line.
     */
    public static TabularData load(Path csv, String targetColumn, TaskType task, Collection<String> textColumns,
                                   Charset charset) {
        String name = csv.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(csv);
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": file not found");
        } catch (IOException e) {
            throw new DataException(name + ": cannot read the file: " + e.getMessage(), e);
        }
        CsvTable table = CsvTable.read(name, bytes, charset);
        int targetIndex = table.header().indexOf(targetColumn);
        if (targetIndex < 0) {
            String only = table.header().size() == 1 ? table.header().get(0) : "";
            String separator = only.contains(";") ? ";" : only.contains("\t") ? "a tab" : null;
            throw new DataException(name + ": target column " + DataException.quote(targetColumn)
                    + " not found; available columns: " + names(table.header()) + (separator == null ? ""
                    : "; the header is one column: the file seems separated by " + separator
                    + ", but the plugin reads comma-separated values"));
        }
        for (String column : textColumns) {
            if (!table.header().contains(column) || column.equals(targetColumn)) {
                throw new DataException(name + ": <textColumns> names " + DataException.quote(column) + ", which is "
                        + (column.equals(targetColumn) ? "the target" : "not a column; available columns: "
                        + names(table.header())));
            }
        }
        if (table.header().size() < 2) {
            throw new DataException(name + ": the target " + DataException.quote(targetColumn)
                    + " is the only column; there is nothing to learn it from");
        }
        return encode(csv, Sha256.hex(bytes), table, targetIndex, task, Set.copyOf(textColumns));
    }

    private static TabularData encode(Path csv, String sha256, CsvTable table, int targetIndex, TaskType requested,
                                      Set<String> textColumns) {
        String name = table.file();
        String targetColumn = table.header().get(targetIndex);
        List<String> warnings = new ArrayList<>();
        List<CsvTable.Row> kept = new ArrayList<>();
        List<Long> dropped = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            if (isMissing(row.cells()[targetIndex])) {
                dropped.add(row.line());
            } else {
                kept.add(row);
            }
        }
        if (kept.isEmpty()) {
            throw new DataException(name + ": column '" + targetColumn + "' has no value in any row");
        }
        if (!dropped.isEmpty()) {
            warnings.add(name + ": " + dropped.size() + " row(s) with no value in target column '" + targetColumn
                    + "' left out: line" + (dropped.size() > 1 ? "s " : " ")
                    + shown(dropped.stream().limit(SHOWN).map(String::valueOf).toList(), dropped.size()));
        }
        TaskType task = resolveTask(name, targetColumn, targetIndex, kept, requested);

        Map<String, Boolean> isNumeric = new LinkedHashMap<>();
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < table.header().size(); c++) {
            if (c == targetIndex) {
                continue;
            }
            Column column = column(name, table.header().get(c), c, kept, textColumns, warnings);
            columns.add(column);
            isNumeric.put(column.feature.name(), column.feature.kind() == ColumnKind.NUMERIC);
        }
        RowEncoding encoding = RowEncoding.of(targetColumn, columns.stream().map(Column::feature).toList());
        Map<FeatureColumn, Integer> indexOf = new HashMap<>();
        columns.forEach(c -> indexOf.put(c.feature, c.index));
        List<EncodedRow> rows = new ArrayList<>(kept.size());
        Set<String> classes = new TreeSet<>();
        for (CsvTable.Row row : kept) {
            FeatureList features = new FeatureList(name, row.line());
            encoding.encode(column -> row.cells()[indexOf.get(column)], features);
            String target = row.cells()[targetIndex];
            if (task == TaskType.CLASSIFICATION) {
                classes.add(target);
            }
            rows.add(new EncodedRow(row.line(), features.names.toArray(String[]::new),
                    features.values.stream().mapToDouble(Double::doubleValue).toArray(), target,
                    task == TaskType.REGRESSION ? parseNumber(target) : Double.NaN));
        }
        if (rows.size() == 1) {
            // Before the class checks: "a class needs several rows" or "a single class" would name the wrong fault.
            throw new DataException(name + ": a single data row (line " + rows.get(0).line() + "): tuning needs rows"
                    + " to train on, to validate on and to hold out");
        }
        if (requested == TaskType.AUTO && task == TaskType.CLASSIFICATION && 2L * classes.size() > rows.size()) {
            mostlyOneRowClasses(name, targetColumn, targetIndex, kept, classes.size());
        }
        if (task == TaskType.CLASSIFICATION && classes.size() < 2) {
            throw new DataException(name + ": column '" + targetColumn + "' has a single class ("
                    + DataException.quote(classes.iterator().next()) + "); classification needs at least two");
        }
        if (task == TaskType.CLASSIFICATION) {
            classesDifferingInCase(name, targetColumn, targetIndex, kept).ifPresent(warnings::add);
        }
        return new TabularData(csv, sha256, targetColumn, task, isNumeric, encoding, rows, new ArrayList<>(classes),
                dropped.size(), warnings);
    }

    /** The kind of one feature column, from its cells in the kept rows; adds the warnings its cells call for. */
    private static Column column(String file, String name, int index, List<CsvTable.Row> rows,
                                 Set<String> textColumns, List<String> warnings) {
        if (textColumns.contains(name)) {
            return new Column(new FeatureColumn(name, ColumnKind.TEXT, false), index);
        }
        int present = 0;
        int notNumbers = 0;
        List<String> examples = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        int withSpace = 0;
        long length = 0;
        String first = null;
        boolean same = true;
        for (CsvTable.Row row : rows) {
            String cell = row.cells()[index];
            if (isMissing(cell)) {
                continue;
            }
            present++;
            first = first == null ? cell : first;
            same &= cell.equals(first) || parseNumber(cell) == parseNumber(first);
            if (Double.isNaN(parseNumber(cell))) {
                if (notNumbers++ < SHOWN) {
                    examples.add("line " + row.line() + " " + DataException.quote(cell));
                }
                distinct.add(cell);
                length += cell.length();
                withSpace += cell.chars().anyMatch(Character::isWhitespace) ? 1 : 0;
            }
        }
        int numbers = present - notNumbers;
        String where = file + ": column " + DataException.quote(name);
        if (present == 0) {
            warnings.add(where + " has no value in any row; it carries no information");
            return new Column(new FeatureColumn(name, ColumnKind.NUMERIC, false), index);
        }
        if (same && present == rows.size() && rows.size() > 1) {
            // A missing cell would make its indicator informative; without one, every row reads the same.
            warnings.add(where + " has the same value " + DataException.quote(first) + " in every row; it carries no"
                    + " information");
        }
        if (mostlyNumbers(numbers, notNumbers)) {
            if (notNumbers > 0) {
                warnings.add(where + " is numeric (" + numbers + " of " + present + " values are numbers); "
                        + notNumbers + " cell(s) read as missing: " + shown(examples, notNumbers));
            }
            return new Column(new FeatureColumn(name, ColumnKind.NUMERIC, present == rows.size() && notNumbers == 0),
                    index);
        }
        if (2L * distinct.size() > present && 2L * withSpace > present && length >= (long) FREE_TEXT_MEAN_LENGTH
                * present) {
            throw new DataException(where + " holds free text (" + distinct.size() + " distinct values of "
                    + length / present + " characters on average); list it in <dataset><textColumns><textColumn>"
                    + name + "</textColumn></textColumns> to learn from its words, or remove the column");
        }
        if (numbers >= notNumbers) {
            warnings.add(where + " is read as categorical although " + numbers + " of its " + present
                    + " values are numbers: more than " + MAX_NON_NUMBER_PERCENT + "% are not: "
                    + shown(examples, notNumbers));
        }
        return new Column(new FeatureColumn(name, ColumnKind.CATEGORICAL, false), index);
    }

    /** The features of one row, refusing a name two columns both give (Tribuo would refuse the row, unnamed). */
    private static final class FeatureList implements RowEncoding.FeatureSink {
        private final String file;
        private final long line;
        private final List<String> names = new ArrayList<>();
        private final List<Double> values = new ArrayList<>();
        private final Map<String, String> columnOf = new HashMap<>();

        FeatureList(String file, long line) {
            this.file = file;
            this.line = line;
        }

        @Override
        public void add(String feature, double value, FeatureColumn column) {
            String previous = columnOf.putIfAbsent(feature, column.name());
            if (previous != null) {
                throw new DataException(file + ": line " + line + ": columns " + DataException.quote(previous)
                        + " and " + DataException.quote(column.name()) + " both give the feature "
                        + DataException.quote(feature) + "; rename one of the columns");
            }
            names.add(feature);
            values.add(value);
        }
    }

    private static TaskType resolveTask(String name, String targetColumn, int targetIndex, List<CsvTable.Row> rows,
                                        TaskType requested) {
        CsvTable.Row firstText = null;
        int texts = 0;
        Set<Double> distinct = new TreeSet<>();
        boolean allIntegers = true;
        for (CsvTable.Row row : rows) {
            double v = parseNumber(row.cells()[targetIndex]);
            if (Double.isNaN(v)) {
                firstText = firstText == null ? row : firstText;
                texts++;
            } else {
                distinct.add(v);
                allIntegers &= v == Math.rint(v);
            }
        }
        String where = firstText == null ? "" : name + ": line " + firstText.line() + ", column '" + targetColumn
                + "': " + DataException.quote(firstText.cells()[targetIndex]) + " is not a number";
        if (requested == TaskType.REGRESSION) {
            if (firstText != null) {
                throw new DataException(where + ", but the task is regression");
            }
            return TaskType.REGRESSION;
        }
        if (requested == TaskType.CLASSIFICATION) {
            return TaskType.CLASSIFICATION;
        }
        int numbers = rows.size() - texts;
        if (firstText != null && mostlyNumbers(numbers, texts)) {
            throw new DataException(where + ", but " + numbers + " of the " + rows.size() + " target values are;"
                    + " fix the cell, or set <dataset><task> to classification to read the values as class names");
        }
        if (firstText != null) {
            return TaskType.CLASSIFICATION;
        }
        if (allIntegers && distinct.size() <= MAX_CLASSES_OF_NUMERIC_TARGET) {
            requireOneSpellingPerClass(name, targetColumn, targetIndex, rows);
            return TaskType.CLASSIFICATION;
        }
        return TaskType.REGRESSION;
    }

    /**
     * More classes than half the rows leaves some class a single row, which fails the splits anyway; when the target
     * was read as classes only because its cells are not numbers, a quantity written with thousands separators, a
     * unit or a currency ({@code 1,200}, {@code 12 kg}) is the likely cause, and "add rows of that class" would
     * mislead.
     */
    private static void mostlyOneRowClasses(String name, String targetColumn, int targetIndex, List<CsvTable.Row> rows,
                                            int classes) {
        for (CsvTable.Row row : rows) {
            String cell = row.cells()[targetIndex];
            if (Double.isNaN(parseNumber(cell))) {
                throw new DataException(name + ": column '" + targetColumn + "' is read as class names, since "
                        + DataException.quote(cell) + " (line " + row.line() + ") is not a number, but it has "
                        + classes + " distinct values in " + rows.size() + " rows: a class needs several rows. If it"
                        + " is a quantity, write plain numbers such as 1234.5 (no thousands separators, units or"
                        + " currency signs), or set <dataset><task> to regression to have each cell that is not a"
                        + " number named");
            }
        }
    }

    /**
     * A numeric target read as classes keeps its cells as written, as every class label is: {@code 1} and
     * {@code 1.0} (a file pieced together from two exports) would be two classes, each with part of the rows, and the
     * study would learn to tell them apart.
     */
    private static void requireOneSpellingPerClass(String name, String targetColumn, int targetIndex,
                                                   List<CsvTable.Row> rows) {
        Map<Double, CsvTable.Row> first = new HashMap<>();
        for (CsvTable.Row row : rows) {
            String cell = row.cells()[targetIndex];
            // + 0.0 makes -0 the class 0 too.
            CsvTable.Row seen = first.putIfAbsent(parseNumber(cell) + 0.0, row);
            if (seen != null && !seen.cells()[targetIndex].equals(cell)) {
                throw new DataException(name + ": line " + row.line() + ", column '" + targetColumn + "': "
                        + DataException.quote(cell) + " is the class " + DataException.quote(seen.cells()[targetIndex])
                        + " (line " + seen.line() + ") written another way; a numeric target's classes are read as"
                        + " written, so write each class the same way");
            }
        }
    }

    /**
     * Class labels are case-sensitive, so {@code yes} and {@code Yes} (a file pieced together from two exports, a
     * hand-edited row) are two classes, each with part of the rows, and the study learns to tell them apart. They
     * may be meant as two, so this warns rather than fails: the first line of each spelling of the first such class.
     */
    private static Optional<String> classesDifferingInCase(String name, String targetColumn, int targetIndex,
                                                           List<CsvTable.Row> rows) {
        Map<String, Map<String, Long>> spellings = new LinkedHashMap<>();
        for (CsvTable.Row row : rows) {
            String cell = row.cells()[targetIndex];
            spellings.computeIfAbsent(cell.toLowerCase(Locale.ROOT), k -> new LinkedHashMap<>())
                    .putIfAbsent(cell, row.line());
        }
        return spellings.values().stream().filter(s -> s.size() > 1).findFirst().map(s -> name + ": column '"
                + targetColumn + "' has classes that differ only in case, "
                + String.join(" and ", s.entrySet().stream().map(e -> DataException.quote(e.getKey()) + " (line "
                + e.getValue() + ")").toList())
                + "; they are separate classes: write each the same way if they are one");
    }

    /**
     * The rule of a numeric column: at most {@value #MAX_NON_NUMBER_PERCENT}% of the non-missing cells (at least
     * one may always be) are not numbers, and the numbers are the majority.
     */
    private static boolean mostlyNumbers(int numbers, int notNumbers) {
        return notNumbers <= Math.max(1, (numbers + notNumbers) * MAX_NON_NUMBER_PERCENT / 100) && numbers > notNumbers;
    }

    /** Column names for a message: a name as long as a document (a header row that is data) is cut. */
    private static String names(List<String> header) {
        return String.join(", ", header.stream().map(n -> n.length() > DataException.MAX_QUOTED_CHARACTERS
                ? DataException.quote(n) : n).toList());
    }

    /** The first few of {@code total} items, then how many more. */
    private static String shown(List<String> first, int total) {
        String head = String.join(", ", first);
        return total > first.size() ? head + " and " + (total - first.size()) + " more" : head;
    }

    private static boolean isMissing(String cell) {
        return RowEncoding.isMissing(cell);
    }

    private static double parseNumber(String cell) {
        return RowEncoding.parseNumber(cell);
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

    /** The columns' encoding as training applies it; a bundle records it so that an application applies it too. */
    public RowEncoding encoding() {
        return encoding;
    }

    /** Number of kept rows (those with a target value). */
    public int size() {
        return rows.size();
    }

    /**
     * What the user should know about how the file was read: cells of a numeric column read as missing, rows left
     * out for want of a target, columns without information. One line each, naming the file, column and lines.
     */
    public List<String> warnings() {
        return warnings;
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
