package dev.tuner.estimate;

import dev.tuner.tribuo.TabularData;
import dev.tuner.tribuo.TaskType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Full = Sample x (Full / Sample)^b with b fitted from the probe's budgets. */
class FullCorpusTest {

    private static TabularData iris() throws Exception {
        return TabularData.load(Path.of(FullCorpusTest.class.getResource("/data/iris.csv").toURI()), "label",
                TaskType.CLASSIFICATION);
    }

    /** A probe at four budgets of a trainer whose time grows as rows^b. */
    private static CostModel probe(double b) {
        List<CostModel.Run> runs = new ArrayList<>();
        for (int rows : new int[]{40, 80, 160, 320}) {
            for (int i = 0; i < 3; i++) {
                runs.add(new CostModel.Run(rows, List.of(), 1e-4 * Math.pow(rows, b) * (1 + 0.01 * i)));
            }
        }
        return CostModel.fit(runs);
    }

    /** The scaling of a model fitted on runs of 40 to 320 rows. */
    private static FullCorpus.Scaling scaling(CostModel model) {
        return new FullCorpus.Scaling(model, List.of(java.util.Map.of()), CostDrivers.NONE, new double[]{40, 320});
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.05, 1.2, 1.6})
    void anExponentOfOneOrMoreIsAPowerLawFittedFromTheProbesBudgetsNotAssumed(double b) throws Exception {
        CostModel model = probe(b);
        assertEquals(b, model.rowsExponent(), 0.02);
        Estimate.FullCorpus f = FullCorpus.of(FullCorpus.source("12000", null), scaling(model), List.of(), 1,
                2.0, 1200, 3, new PowerLaw(1000, 1), new FullCorpus.Heap(1000, 5000));
        assertEquals(12000, f.rows());
        assertEquals(2.0 * Math.pow(10, model.rowsExponent()), f.secondsPerRun(), 1e-6);
        assertEquals(model.rowsExponent(), f.rowsExponent(), 1e-9);
        assertEquals(3 * f.secondsPerRun(), f.seconds(), 1e-9);
        assertTrue(f.lowSeconds() <= f.seconds() && f.seconds() <= f.highSeconds());
        // The heap without the data, the corpus' data, and one training's peak at the corpus rows.
        assertEquals(1000L + 5000L + 1000L * 12000, f.peakMemoryBytes());
    }

    /**
     * A training that is a fixed set-up plus work in proportion to its rows (what a linear model or naive Bayes on a
     * sample is): over the probe's rows its exponent is well below 1, and that exponent as a power law forecasts 40
     * times the rows at 2.1 times the time where it takes 14.6. The fixed share is kept apart.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.02, 0.05, 0.2})
    void aFixedPartOfEachTrainingDoesNotHoldTheGrowthDown(double fixedSeconds) throws Exception {
        java.util.function.DoubleUnaryOperator truth = rows -> fixedSeconds + 5e-5 * rows;
        List<CostModel.Run> runs = new ArrayList<>();
        for (int rows : new int[]{40, 80, 160, 320}) {
            for (int i = 0; i < 3; i++) {
                runs.add(new CostModel.Run(rows, List.of(), truth.applyAsDouble(rows) * (1 + 0.01 * i)));
            }
        }
        CostModel model = CostModel.fit(runs);
        assertTrue(model.rowsExponent() < 0.9, "the fixed part shows as an exponent below 1: " + model.rowsExponent());
        Estimate.FullCorpus f = FullCorpus.of(FullCorpus.source("12800", null), scaling(model), List.of(), 1,
                truth.applyAsDouble(320), 320, 1,
                new PowerLaw(1000, 1), new FullCorpus.Heap(1000, 5000));
        double expected = truth.applyAsDouble(12800);
        assertEquals(1.0, f.secondsPerRun() / expected, 0.15, "forecast " + f.secondsPerRun() + " s, truth "
                + expected + " s");
        assertTrue(f.lowSeconds() <= f.seconds() && f.seconds() <= f.highSeconds());
        double powerLaw = truth.applyAsDouble(320) * Math.pow(40, model.rowsExponent());
        assertTrue(powerLaw < 0.8 * expected, "the power law it replaces was not low: " + powerLaw);
    }

    /**
     * Runs of one configuration on a corpus file at doubling rows: within them and beyond them their power law, a
     * fixed part kept apart when its exponent is below 1.
     */
    @Test
    void runsOnTheCorpusFileAreExtrapolatedByTheirLastDoubling() throws Exception {
        java.util.function.DoubleUnaryOperator linear = n -> 0.05 + 1e-5 * n;
        java.util.function.DoubleUnaryOperator steep = n -> 1e-8 * Math.pow(n, 1.6);
        for (var truth : List.of(linear, steep)) {
            List<Estimate.CorpusRun> runs = new ArrayList<>();
            for (int n : new int[]{1000, 2000, 4000}) {
                runs.add(new Estimate.CorpusRun(n, truth.applyAsDouble(n)));
            }
            assertEquals(1.0, FullCorpus.extrapolate(runs, 40000, 0, 1, 8) / truth.applyAsDouble(40000), 0.03);
            assertEquals(1.0, FullCorpus.extrapolate(runs, 3000, 0, 1, 8) / truth.applyAsDouble(3000), 0.02);
            assertTrue(FullCorpus.extrapolate(runs, 40000, -0.2, 1, 8) < FullCorpus.extrapolate(runs, 40000, 0, 1, 8));
            assertTrue(FullCorpus.extrapolate(runs, 40000, 0.2, 1, 8) > FullCorpus.extrapolate(runs, 40000, 0, 1, 8));
            // A top trial forecast at 1.5 times the configuration timed.
            Estimate.FullCorpus f = FullCorpus.of(FullCorpus.source("40000", null), scaling(probe(1)), runs,
                    1.5, 2.0, 1000, 3, new PowerLaw(1, 1), new FullCorpus.Heap(1, 0));
            assertEquals(1.0, f.secondsPerRun() / (1.5 * truth.applyAsDouble(40000)), 0.03);
            assertTrue(f.lowSeconds() < f.seconds() && f.seconds() < f.highSeconds());
        }
    }

    /** Runs of rows too close together to read an exponent from take the probe's, through the last run. */
    @Test
    void runsThatSpanTooFewRowsTakeTheProbesExponent() {
        List<Estimate.CorpusRun> runs = List.of(new Estimate.CorpusRun(240, 0.5), new Estimate.CorpusRun(287, 0.3));
        assertEquals(0.3 * Math.pow(2, 1.3), FullCorpus.extrapolate(runs, 574, 0, 1.3, 8), 1e-9);
        // Exponent 0.5 over the probe's span of 8: the growing share is (1 - 8^-0.5) / (1 - 1/8).
        double growing = (1 - Math.pow(8, -0.5)) / (1 - 1.0 / 8);
        assertEquals(0.3 * (1 - growing + 2 * growing), FullCorpus.extrapolate(runs, 574, 0, 0.5, 8), 1e-9);
    }

    /** A corpus file that does not read as the data set does is named as {@code <fullCorpus>}, with its problem. */
    @Test
    void aCorpusFileWithoutTheTargetIsNamedAsTheFullCorpus(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path corpus = dir.resolve("corpus.csv");
        java.nio.file.Files.writeString(corpus, "a,b\n1,2\n3,4\n");
        Path iris = Path.of(FullCorpusTest.class.getResource("/data/iris.csv").toURI());
        dev.tuner.tuning.TuningRequest request = new dev.tuner.tuning.TuningRequest(
                new dev.tuner.tribuo.DatasetSpec(iris.toFile(), "label", 0.2, null), "cart", null, null,
                java.util.Map.of("maxDepth", "int(1, 6)"), List.of(), 4, "random", "none", List.of(1.0), 2, 1, 42,
                null, "corpus", null);
        dev.tuner.tribuo.DataException e = assertThrows(dev.tuner.tribuo.DataException.class,
                () -> FullCorpus.source(corpus.toString(), request));
        assertEquals("fullCorpus: " + corpus + ": target column 'label' not found; available columns: a, b",
                e.getMessage());
    }

    /** A corpus file with another feature column would time another model: refused, naming the columns. */
    @Test
    void aCorpusFileWithOtherFeatureColumnsIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path iris = Path.of(FullCorpusTest.class.getResource("/data/iris.csv").toURI());
        List<String> lines = java.nio.file.Files.readAllLines(iris);
        String[] header = lines.get(0).split(",");
        Path corpus = dir.resolve("corpus.csv");
        // The first feature column dropped, one column added.
        java.nio.file.Files.write(corpus, lines.stream().map(l -> l.substring(l.indexOf(',') + 1)
                + (l == lines.get(0) ? ",colour" : ",1")).toList());
        dev.tuner.tuning.TuningRequest request = new dev.tuner.tuning.TuningRequest(
                new dev.tuner.tribuo.DatasetSpec(iris.toFile(), "label", 0.2, null), "cart", null, null,
                java.util.Map.of("maxDepth", "int(1, 6)"), List.of(), 4, "random", "none", List.of(1.0), 2, 1, 42,
                null, "corpus", null);
        dev.tuner.config.InvalidSettingException e = assertThrows(dev.tuner.config.InvalidSettingException.class,
                () -> FullCorpus.source(corpus.toString(), request, iris()));
        assertEquals("fullCorpus = " + corpus + ": its feature columns are not the data set's; missing: " + header[0]
                + "; not in the data set: colour", e.getMessage());
        // The same columns in another order are the same model.
        Path reordered = dir.resolve("reordered.csv");
        java.nio.file.Files.write(reordered, lines.stream().map(l -> {
            String[] cells = l.split(",");
            String first = cells[0];
            cells[0] = cells[1];
            cells[1] = first;
            return String.join(",", cells);
        }).toList());
        assertEquals(150, FullCorpus.source(reordered.toString(), request, iris()).rows());
    }

    @Test
    void withoutAFullCorpusThereIsNoForecastAndABadValueIsNamed() throws Exception {
        assertNull(FullCorpus.source(null, null));
        assertNull(FullCorpus.of(null, scaling(probe(1)), List.of(), 1, 1, 100, 3, new PowerLaw(1, 1),
                new FullCorpus.Heap(1, 0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FullCorpus.source("no-such.csv", null));
        assertEquals("fullCorpus = no-such.csv: neither a row count nor a file that exists",
                e.getMessage());
        for (String count : new String[]{"-5", "1e6", "5,000", "12k"}) {
            IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                    () -> FullCorpus.source(count, null));
            assertEquals("fullCorpus = " + count + ": a row count is a whole number of at least 1, written with"
                    + " digits only (5000)", number.getMessage());
        }
        IllegalArgumentException directory = assertThrows(IllegalArgumentException.class,
                () -> FullCorpus.source(System.getProperty("java.io.tmpdir"), null));
        assertTrue(directory.getMessage().endsWith(": is a directory; name a data file or a row count"),
                directory.getMessage());
    }
}
