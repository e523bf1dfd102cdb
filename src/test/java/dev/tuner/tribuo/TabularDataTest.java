package dev.tuner.tribuo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TabularDataTest {
    @TempDir
    Path dir;

    @Test
    void irisIsThreeClassesOfFourNumericFeatures() {
        TabularData iris = TestData.iris();
        assertEquals(150, iris.size());
        assertEquals(TaskType.CLASSIFICATION, iris.task());
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classes());
        assertEquals(4, iris.featureColumns().size());
        assertTrue(iris.featureColumns().values().stream().allMatch(numeric -> numeric));
        assertEquals(2, iris.lineNumber(0));
        assertEquals(0, iris.droppedRowsWithoutTarget());
    }

    @Test
    void breastCancerIsBinaryAndFingerprintedBySha256() throws Exception {
        TabularData data = TestData.breastCancer();
        assertEquals(569, data.size());
        assertEquals(List.of("benign", "malignant"), data.classes());
        assertEquals(30, data.featureColumns().size());
        byte[] bytes = Files.readAllBytes(TestData.resource("breast-cancer.csv"));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(expected, data.sha256());
    }

    @Test
    void creditGHasOneHotCategoricalFeatures() {
        TabularData data = TabularData.load(TestData.resource("credit-g.csv"), "label", TaskType.AUTO);
        assertEquals(1000, data.size());
        assertEquals(List.of("bad", "good"), data.classes());
        long numeric = data.featureColumns().values().stream().filter(b -> b).count();
        assertEquals(7, numeric);
        assertEquals(13, data.featureColumns().size() - numeric);
        assertFalse(data.featureColumns().get("checking_status"));
        assertTrue(data.featureColumns().get("duration"));

        Map<String, Double> first = features(data.dataset(new int[]{0}).getExample(0));
        assertEquals(1.0, first.get("checking_status=<0"));
        assertEquals(1.0, first.get("credit_history=critical/other existing credit"));
        assertEquals(6.0, first.get("duration"));
        assertEquals(20, first.size());
    }

    @Test
    void missingCellsFollowThePolicy() throws IOException {
        Path csv = write("missing.csv", """
                a,color,y
                1.5,red,x
                ,blue,y
                ?,,x
                NA,red,
                NaN,red,y
                """);
        TabularData data = TabularData.load(csv, "y", TaskType.AUTO);
        assertEquals(4, data.size());
        assertEquals(1, data.droppedRowsWithoutTarget());
        assertTrue(data.featureColumns().get("a"));
        MutableDataset<?> dataset = data.dataset(new int[]{0, 1, 2, 3});
        // No numeric column is complete, so every row also carries the constant feature.
        String constant = dev.tuner.features.RowEncoding.CONSTANT_FEATURE;
        assertEquals(Map.of("a", 1.5, "color=red", 1.0, constant, 1.0), features(dataset.getExample(0)));
        assertEquals(Map.of("a@missing", 1.0, "color=blue", 1.0, constant, 1.0), features(dataset.getExample(1)));
        assertEquals(Map.of("a@missing", 1.0, "color@missing", 1.0, constant, 1.0), features(dataset.getExample(2)));
        // The row with a missing target (line 5) is gone; the next kept row is line 6.
        assertEquals(6, data.lineNumber(3));
    }

    @Test
    void autoTaskReadsFewIntegerValuesAsClassesAndOtherNumbersAsRegression() throws IOException {
        Path classes = write("ratings.csv", "x,rating\n1,1\n2,2\n3,3\n4,1\n");
        assertEquals(TaskType.CLASSIFICATION, TabularData.load(classes, "rating", TaskType.AUTO).task());
        Path values = write("values.csv", "x,y\n1,1.5\n2,2.5\n3,3.5\n");
        TabularData regression = TabularData.load(values, "y", TaskType.AUTO);
        assertEquals(TaskType.REGRESSION, regression.task());
        assertEquals(2.5, regression.targetValue(1));
        assertEquals(TaskType.REGRESSION, TabularData.load(classes, "rating", TaskType.REGRESSION).task());
    }

    @Test
    void missingFile() {
        Path csv = dir.resolve("absent.csv");
        DataException e = assertThrows(DataException.class, () -> TabularData.load(csv, "y", TaskType.AUTO));
        assertEquals(csv + ": file not found", e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        Path csv = write("empty.csv", "");
        DataException e = assertThrows(DataException.class, () -> TabularData.load(csv, "y", TaskType.AUTO));
        assertEquals(csv + ": the file is empty; expected a header row and data rows", e.getMessage());
    }

    @Test
    void headerOnly() throws IOException {
        Path csv = write("header.csv", "x,y\n");
        DataException e = assertThrows(DataException.class, () -> TabularData.load(csv, "y", TaskType.AUTO));
        assertEquals(csv + ": the file has a header but no data rows", e.getMessage());
    }

    @Test
    void raggedRowNamesItsLine() throws IOException {
        Path csv = write("ragged.csv", "x,z,y\n1,2,a\n3,4,b\n5,c\n");
        DataException e = assertThrows(DataException.class, () -> TabularData.load(csv, "y", TaskType.AUTO));
        assertEquals(csv + ": line 4 has 2 fields, header has 3", e.getMessage());
    }

    @Test
    void raggedRowAfterAQuotedMultiLineFieldNamesItsPhysicalLine() throws IOException {
        Path csv = write("multiline.csv", "text,y\n\"two\nlines\",a\nok,b\nbad,b,extra\n");
        DataException e = assertThrows(DataException.class, () -> TabularData.load(csv, "y", TaskType.AUTO));
        assertEquals(csv + ": line 5 has 3 fields, header has 2", e.getMessage());
    }

    @Test
    void unknownTargetListsTheColumns() throws IOException {
        Path csv = write("target.csv", "x,z,y\n1,2,a\n");
        DataException e = assertThrows(DataException.class, () -> TabularData.load(csv, "label", TaskType.AUTO));
        assertEquals(csv + ": target column 'label' not found; available columns: x, z, y", e.getMessage());
    }

    @Test
    void singleClassIsRejected() throws IOException {
        Path csv = write("single.csv", "x,y\n1,a\n2,a\n3,\n");
        DataException e = assertThrows(DataException.class, () -> TabularData.load(csv, "y", TaskType.AUTO));
        assertEquals(csv + ": column 'y' has a single class ('a'); classification needs at least two", e.getMessage());
    }

    @Test
    void textInARegressionTargetNamesLineAndColumn() throws IOException {
        Path csv = write("text.csv", "x,price\n1,2.5\n2,3.5\n3,cheap\n");
        DataException e = assertThrows(DataException.class,
                () -> TabularData.load(csv, "price", TaskType.REGRESSION));
        assertEquals(csv + ": line 4, column 'price': 'cheap' is not a number, but the task is regression",
                e.getMessage());
    }

    @Test
    void anUnknownEncodingNamesTheElement() {
        DatasetSpec spec = new DatasetSpec(dir.resolve("x.csv").toFile(), "y", 0.2, "auto").withEncoding("latin-9x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, spec::charset);
        assertEquals("dataset/encoding = latin-9x: not a character set this Java knows; use a name such as"
                + " UTF-8, ISO-8859-1, windows-1252 or UTF-16", e.getMessage());
        assertEquals("UTF-8", new DatasetSpec().getEncoding());
    }

    @Test
    void quotedValuesAreCutAndKeptOnOneLine() {
        assertEquals("'red'", DataException.quote("red"));
        assertEquals("'a\\nb\\u0000c'", DataException.quote("a\nb\u0000c"));
        String story = "x".repeat(DataException.MAX_QUOTED_CHARACTERS) + " and the rest of a long story";
        assertEquals("'" + "x".repeat(DataException.MAX_QUOTED_CHARACTERS) + "…' (" + story.length() + " characters)",
                DataException.quote(story));
    }

    @Test
    void namesOfPeopleStayCategoricalWhileProseIsRefused() throws IOException {
        StringBuilder csv = new StringBuilder("name,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append("\"Braund, Mr. Owen Harris ").append(i).append("\",").append(i % 2).append('\n');
        }
        TabularData data = TabularData.load(write("names.csv", csv.toString()), "label", TaskType.AUTO);
        assertFalse(data.featureColumns().get("name"));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static Map<String, Double> features(Example<?> example) {
        Map<String, Double> out = new HashMap<>();
        for (Feature f : example) {
            out.put(f.getName(), f.getValue());
        }
        return out;
    }
}
