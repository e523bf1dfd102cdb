package dev.tuner.tribuo;

import dev.tuner.study.StudyListener;
import dev.tuner.trial.TrialState;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningOutcome;
import dev.tuner.tuning.TuningRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quirky CSV files through the path {@code tuner:tune} takes ({@link Tuning#run}): each either gives a study of
 * complete trials, with the warnings the quirk calls for, or fails before any trial with one line naming the file
 * and, where there is one, the line and column. A study database is consistent afterwards, and none is created by a
 * file that fails.
 */
class QuirkyDataTest {
    private static final String IRIS = read(TestData.resource("iris.csv"));
    private static final String BREAST_CANCER = read(TestData.resource("breast-cancer.csv"));
    private static final String CREDIT_G = read(TestData.resource("credit-g.csv"));

    @TempDir
    Path dir;

    /**
     * One quirky file and what must come of it.
     *
     * @param warnings for a file that trains: text each of which some warning line holds
     * @param failure  for a file that fails: the message, {@code {file}} standing for the path; null if it trains
     * @param check    what the loaded data must look like, for a file that trains
     */
    record Quirk(String name, byte[] bytes, Consumer<DatasetSpec> setup, List<String> warnings, String failure,
                 Consumer<TabularData> check) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Quirk trains(String name, String csv, String... warnings) {
        return new Quirk(name, utf8(csv), spec -> { }, List.of(warnings), null, data -> { });
    }

    static Quirk fails(String name, String csv, String message) {
        return new Quirk(name, utf8(csv), spec -> { }, List.of(), message, data -> { });
    }

    static Quirk with(Quirk quirk, Consumer<DatasetSpec> setup) {
        return new Quirk(quirk.name, quirk.bytes, setup, quirk.warnings, quirk.failure, quirk.check);
    }

    static Quirk checking(Quirk quirk, Consumer<TabularData> check) {
        return new Quirk(quirk.name, quirk.bytes, quirk.setup, quirk.warnings, quirk.failure, check);
    }

    static Quirk bytes(Quirk quirk, byte[] bytes) {
        return new Quirk(quirk.name, bytes, quirk.setup, quirk.warnings, quirk.failure, quirk.check);
    }

    static Stream<Quirk> quirks() {
        String longLabel = "word ".repeat(200).strip();
        return Stream.of(
                // Encodings and line structure
                trains("UTF-8 byte-order mark", "\uFEFF" + IRIS),
                trains("CRLF line endings", IRIS.replace("\n", "\r\n")),
                trains("CR-only line endings", IRIS.replace("\n", "\r")),
                fails("CRLF ragged row names its line", "x,z,label\r\n1,2,a\r\n3,4,b\r\n5,b\r\n",
                        "{file}: line 4 has 2 fields, header has 3"),
                trains("blank and whitespace-only lines", IRIS.replaceFirst("\n", "\n\n   \n").replace("\n5,3.6", "\n\n5,3.6")),
                fails("ragged row after blank lines names its physical line", "x,z,label\n1,2,a\n\n3,4,b\n\n5,b\n",
                        "{file}: line 6 has 2 fields, header has 3"),
                trains("trailing empty column on every line", IRIS.replace("\n", ",\n")),
                checking(trains("cells with spaces around them", IRIS.replace(",", " , ")),
                        data -> assertEquals(List.of("setosa", "versicolor", "virginica"), data.classes())),
                fails("unnamed column with values", "x,,label\n1,2,a\n3,4,b\n",
                        "{file}: line 1: column 2 has no name, but line 2 holds '2' in it; name the column"),
                fails("unclosed quote", "x,label\n1,a\n\"2,b\n3,a\n",
                        "{file}: line 3: a quoted field is not closed before the end of the file"),
                fails("unclosed quote before another quoted field", "x,city,label\n1,Rome,a\n2,\"Paris, FR,b\n"
                                + "3,\"Oslo\",a\n4,Rome,b\n",
                        "{file}: line 3: a quoted field's closing quote is followed by more text before the next comma"
                                + " (on line 4): a quote that is not closed on its line, or a quote inside a field that"
                                + " is not doubled (\"\")"),
                fails("undoubled quote inside a quoted field", "x,city,label\n1,Rome,a\n2,\"The \"Big\" Apple\",b\n",
                        "{file}: line 3: a quoted field's closing quote is followed by more text before the next comma"
                                + ": a quote that is not closed on its line, or a quote inside a field that is not"
                                + " doubled (\"\")"),

                // What docs/errors.md lists
                fails("empty file", "", "{file}: the file is empty; expected a header row and data rows"),
                fails("only a byte-order mark", "\uFEFF", "{file}: the file is empty; expected a header row and data rows"),
                fails("only a header", "x,label\n", "{file}: the file has a header but no data rows"),
                fails("only a header and blank lines", "x,label\n\n\n", "{file}: the file has a header but no data rows"),
                fails("a single data row", "a,b,label\n1,2,x\n",
                        "{file}: a single data row (line 2): tuning needs rows to train on, to validate on and to hold out"),
                fails("a single data row with a number", "a,label\n1,2.5\n",
                        "{file}: a single data row (line 2): tuning needs rows to train on, to validate on and to hold out"),
                fails("missing target column", "x,y\n1,a\n2,b\n",
                        "{file}: target column 'label' not found; available columns: x, y"),
                fails("ragged row", "x,z,label\n1,2,a\n3,4,b\n5,b\n", "{file}: line 4 has 2 fields, header has 3"),
                fails("one class only", "x,label\n1,a\n2,a\n3,\n4,a\n",
                        "{file}: column 'label' has a single class ('a'); classification needs at least two"),
                fails("single class with a long label is quoted short", "x,label\n1,\"" + longLabel + "\"\n2,\""
                        + longLabel + "\"\n", "{file}: column 'label' has a single class ('"
                        + longLabel.substring(0, DataException.MAX_QUOTED_CHARACTERS) + "…' (" + longLabel.length()
                        + " characters)); classification needs at least two"),
                fails("no header row: a story where the names should be", "\"" + longLabel + "\",1\n\"" + longLabel
                                + " again\",0\n", "{file}: target column 'label' not found; available columns: '"
                                + longLabel.substring(0, DataException.MAX_QUOTED_CHARACTERS) + "…' (" + longLabel.length()
                                + " characters), 1"),
                                fails("semicolon-separated file", "x;label\n1;a\n2;b\n", "{file}: target column 'label' not found;"
                        + " available columns: x;label; the header is one column: the file seems separated by ;, but the"
                        + " plugin reads comma-separated values"),
                                fails("no value in the target", "x,label\n1,\n2,NA\n", "{file}: column 'label' has no value in any row"),
                fails("only the target column", "label\na\nb\n",
                        "{file}: the target 'label' is the only column; there is nothing to learn it from"),

                // Duplicate names
                fails("duplicate label column", "x,label,z,label\n1,a,2,b\n",
                        "{file}: line 1: columns 2 and 4 are both named 'label'; rename one of them"),
                fails("duplicate feature column", "x,x,label\n1,2,a\n3,4,b\n",
                        "{file}: line 1: columns 1 and 2 are both named 'x'; rename one of them"),
                fails("columns whose features collide", "a,a@missing,label\n1,2,x\n,3,y\n4,5,x\n",
                        "{file}: line 3: columns 'a' and 'a@missing' both give the feature 'a@missing'; rename one"
                                + " of the columns"),

                // Missing cells
                trains("iris row with every feature missing", damage(IRIS, 5, cells -> blankAllBut(cells, 4))),
                trains("credit-g row with every feature missing", damage(CREDIT_G, 5, cells -> blankAllBut(cells, 20))),
                trains("breast-cancer row with every feature marked ?", damage(BREAST_CANCER, 9,
                        cells -> fillAllBut(cells, 30, "?"))),
                trains("all-categorical row with every cell missing", "color,size,label\n"
                        + rows(40, i -> (i == 7 ? "," : List.of("red", "blue", "green").get(i % 3) + "," + "SML".charAt(i % 3 == 0 ? 0 : i % 2)) + "," + (i % 2 == 0 ? "a" : "b"))),
                trains("a column of one value", "x,const,flag,label\n" + rows(40, i -> i + ",same," + (i == 3 ? "1.0"
                        : "1") + "," + (i % 2 == 0 ? "a" : "b")), "column 'const' has the same value 'same' in every"
                        + " row; it carries no information", "column 'flag' has the same value '1' in every row"),
                trains("numeric column with no value at all", "x,empty,label\n" + rows(40, i -> i + ",," + (i % 2 == 0 ? "a" : "b")),
                        "column 'empty' has no value in any row; it carries no information"),
                trains("rows without a target are reported", damage(damage(damage(IRIS, 4, cells -> set(cells, 4, "")), 60,
                                cells -> set(cells, 4, "NaN")), 120, cells -> set(cells, 4, "?")),
                        "3 row(s) with no value in target column 'label' left out: lines 4, 60, 120"),

                // Non-numbers in a numeric column
                trains("breast-cancer: a word in a numeric column", damage(BREAST_CANCER, 8, cells -> set(cells, 3, "high")),
                        "column 'mean_area' is numeric (568 of 569 values are numbers); 1 cell(s) read as missing:"
                                + " line 8 'high'"),
                trains("breast-cancer: seven words in a numeric column, five shown", sevenWords(BREAST_CANCER),
                        "7 cell(s) read as missing: line 10 'n/a', line 20 'n/a', line 30 'n/a', line 40 'n/a', line 50"
                                + " 'n/a' and 2 more"),
                                trains("Infinity in a numeric column", damage(IRIS, 7, cells -> set(cells, 0, "Infinity")),
                        "column 'sepal_length_cm' is numeric (149 of 150 values are numbers); 1 cell(s) read as"
                                + " missing: line 7 'Infinity'"),
                trains("1e309 in a numeric column", damage(IRIS, 7, cells -> set(cells, 0, "1e309")), "line 7 '1e309'"),
                trains("a NUL byte in a numeric cell", damage(IRIS, 7, cells -> set(cells, 0, "5\u00001")),
                        "line 7 '5\\u00001'"),
                trains("Java-only number syntax", damage(damage(IRIS, 7, cells -> set(cells, 0, "5d")), 9,
                        cells -> set(cells, 0, "0x1p2")), "line 7 '5d', line 9 '0x1p2'"),
                checking(trains("a column of many words and some numbers is categorical",
                                "x,grade,label\n" + rows(40, i -> i + "," + (i % 3 == 0 ? "high" : String.valueOf(i))
                                        + "," + (i % 2 == 0 ? "a" : "b")),
                                "column 'grade' is read as categorical although 26 of its 40 values are numbers"),
                        data -> assertFalse(data.featureColumns().get("grade"))),

                // Targets
                fails("a word in a numeric target", "x,label\n" + rows(60, i -> i + "," + (i == 30 ? "high" : i * 1.5)),
                        "{file}: line 32, column 'label': 'high' is not a number, but 59 of the 60 target values are; fix"
                                + " the cell, or set <dataset><task> to classification to read the values as class names"),
                with(fails("a word in a regression target", "x,label\n1,2.5\n2,3.5\n3,cheap\n4,1.5\n",
                                "{file}: line 4, column 'label': 'cheap' is not a number, but the task is regression"),
                        spec -> spec.task = "regression"),
                with(trains("regression target with one distinct value", "x,label\n" + rows(30, i -> i + ",2.5")),
                        spec -> spec.task = "regression"),
                trains("classes that differ only in case", damage(damage(damage(IRIS, 10, cells -> set(cells, 4,
                                "Setosa")), 20, cells -> set(cells, 4, "Setosa")), 30, cells -> set(cells, 4, "Setosa")),
                        "column 'label' has classes that differ only in case, 'setosa' (line 2) and 'Setosa' (line"
                                + " 10); they are separate classes: write each the same way if they are one"),
                fails("a class with a single row", IRIS.replace("6.9,3.1,5.4,2.1,virginica", "6.9,3.1,5.4,2.1,virgnica"),
                        "{file}: class 'virgnica' of column 'label' has 1 row(s) (line 141), too few to train and"
                                + " validate on; add rows of that class or remove its rows"),
                fails("a quantity with thousands separators", "x,label\n" + rows(30, i -> i + ",\"" + (i + 1) + ","
                        + (100 + i) + "\""), "{file}: column 'label' is read as class names, since '1,100' (line 2) is"
                        + " not a number, but it has 30 distinct values in 30 rows: a class needs several rows. If it"
                        + " is a quantity, write plain numbers such as 1234.5 (no thousands separators, units or"
                        + " currency signs), or set <dataset><task> to regression to have each cell that is not a"
                        + " number named"),
                fails("a numeric class written two ways", "x,label\n" + rows(30, i -> i + "," + (i % 2 == 0 ? "0"
                        : i == 7 ? "1.0" : "1")), "{file}: line 9, column 'label': '1.0' is the class '1' (line 3)"
                        + " written another way; a numeric target's classes are read as written, so write each class"
                        + " the same way"),
                fails("zero and minus zero", "x,label\n" + rows(30, i -> i + "," + (i % 2 == 1 ? "1" : i == 4 ? "-0"
                        : "0")), "{file}: line 6, column 'label': '-0' is the class '0' (line 2) written another way;"
                        + " a numeric target's classes are read as written, so write each class the same way"),
                trains("numeric classes each written one way", "x,label\n" + rows(30, i -> i + "," + (i % 2 == 0
                        ? "0.0" : "1.0"))),
                                fails("integer target with one distinct value", "x,label\n" + rows(30, i -> i + ",1"),
                        "{file}: column 'label' has a single class ('1'); classification needs at least two"),

                // Free text
                fails("free text outside <textColumns>", "text,label\n" + rows(30, i -> "\"Story " + i
                                + ": the grain board said on Tuesday that exports rose by " + i + " percent\"," + (i % 2)),
                        "{file}: column 'text' holds free text (30 distinct values of 72 characters on average); list it"
                                + " in <dataset><textColumns><textColumn>text</textColumn></textColumns> to learn from"
                                + " its words, or remove the column"),
                with(trains("declared text with quoted newlines, quotes and empty cells", "text,n,label\n"
                        + rows(30, i -> (i % 7 == 0 ? "" : i % 5 == 0 ? "\"12 34\"" : "\"Line one, \"\"quoted\"\"\nline "
                        + (i % 2 == 0 ? "wheat" : "oil") + "\"") + "," + i + "," + (i % 2))),
                        spec -> spec.textColumns = List.of("text")),
                with(trains("text-only data with rows of no word", "text,label\n"
                                + rows(40, i -> (i % 9 == 0 ? "" : i % 2 == 0 ? "wheat grain" : "crude oil") + "," + (i % 2))),
                        spec -> spec.textColumns = List.of("text")),
                trains("an identifier column (distinct values without spaces)", "id,x,label\n"
                        + rows(40, i -> "ID-" + i + "-ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN," + i + "," + (i % 2)))
        );
    }

    static Stream<Quirk> encodings() {
        String latin1Iris = IRIS.replace("setosa", "setósa");
        return Stream.of(
                latin1Undeclared(fails("Latin-1 bytes without <encoding>", "", null), latin1Iris),
                checking(with(bytes(trains("windows-1252 declared", ""), latin1Iris.getBytes(Charset.forName("windows-1252"))),
                        spec -> spec.encoding = "windows-1252"),
                        data -> assertTrue(data.classes().contains("setósa"), data.classes().toString())),
                with(bytes(fails("UTF-8 byte-order mark with another <encoding>", "", "{file}: line 1 starts with a"
                                + " UTF-8 byte-order mark, but <dataset><encoding> is windows-1252; remove <encoding> to"
                                + " read the file as UTF-8"), utf8("\uFEFF" + latin1Iris)),
                        spec -> spec.encoding = "windows-1252"),
                with(bytes(fails("bytes windows-1252 does not map", "", "{file}: line 3: byte 0x81 at offset 96 cannot be"
                                + " mapped in windows-1252; check <dataset><encoding>"),
                                IRIS.replace("4.9,3,", "4.9,3\u0081,").getBytes(StandardCharsets.ISO_8859_1)),
                        spec -> spec.encoding = "windows-1252"),
                checking(with(bytes(trains("UTF-16 declared", ""), ("\uFEFF" + latin1Iris).getBytes(StandardCharsets.UTF_16BE)),
                        spec -> spec.encoding = "UTF-16"),
                        data -> assertTrue(data.classes().contains("setósa"), data.classes().toString())));
    }

    private static Quirk latin1Undeclared(Quirk quirk, String latin1Iris) {
        return new Quirk(quirk.name, latin1Iris.getBytes(StandardCharsets.ISO_8859_1), quirk.setup, List.of(),
                "{file}: line 2: byte 0xF3 at offset 87 is not valid UTF-8; save the file as UTF-8 or declare its"
                        + " encoding in <dataset><encoding> (for example windows-1252)", quirk.check);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"quirks", "encodings"})
    void endsInATrainedStudyOrOneLineNamingTheFile(Quirk quirk) throws Exception {
        Path csv = dir.resolve("quirk.csv");
        Files.write(csv, quirk.bytes);
        DatasetSpec spec = new DatasetSpec(csv.toFile(), "label", 0.2, "auto");
        quirk.setup.accept(spec);
        Path db = dir.resolve("studies.db");
        TuningRequest request = request(spec, db);
        if (quirk.failure != null) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> Tuning.run(request, StudyListener.NONE));
            assertTrue(e instanceof DataException, e.toString());
            assertEquals(quirk.failure.replace("{file}", csv.toString()), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertFalse(Files.exists(db), "a file that cannot be read must not create a study");
            return;
        }
        quirk.check.accept(TabularData.load(spec));
        List<String> warned = new ArrayList<>();
        TuningOutcome outcome = Tuning.run(request, new StudyListener() {
            @Override
            public void warning(String message) {
                warned.add(message);
            }
        });
        List<String> failed = outcome.result().trials().stream().filter(t -> t.state() != TrialState.COMPLETE)
                .map(t -> t.state() + " " + t.message()).toList();
        assertEquals(List.of(), failed);
        assertEquals(request.trials(), outcome.result().count(TrialState.COMPLETE));
        for (String warning : quirk.warnings) {
            assertTrue(warned.stream().anyMatch(l -> l.startsWith(csv.toString()) && l.contains(warning)),
                    "no warning holding '" + warning + "' in " + warned);
        }
        assertTrue(warned.stream().allMatch(l -> l.lines().count() == 1), warned.toString());
        assertTrue(outcome.summaryLines().stream().allMatch(l -> l.lines().count() == 1), outcome.summaryLines().toString());
        assertEquals("ok", integrity(db));
    }

    /**
     * Two trials of logistic regression (linear SGD for regression) with minibatches of several rows: Tribuo's
     * minibatch merge fails when a batch mixes rows that have every feature with rows that do not.
     */
    private static TuningRequest request(DatasetSpec spec, Path db) {
        return new TuningRequest(spec, "auto".equals(spec.task) ? "logistic" : "linear-sgd", null, null,
                Map.of("minibatchSize", "int(8, 16)"), List.of(), 2, "random", "none", List.of(1.0), 2, 1, 42,
                db.toString(), "quirk", null);
    }

    private static String integrity(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** {@code csv} with its {@code line} (the header is line 1) changed by {@code change}. */
    private static String damage(String csv, int line, UnaryOperator<String> change) {
        List<String> lines = new ArrayList<>(List.of(csv.split("\n", -1)));
        lines.set(line - 1, change.apply(lines.get(line - 1)));
        return String.join("\n", lines);
    }

    private static String sevenWords(String csv) {
        String damaged = csv;
        for (int line = 10; line <= 70; line += 10) {
            damaged = damage(damaged, line, cells -> set(cells, 3, "n/a"));
        }
        return damaged;
    }

    private static String set(String row, int column, String value) {
        String[] cells = row.split(",", -1);
        cells[column] = value;
        return String.join(",", cells);
    }

    /** The row (without quoted cells) with every cell empty but the one in {@code keep}. */
    private static String blankAllBut(String row, int keep) {
        return fillAllBut(row, keep, "");
    }

    private static String fillAllBut(String row, int keep, String marker) {
        String[] cells = row.split(",", -1);
        List<String> out = new ArrayList<>(Collections.nCopies(cells.length, marker));
        out.set(keep, cells[keep]);
        return String.join(",", out);
    }

    private static String rows(int n, java.util.function.IntFunction<String> row) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(row.apply(i)).append('\n');
        }
        return b.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
