package dev.tuner.study;

import dev.tuner.config.InvalidSettingException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A named strategy for the study's size: trials, budgets, folds and top-k in one word ({@code <preset>} or
 * {@code -Dtuner.preset}). A value set explicitly (element or property) wins over the preset; the preset wins over
 * the built-in defaults. {@link #QUICK} plans 20 trials x budgets 0.2, 1.0 x 1 fold = 40 runs on a fresh study.
 */
public enum Preset {
    /** A first look: a single validation split, two budgets, the top 3. */
    QUICK(20, "0.2,1.0", 1, 3),
    /** A careful study: two folds and three budgets, the top 5. */
    CONSERVATIVE(40, "0.1,0.5,1.0", 2, 5),
    /** A wide search: many trials on small budgets first, three folds, the top 10. */
    AGGRESSIVE(150, "0.05,0.2,1.0", 3, 10);

    /** The settings without a preset. */
    public static final int DEFAULT_TRIALS = 20;
    public static final String DEFAULT_BUDGETS = "1.0";
    public static final int DEFAULT_FOLDS = 3;
    public static final int DEFAULT_TOP_K = 5;

    private final int trials;
    private final String budgets;
    private final int folds;
    private final int topK;

    Preset(int trials, String budgets, int folds, int topK) {
        this.trials = trials;
        this.budgets = budgets;
        this.folds = folds;
        this.topK = topK;
    }

    public int trials() {
        return trials;
    }

    public String budgets() {
        return budgets;
    }

    public int folds() {
        return folds;
    }

    public int topK() {
        return topK;
    }

    /** Its name as written in a POM. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return null for a blank text (no preset)
     * @throws IllegalArgumentException naming the element and the known presets
     */
    public static Preset parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        for (Preset p : values()) {
            if (p.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new InvalidSettingException("preset", text.strip(), "not a preset; expected one of "
                + Arrays.stream(values()).map(Preset::label).collect(Collectors.joining(", ")));
    }

    /**
     * Resolves a setting (the explicit value when given, else the preset's, else the default) and records where it
     * came from in {@code origins} under {@code element}.
     *
     * @param explicit     the value set in the POM or on the command line, or null
     * @param explicitFrom how the explicit value was given, e.g. {@code -Dtuner.trials} or {@code <trials>}
     */
    public static <T> T resolve(String element, T explicit, String explicitFrom, Preset preset, T fromPreset,
                                T fallback, Map<String, String> origins) {
        if (explicit != null) {
            origins.put(element, explicitFrom);
            return explicit;
        }
        origins.put(element, preset != null ? "preset " + preset.label() : "default");
        return preset != null ? fromPreset : fallback;
    }

    /** A fresh map for {@link #resolve}, in the order settings are resolved. */
    public static Map<String, String> origins() {
        return new LinkedHashMap<>();
    }
}
