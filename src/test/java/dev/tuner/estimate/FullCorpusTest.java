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

    @ParameterizedTest
    @ValueSource(doubles = {0.9, 1.2, 1.6})
    void theExponentIsFittedFromTheProbesBudgetsNotAssumed(double b) throws Exception {
        CostModel model = probe(b);
        assertEquals(b, model.rowsExponent(), 0.02);
        Estimate.FullCorpus f = FullCorpus.of("12000", null, iris(), model, 2.0, 1200, 3, new PowerLaw(1000, 1), 1000);
        assertEquals(12000, f.rows());
        assertEquals(2.0 * Math.pow(10, model.rowsExponent()), f.secondsPerRun(), 1e-9);
        assertEquals(3 * f.secondsPerRun(), f.seconds(), 1e-9);
        assertTrue(f.lowSeconds() <= f.seconds() && f.seconds() <= f.highSeconds());
        // The data held in the heap grows with the rows, and so does one training's peak.
        assertTrue(f.peakMemoryBytes() >= 1000L * 12000 / 150 + 1000L * 12000);
    }

    @Test
    void withoutAFullCorpusThereIsNoForecastAndABadValueIsNamed() throws Exception {
        assertNull(FullCorpus.of(null, null, iris(), probe(1), 1, 100, 3, new PowerLaw(1, 1), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FullCorpus.of("no-such.csv", null, iris(), probe(1), 1, 100, 3, new PowerLaw(1, 1), 1));
        assertEquals("fullCorpus = no-such.csv: neither a row count nor a file that exists",
                e.getMessage());
        for (String count : new String[]{"-5", "1e6", "5,000", "12k"}) {
            IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                    () -> FullCorpus.of(count, null, iris(), probe(1), 1, 100, 3, new PowerLaw(1, 1), 1));
            assertEquals("fullCorpus = " + count + ": a row count is a whole number of at least 1, written with"
                    + " digits only (5000)", number.getMessage());
        }
        IllegalArgumentException directory = assertThrows(IllegalArgumentException.class,
                () -> FullCorpus.of(System.getProperty("java.io.tmpdir"), null, iris(), probe(1), 1, 100, 3,
                        new PowerLaw(1, 1), 1));
        assertTrue(directory.getMessage().endsWith(": is a directory; name a data file or a row count"),
                directory.getMessage());
    }
}
