package dev.tuner.storage;

import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningRequest;
import dev.tuner.study.StudyListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A changed configuration is named leaf by leaf, old and new side by side, as the user configures it. */
class DescriptionDiffTest {
    @TempDir
    Path dir;

    @Test
    void namesEachChangedLeafWithItsOldAndNewValue() {
        String stored = "{\"data\":{\"file\":\"iris.csv\",\"sha256\":\"" + "a".repeat(64) + "\",\"splitSeed\":42},"
                + "\"searchSpace\":{\"maxDepth\":\"int(1, 8)\",\"eta\":\"log(0.01, 0.3)\"},\"folds\":3}";
        String current = "{\"data\":{\"file\":\"iris.csv\",\"sha256\":\"" + "b".repeat(64) + "\",\"splitSeed\":7},"
                + "\"searchSpace\":{\"maxDepth\":\"int(1, 12)\",\"gamma\":\"float(0, 1)\"},\"folds\":3}";
        assertEquals(List.of(
                        new DescriptionDiff.Change("data file content (sha256)", "aaaaaaaaaaaa…", "bbbbbbbbbbbb…"),
                        new DescriptionDiff.Change("<seed>", "42", "7"),
                        new DescriptionDiff.Change("<searchSpace><maxDepth>", "int(1, 8)", "int(1, 12)"),
                        new DescriptionDiff.Change("<searchSpace><eta>", "log(0.01, 0.3)", "(none)"),
                        new DescriptionDiff.Change("<searchSpace><gamma>", "(none)", "float(0, 1)")),
                DescriptionDiff.of(stored, current));
        assertNull(DescriptionDiff.of("not json", current));
        assertTrue(DescriptionDiff.of(stored, stored).isEmpty());
    }

    @Test
    void aStudyReusedWithAnotherSeedIsReportedAsAChangedSeedNotChangedData() throws Exception {
        Path iris = Path.of(getClass().getResource("/data/iris.csv").toURI());
        Path storage = dir.resolve("studies.db");
        Tuning.run(request(iris, storage, 42), StudyListener.NONE);
        StudyMismatchException e = assertThrows(StudyMismatchException.class,
                () -> Tuning.run(request(iris, storage, 7), StudyListener.NONE));
        assertTrue(e.getMessage().contains("(changed: <seed>: 42 -> 7)"), e.getMessage());
        assertFalse(e.getMessage().contains("data"), e.getMessage());
    }

    private static TuningRequest request(Path data, Path storage, long seed) {
        return new TuningRequest(new DatasetSpec(data.toFile(), "label", 0.2, "auto"), "cart", null,
                DescriptionDiffTest.class.getClassLoader(), Map.of("maxDepth", "int(1, 4)"), List.of(), 1, "random",
                "none", List.of(1.0), 2, 1, seed, storage.toString(), "seeded", null);
    }
}
