package dev.tuner.bundle;

import dev.tuner.features.ColumnKind;
import dev.tuner.features.FeatureColumn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The names of a row against the bundle's columns: what an application can read, and the one mistake refused. */
class PredictRowNamesTest {
    @TempDir
    static Path dir;
    static ModelBundle bundle;

    @BeforeAll
    static void load() throws Exception {
        bundle = BundleLoader.load(BundleFixtures.built(dir, "iris.zip"));
    }

    @Test
    void theColumnsAreThoseOfTheTrainingHeaderInItsOrder() {
        assertEquals(List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"),
                bundle.columns().stream().map(FeatureColumn::name).toList());
        assertTrue(bundle.columns().stream().allMatch(c -> c.kind() == ColumnKind.NUMERIC));
    }

    /** Without the check every column is missing and the model answers as for any other row, with no sign. */
    @Test
    void aRowNoNameOfWhichIsAColumnIsRefusedNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bundle.predict(
                Map.of("SepalLength", "5.1", "SepalWidth", "3.5", "label", "setosa")));
        assertTrue(e.getMessage().contains("[SepalLength, SepalWidth, label]"), e.getMessage());
        assertTrue(e.getMessage().contains("[sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm]"),
                e.getMessage());
    }

    /** Iris has no missing cell, so the model knows no {@code c@missing} feature: an all-missing row gives none. */
    @Test
    void aRowThatGivesNoFeatureTheModelKnowsIsRefusedNamingTheBundleAndTheFeatures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bundle.predict(Map.of("sepal_length_cm", "", "petal_width_cm", "?")));
        assertTrue(e.getMessage().startsWith(dir.resolve("iris.zip") + ": not one feature of the row is known"),
                e.getMessage());
        assertTrue(e.getMessage().contains("[sepal_length_cm@missing, sepal_width_cm@missing, "
                + "petal_length_cm@missing, petal_width_cm@missing]"), e.getMessage());
    }

    @Test
    void aRowWithSomeColumnsAndOtherNamesIsPredicted() {
        Map<String, String> row = new HashMap<>(Map.of("sepal_length_cm", "5.1", "SepalWidth", "3.5",
                "petal_length_cm", "1.4", "petal_width_cm", "0.2"));
        assertNotNull(bundle.predict(row).label());
    }
}
