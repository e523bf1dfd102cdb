package dev.tuner.config;

/**
 * One setting has a value the engine cannot use: carries the setting, the value as the user gave it (null when the
 * setting is missing or its value is not worth repeating) and what is wrong with it.
 */
public class InvalidSettingException extends ConfigurationException {
    private final Setting setting;
    private final String value;

    public InvalidSettingException(Setting setting, String value, String problem) {
        this(setting, value, problem, null);
    }

    public InvalidSettingException(Setting setting, String value, String problem, Throwable cause) {
        super(problem, cause);
        this.setting = setting;
        this.value = value;
    }

    /** A top-level setting. */
    public InvalidSettingException(String topLevel, Object value, String problem) {
        this(Setting.of(topLevel), value == null ? null : String.valueOf(value), problem);
    }

    public Setting setting() {
        return setting;
    }

    /** The value as given, or null. */
    public String value() {
        return value;
    }

    /** Build-tool neutral: {@code stages/stage/trials = 0: must be >= 1}. */
    @Override
    public String getMessage() {
        return setting + (value == null ? "" : " = " + value) + ": " + super.getMessage();
    }
}
