package dev.tuner.tribuo;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells of a CSV file with a header row, each data row with the physical line it starts on. Reading is strict
 * where a lenient reader would change the data silently: bytes that are not valid in the declared encoding, two
 * columns of the same name, and a named header with a row of another width are errors naming the line. A column
 * without a name whose cells are all empty (a trailing comma on every line, as spreadsheet exports write) is left
 * out; a line holding only blanks is skipped like an empty line.
 *
 * @param file   the file as the messages name it
 * @param header the column names, in file order
 * @param rows   the data rows
 */
record CsvTable(String file, List<String> header, List<Row> rows) {

    /** One data row: the line of the file it starts on (the header is line 1) and its cells, trimmed. */
    record Row(long line, String[] cells) {
    }

    /** Reads {@code bytes} (the content of {@code file}) decoded as {@code charset}. */
    static CsvTable read(String file, byte[] bytes, Charset charset) {
        if (!charset.equals(StandardCharsets.UTF_8) && bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            // Decoded as another encoding, the mark would become part of the first column's name.
            throw new DataException(file + ": line 1 starts with a UTF-8 byte-order mark, but <dataset><encoding> is "
                    + charset.name() + "; remove <encoding> to read the file as UTF-8");
        }
        String text = decode(file, bytes, charset);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new DataException(file + ": the file is empty; expected a header row and data rows");
        }
        LineIndex lines = new LineIndex(text);
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setAllowMissingColumnNames(true).setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL).get();
        List<String> header;
        List<Row> rows = new ArrayList<>();
        CSVParser parser = null;
        long linesRead = 0;
        try {
            parser = CSVParser.parse(new StringReader(text), format);
            header = new ArrayList<>(parser.getHeaderNames());
            checkNames(file, header);
            linesRead = parser.getCurrentLineNumber();
            for (CSVRecord record : parser) {
                linesRead = parser.getCurrentLineNumber();
                long line = lines.lineOf(record.getCharacterPosition());
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                if (record.size() != header.size()) {
                    throw new DataException(file + ": line " + line + " has " + record.size() + " fields, header has "
                            + header.size());
                }
                rows.add(new Row(line, record.values()));
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // Malformed quoting: the bad record starts after the lines the parser had read completely.
            String reason = firstLine(e.getMessage());
            String where = parser == null ? "" : "line " + lines.lineOf(lines.start(linesRead + 1)) + ": ";
            throw new DataException(file + ": " + where + (reason.contains("EOF reached before encapsulated token")
                    ? "a quoted field is not closed before the end of the file"
                    : reason.contains("Invalid character between encapsulated token and delimiter")
                    ? "a quoted field's closing quote is followed by more text before the next comma"
                    + stoppedAt(reason, where) + ": a quote that is not closed on its line, or a quote inside a"
                    + " field that is not doubled (\"\")"
                    : "not a readable CSV line (" + reason + ")"), e);
        } finally {
            closeQuietly(parser);
        }
        if (rows.isEmpty()) {
            throw new DataException(file + ": the file has a header but no data rows");
        }
        return withoutUnnamedEmptyColumns(file, header, rows);
    }

    /**
     * Where the parser found that closing quote, when on another line than the record's start (an opening quote
     * runs on to the next quote in the file): {@code " (on line 202)"}, else empty.
     */
    private static String stoppedAt(String reason, String where) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("at line: ([0-9,]+)").matcher(reason);
        if (!m.find()) {
            return "";
        }
        String line = m.group(1).replace(",", "");
        return where.equals("line " + line + ": ") ? "" : " (on line " + line + ")";
    }

    /**
     * Decodes strictly: a byte sequence that is not valid in {@code charset} fails, naming the line and the bytes,
     * rather than turning into U+FFFD and, in a label column, into a class of its own.
     */
    static String decode(String file, byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 16);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            out.flip();
            long line = new LineIndex(out.toString()).lineOf(out.length());
            int position = in.position();
            StringBuilder hex = new StringBuilder();
            for (int i = position; i < Math.min(bytes.length, position + result.length()); i++) {
                hex.append(hex.isEmpty() ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
            }
            String hint = charset.equals(StandardCharsets.UTF_8)
                    ? "save the file as UTF-8 or declare its encoding in <dataset><encoding> (for example windows-1252)"
                    : "check <dataset><encoding>";
            throw new DataException(file + ": line " + line + ": byte" + (result.length() > 1 ? "s " : " ") + hex
                    + " at offset " + position + (result.isMalformed() ? " is not valid " : " cannot be mapped in ")
                    + charset.name() + "; " + hint);
        }
        out.flip();
        return out.toString();
    }

    private static void checkNames(String file, List<String> header) {
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (name == null || name.isEmpty()) {
                continue;
            }
            Integer first = seen.putIfAbsent(name, c);
            if (first != null) {
                throw new DataException(file + ": line 1: columns " + (first + 1) + " and " + (c + 1)
                        + " are both named " + DataException.quote(name) + "; rename one of them");
            }
        }
    }

    /** Drops unnamed columns that hold nothing; an unnamed column with a value is an error naming where. */
    private static CsvTable withoutUnnamedEmptyColumns(String file, List<String> header, List<Row> rows) {
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (name != null && !name.isEmpty()) {
                kept.add(c);
                continue;
            }
            for (Row row : rows) {
                if (!row.cells[c].isEmpty()) {
                    throw new DataException(file + ": line 1: column " + (c + 1) + " has no name, but line "
                            + row.line + " holds " + DataException.quote(row.cells[c]) + " in it; name the column");
                }
            }
        }
        if (kept.size() == header.size()) {
            return new CsvTable(file, List.copyOf(header), rows);
        }
        int[] columns = kept.stream().mapToInt(Integer::intValue).toArray();
        List<Row> narrowed = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String[] cells = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                cells[i] = row.cells[columns[i]];
            }
            narrowed.add(new Row(row.line, cells));
        }
        return new CsvTable(file, Arrays.stream(columns).mapToObj(header::get).toList(), narrowed);
    }

    private static void closeQuietly(CSVParser parser) {
        try {
            if (parser != null) {
                parser.close();
            }
        } catch (IOException e) {
            // A StringReader does not fail to close.
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** Line numbers of character positions; a line ends at LF, CR LF or a lone CR. */
    private static final class LineIndex {
        private final String text;
        private final int[] lineStarts;

        LineIndex(String text) {
            this.text = text;
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (ch == '\n' || (ch == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                    starts.add(i + 1);
                }
            }
            lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The position where line {@code line} starts, or the end of the text. */
        int start(long line) {
            return line - 1 < lineStarts.length ? lineStarts[(int) line - 1] : text.length();
        }

        /** The line of the first character at or after {@code position} that is not a line break. */
        long lineOf(long position) {
            int p = (int) position;
            while (p < text.length() && (text.charAt(p) == '\n' || text.charAt(p) == '\r')) {
                p++;
            }
            int i = Arrays.binarySearch(lineStarts, Math.min(p, text.length()));
            return (i >= 0 ? i : -i - 2) + 1;
        }
    }
}
