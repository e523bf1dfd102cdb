package dev.tuner.tribuo;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.config.Setting;

import java.util.Locale;

/** What a data set's target asks for. {@link #AUTO} is only an input: a loaded data set always knows its task. */
public enum TaskType {
    AUTO, CLASSIFICATION, REGRESSION;

    /** Parses {@code <dataset><task>}: auto (or empty), classification or regression. */
    public static TaskType of(String text) {
        String t = text == null ? "auto" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "", "auto" -> AUTO;
            case "classification" -> CLASSIFICATION;
            case "regression" -> REGRESSION;
            default -> throw new InvalidSettingException(Setting.of("dataset", "task"), text,
                    "expected auto, classification or regression");
        };
    }
}
