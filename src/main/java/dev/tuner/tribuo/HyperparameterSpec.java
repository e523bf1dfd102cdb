package dev.tuner.tribuo;

import java.util.Objects;

/**
 * One hyperparameter a trainer accepts.
 *
 * @param name           the name users write in {@code <searchSpace>} and {@code <params>}
 * @param type           how values are read
 * @param defaultValue   used when a trial does not set the parameter (a Double, Long or String by type)
 * @param suggestedSpace a sensible range in {@code <searchSpace>} syntax, e.g. {@code log(0.001, 1.0)}
 * @param description    one sentence for documentation and error messages
 */
public record HyperparameterSpec(String name, Type type, Object defaultValue, String suggestedSpace,
                                 String description) {

    /** How a parameter's values are read: a real number, an integer, or one of a fixed set of words. */
    public enum Type {
        FLOAT, INT, CHOICE
    }

    public HyperparameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(suggestedSpace, "suggestedSpace");
        Objects.requireNonNull(description, "description");
    }

    public static HyperparameterSpec floating(String name, double defaultValue, String suggestedSpace,
                                              String description) {
        return new HyperparameterSpec(name, Type.FLOAT, defaultValue, suggestedSpace, description);
    }

    public static HyperparameterSpec integer(String name, long defaultValue, String suggestedSpace,
                                             String description) {
        return new HyperparameterSpec(name, Type.INT, defaultValue, suggestedSpace, description);
    }

    public static HyperparameterSpec choice(String name, String defaultValue, String suggestedSpace,
                                            String description) {
        return new HyperparameterSpec(name, Type.CHOICE, defaultValue, suggestedSpace, description);
    }
}
