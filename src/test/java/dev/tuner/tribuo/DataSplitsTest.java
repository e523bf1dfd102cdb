package dev.tuner.tribuo;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSplitsTest {
    private final TabularData iris = TestData.iris();

    @Test
    void heldOutRowsAreStratifiedAndDisjointFromTuningRows() {
        DataSplits splits = new DataSplits(iris, 0.2, 4, 42);
        assertEquals(Map.of("setosa", 10, "versicolor", 10, "virginica", 10), classCounts(splits.heldOutRows()));
        Set<Integer> all = new HashSet<>();
        Arrays.stream(splits.heldOutRows()).forEach(all::add);
        Arrays.stream(splits.tuningRows()).forEach(r -> assertTrue(all.add(r), "row " + r + " in both parts"));
        assertEquals(150, all.size());
    }

    @Test
    void foldsAreStratifiedAndPartitionTheTuningRows() {
        DataSplits splits = new DataSplits(iris, 0.2, 4, 42);
        Set<Integer> validated = new HashSet<>();
        for (int fold = 0; fold < 4; fold++) {
            int[] validation = splits.validationRows(fold);
            assertEquals(30, validation.length);
            // 40 tuning rows per class over 4 folds
            assertEquals(Map.of("setosa", 10, "versicolor", 10, "virginica", 10), classCounts(validation));
            Arrays.stream(validation).forEach(r -> assertTrue(validated.add(r)));
            int[] training = splits.trainingRows(fold, 1.0);
            assertEquals(90, training.length);
            Set<Integer> trainingSet = new HashSet<>();
            Arrays.stream(training).forEach(trainingSet::add);
            Arrays.stream(validation).forEach(r -> assertFalse(trainingSet.contains(r)));
        }
        assertEquals(120, validated.size());
    }

    @Test
    void oneFoldIsASingleStratifiedValidationSplit() {
        DataSplits splits = new DataSplits(iris, 0.2, 1, 42);
        assertEquals(1, splits.folds());
        int[] validation = splits.validationRows(0);
        int[] training = splits.trainingRows(0, 1.0);
        int tuning = splits.tuningRows().length;
        // One of SINGLE_SPLIT_PARTS stratified parts validates, the rest trains.
        assertEquals(tuning / DataSplits.SINGLE_SPLIT_PARTS, validation.length);
        assertEquals(tuning, validation.length + training.length);
        int perClass = tuning / 3 / DataSplits.SINGLE_SPLIT_PARTS;
        assertEquals(Map.of("setosa", perClass, "versicolor", perClass, "virginica", perClass), classCounts(validation));
        Set<Integer> trainingSet = new HashSet<>();
        Arrays.stream(training).forEach(trainingSet::add);
        Arrays.stream(validation).forEach(r -> assertFalse(trainingSet.contains(r)));
        assertThrows(IllegalArgumentException.class, () -> splits.validationRows(1));
    }

    @Test
    void budgetsAreNestedPrefixesThatKeepEveryClass() {
        DataSplits splits = new DataSplits(iris, 0.2, 2, 42);
        int[] small = splits.trainingRows(1, 0.05);
        int[] medium = splits.trainingRows(1, 0.3);
        int[] full = splits.trainingRows(1, 1.0);
        assertEquals(3, small.length); // ceil(0.05 * 60)
        assertEquals(18, medium.length); // ceil(0.3 * 60) despite 0.3 * 60 = 18.000000000000004
        assertEquals(60, full.length);
        assertArrayEquals(small, Arrays.copyOf(medium, small.length));
        assertArrayEquals(medium, Arrays.copyOf(full, medium.length));
        assertEquals(3, classCounts(small).size());
        classCounts(medium).values().forEach(c -> assertEquals(6, c));
        // Fewer rows than classes are asked for: the budget is raised to one row per class.
        assertEquals(3, splits.trainingRows(1, 0.01).length);
    }

    @Test
    void theSeedFixesEverySplit() {
        DataSplits a = new DataSplits(iris, 0.2, 3, 7);
        DataSplits b = new DataSplits(iris, 0.2, 3, 7);
        DataSplits c = new DataSplits(iris, 0.2, 3, 8);
        assertArrayEquals(a.heldOutRows(), b.heldOutRows());
        assertArrayEquals(a.trainingRows(2, 0.5), b.trainingRows(2, 0.5));
        assertFalse(Arrays.equals(a.heldOutRows(), c.heldOutRows()));
    }

    @Test
    void moreFoldsThanTheRarestClassHasRowsIsAnError() {
        // 50 iris rows per class; 0.8 held out leaves 10 of each for tuning.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataSplits(iris, 0.8, 11, 42));
        assertEquals("folds = 11: more than the 10 tuning rows of the rarest class 'setosa' in iris.csv;"
                + " use at most 10 folds", e.getMessage());
    }

    /** A rare class that is another class in another case is named as such where it stops the study. */
    @Test
    void aRareClassSpelledLikeAnotherInAnotherCaseIsPointedOut() throws Exception {
        Path dir = Files.createTempDirectory("splits");
        StringBuilder csv = new StringBuilder("x,label\n");
        for (int i = 0; i < 60; i++) {
            csv.append(i).append(',').append(i < 3 ? "Alpha" : i % 2 == 0 ? "alpha" : "beta").append('\n');
        }
        Path file = Files.writeString(dir.resolve("cased.csv"), csv);
        TabularData data = TabularData.load(file, "label", TaskType.AUTO);
        RuntimeException e = assertThrows(RuntimeException.class, () -> new DataSplits(data, 0.2, 5, 42));
        assertTrue(e.getMessage().endsWith("('Alpha' and 'alpha' differ only in case, so they are separate classes:"
                + " write them the same way if they are one)"), e.getMessage());
    }

    @Test
    void datasetsHoldTheSplitRows() {
        DataSplits splits = new DataSplits(iris, 0.2, 4, 42);
        assertEquals(30, splits.heldOutDataset().size());
        assertEquals(120, splits.tuningDataset().size());
        assertEquals(30, splits.validationDataset(0).size());
        assertEquals(45, splits.trainingDataset(0, 0.5).size());
    }

    @Test
    void regressionStrataSpreadTheTargetOverFolds() throws Exception {
        Path dir = Files.createTempDirectory("splits");
        TabularData data = TabularData.load(TestData.linearRegressionCsv(dir, 200), "y", TaskType.AUTO);
        DataSplits splits = new DataSplits(data, 0.25, 2, 1);
        assertEquals(50, splits.heldOutRows().length);
        double heldOutMean = IntStream.of(splits.heldOutRows()).mapToDouble(data::targetValue).average().orElseThrow();
        double allMean = IntStream.range(0, data.size()).mapToDouble(data::targetValue).average().orElseThrow();
        assertEquals(allMean, heldOutMean, 0.15);
    }

    /**
     * A small regression set: 0.2 of 10 rows is 2 held-out rows, and of 4 rows 1 (0.8 rounds to 1; a positive
     * fraction holds out at least one row), where one-row bins used to hold out none and left bundle nothing to
     * measure on.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} rows")
    @org.junit.jupiter.params.provider.CsvSource({"4, 0.2, 1", "5, 0.05, 1", "10, 0.2, 2", "12, 0.2, 2", "30, 0.2, 6",
            "99, 0.2, 20"})
    void aSmallRegressionSetHoldsOutItsShare(int rows, double fraction, int heldOut) throws Exception {
        Path dir = Files.createTempDirectory("splits");
        TabularData data = TabularData.load(TestData.linearRegressionCsv(dir, rows), "y", TaskType.AUTO);
        DataSplits splits = new DataSplits(data, fraction, 2, 7);
        assertEquals(heldOut, splits.heldOutRows().length);
        assertEquals(rows - heldOut, splits.tuningRows().length);
    }

    /** A repeat deals the tuning rows into other folds, also on a set too small for ten bins of several rows. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} rows")
    @org.junit.jupiter.params.provider.ValueSource(ints = {10, 12, 20, 60, 200})
    void aRepeatValidatesOnOtherRows(int rows) throws Exception {
        Path dir = Files.createTempDirectory("splits");
        TabularData data = TabularData.load(TestData.linearRegressionCsv(dir, rows), "y", TaskType.AUTO);
        DataSplits study = new DataSplits(data, 0.2, 3, 7);
        DataSplits repeat = new DataSplits(data, 0.2, 3, 7, 1);
        assertArrayEquals(study.heldOutRows(), repeat.heldOutRows());
        for (int fold = 0; fold < 3; fold++) {
            assertFalse(Arrays.equals(study.validationRows(fold), repeat.validationRows(fold)),
                    "fold " + fold + " validates on the same rows in the repeat");
        }
        DataSplits classes = new DataSplits(iris, 0.2, 3, 7);
        DataSplits classesRepeat = new DataSplits(iris, 0.2, 3, 7, 1);
        assertFalse(Arrays.equals(classes.validationRows(0), classesRepeat.validationRows(0)));
    }

    private Map<String, Integer> classCounts(int[] rows) {
        Map<String, Integer> counts = new HashMap<>();
        for (int r : rows) {
            counts.merge(iris.targetText(r), 1, Integer::sum);
        }
        return counts;
    }
}
