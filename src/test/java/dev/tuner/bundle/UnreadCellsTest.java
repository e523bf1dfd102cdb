package dev.tuner.bundle;

import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tuning.TuningRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The cells predict reads as giving nothing although they hold a value, named for the application: a number it cannot
 * read ("1,065"), a category or words training never saw. Missing markers and absent columns are missing, not unread.
 */
class UnreadCellsTest {
    @TempDir
    static Path dir;
    static ModelBundle bundle;

    @BeforeAll
    static void build() throws Exception {
        StringBuilder csv = new StringBuilder("amount,colour,note,label\n");
        for (int i = 0; i < 40; i++) {
            boolean yes = i % 2 == 0;
            csv.append(100 + i * (yes ? 3 : 1)).append(',').append(yes ? "red" : "blue").append(',')
                    .append(yes ? "wheat crop" : "bank rates").append(',').append(yes ? "yes" : "no").append('\n');
        }
        Path data = dir.resolve("mixed.csv");
        Files.writeString(data, csv);
        DatasetSpec dataset = new DatasetSpec(data.toFile(), "label", 0.2, "auto");
        dataset.getTextColumns().add("note");
        TuningRequest study = new TuningRequest(dataset, "logistic", null, UnreadCellsTest.class.getClassLoader(),
                Map.of(), List.of(), 2, "random", "none", List.of(1.0), 2, 1, 42,
                dir.resolve("studies.db").toString(), "unread", null);
        Path zip = dir.resolve("mixed.zip");
        BundleBuilder.build(new BundleRequest(study, Map.of("epochs", "10"), null, null, null, dir.resolve("cache"), zip,
                dir.resolve("mixed.json"), Instant.parse("2026-11-30T00:00:00Z"), "test", null));
        bundle = BundleLoader.load(zip);
    }

    @Test
    void cellsWithAValuePredictCannotUseAreNamedWithWhatBecameOfThem() {
        Map<String, String> row = Map.of("amount", "1,065", "colour", "purple", "note", "zebra", "label", "yes");
        assertEquals(Map.of("amount", "'1,065' is not a number: read as missing",
                "colour", "'purple' is a category training never saw",
                "note", "no word of it was seen in training"), bundle.unreadCells(row));
        assertEquals(List.of("amount", "colour", "note"), List.copyOf(bundle.unreadCells(row).keySet()));
    }

    @Test
    void readableCellsMissingMarkersAndAbsentColumnsAreNotUnread() {
        assertEquals(Map.of(), bundle.unreadCells(Map.of("amount", " 1065 ", "colour", "red", "note", "a wheat field")));
        Map<String, String> sparse = new HashMap<>(Map.of("amount", "?", "colour", ""));
        sparse.put("note", null);
        assertEquals(Map.of(), bundle.unreadCells(sparse));
        assertNotNull(bundle.predict(Map.of("amount", "1,065", "colour", "red")).label());
    }
}
