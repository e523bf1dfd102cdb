package dev.tuner.bundle;

import dev.tuner.features.ColumnKind;
import dev.tuner.features.FeatureColumn;
import dev.tuner.features.RowEncoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which model features a {@code features.json} explains: every feature its own encoding gives, and no other. */
class FeaturesFileTest {
    /** Names with '=' and '@' in them, so that a feature's column cannot be found by cutting at the first one. */
    private static final RowEncoding ENCODING = new RowEncoding("label", List.of(
            new FeatureColumn("age", ColumnKind.NUMERIC, false),
            new FeatureColumn("a=b", ColumnKind.CATEGORICAL, true),
            new FeatureColumn("mail@home", ColumnKind.TEXT, true)), true);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"age | 42", "age | ''", "a=b | x=y", "a=b | ?", "mail@home | wheat rises",
            "mail@home | 12"})
    void everyFeatureTheEncodingGivesIsExplained(String column, String cell) {
        List<String> features = List.of(ENCODING.encode(Map.of(column, cell)).names());
        assertNull(FeaturesFile.unexplained(ENCODING, features), features.toString());
    }

    @ParameterizedTest
    @CsvSource({"height", "age=3", "a@missing2", "mail=x", "a=", "b=c", "mail", "@constant2"})
    void aFeatureNoColumnGivesIsNamed(String feature) {
        assertEquals(feature, FeaturesFile.unexplained(ENCODING, List.of("age", feature)));
    }
}
