package dev.tuner.bundle;

import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.BufferedReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A corpus as read from its CSV file: ids, texts and (optional) labels in file order.
 *
 * @param name   corpus name
 * @param ids    unique ids (the id column, or row numbers from 1)
 * @param texts  the texts, none blank
 * @param labels labels, or null without a label column
 */
record CorpusText(String name, List<String> ids, List<String> texts, List<String> labels) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** The corpora of the embeddings setting, and one of them. */
    static final Setting CORPORA = Setting.of("embeddings", "corpora");
    static final Setting CORPUS = CORPORA.child("corpus");

    /**
     * @throws InvalidSettingException naming the setting at fault
     * @throws BundleException         naming the file and line at fault
     */
    static CorpusText read(CorpusSpec spec) {
        String name = spec.getName();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidSettingException(CORPUS.child("name"), name, "use letters, digits, '.', '-' or '_' (it"
                    + " becomes a folder of the bundle)");
        }
        if (spec.getPath() == null) {
            throw new InvalidSettingException(CORPUS.child("path"), null, "not set for corpus '" + name + "'");
        }
        if (spec.getTextColumn() == null || spec.getTextColumn().isBlank()) {
            throw new InvalidSettingException(CORPUS.child("textColumn"), null, "not set for corpus '" + name + "'");
        }
        String file = spec.getPath().toString();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (BufferedReader reader = withoutByteOrderMark(Files.newBufferedReader(spec.getPath().toPath(),
                StandardCharsets.UTF_8));
             CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            int text = column(header, spec.getTextColumn(), "textColumn", file);
            int id = spec.getIdColumn() == null || spec.getIdColumn().isBlank() ? -1
                    : column(header, spec.getIdColumn(), "idColumn", file);
            int label = spec.getLabelColumn() == null || spec.getLabelColumn().isBlank() ? -1
                    : column(header, spec.getLabelColumn(), "labelColumn", file);
            List<String> ids = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            List<String> labels = label < 0 ? null : new ArrayList<>();
            Set<String> seen = new HashSet<>();
            long previousEnd = parser.getCurrentLineNumber();
            int row = 0;
            for (CSVRecord record : parser) {
                long line = previousEnd + 1;
                previousEnd = parser.getCurrentLineNumber();
                row++;
                if (record.size() != header.size()) {
                    throw new BundleException(file + ": line " + line + " has " + record.size()
                            + " fields, header has " + header.size());
                }
                String value = record.get(text);
                if (value.isBlank()) {
                    throw new BundleException(file + ": line " + line + ": column '" + spec.getTextColumn()
                            + "' is empty; every row of corpus '" + name + "' needs a text");
                }
                String rowId = id < 0 ? Integer.toString(row) : record.get(id).strip();
                if (!seen.add(rowId)) {
                    throw new BundleException(file + ": line " + line + ": id '" + rowId
                            + "' appears twice in column '" + spec.getIdColumn() + "'");
                }
                ids.add(rowId);
                texts.add(value);
                if (labels != null) {
                    labels.add(record.get(label).strip());
                }
            }
            if (texts.isEmpty()) {
                throw new BundleException(file + ": corpus '" + name + "' has no data rows");
            }
            return new CorpusText(name, ids, texts, labels);
        } catch (NoSuchFileException e) {
            throw new InvalidSettingException(CORPUS.child("path"), file, "file not found");
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new BundleException(file + ": not a readable CSV file: " + e.getMessage(), e);
        }
    }

    /**
     * Skips a UTF-8 byte-order mark, as the data set's reader does: spreadsheets write one ("CSV UTF-8"), and kept, it
     * would become part of the first column's name, which then matches no {@code <idColumn>} or {@code <textColumn>}.
     */
    private static BufferedReader withoutByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    private static int column(List<String> header, String column, String element, String file) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new InvalidSettingException(CORPUS.child(element), column, "no such column in " + file
                    + "; columns: " + String.join(", ", header));
        }
        return i;
    }
}
