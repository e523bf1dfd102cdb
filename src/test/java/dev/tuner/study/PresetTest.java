package dev.tuner.study;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PresetTest {

    @ParameterizedTest
    @EnumSource(Preset.class)
    void anExplicitValueWinsOverThePresetWhichWinsOverTheDefault(Preset preset) {
        Map<String, String> origins = Preset.origins();
        assertEquals(7, Preset.resolve("trials", 7, "-Dtuner.trials", preset, preset.trials(), 20, origins));
        assertEquals("-Dtuner.trials", origins.get("trials"));
        assertEquals(preset.folds(), Preset.resolve("folds", null, "<folds>", preset, preset.folds(), 3, origins));
        assertEquals("preset " + preset.label(), origins.get("folds"));
        assertEquals(3, Preset.resolve("folds", null, "<folds>", null, null, 3, origins));
        assertEquals("default", origins.get("folds"));
        assertEquals(preset, Preset.parse(" " + preset.label().toUpperCase() + " "));
    }

    @Test
    void quickPlansFortyRunsOnAFreshStudy() {
        Preset q = Preset.QUICK;
        assertEquals(40, q.trials() * q.budgets().split(",").length * q.folds());
    }

    @Test
    void anUnknownPresetNamesTheKnownOnes() {
        assertNull(Preset.parse(" "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preset.parse("fast"));
        assertEquals("preset = fast: not a preset; expected one of quick, conservative, aggressive",
                e.getMessage());
    }
}
