package dev.tuner.tribuo;

import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.space.SearchSpaceParser;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One hyperparameter a trainer accepts.
 *
 * @param name           the name users write in {@code <searchSpace>} and {@code <params>}
 * @param type           how values are read
 * @param defaultValue   used when a trial does not set the parameter (a Double, Long or String by type)
 * @param suggestedSpace a sensible range in {@code <searchSpace>} syntax, e.g. {@code log(0.001, 1.0)}; for a CHOICE
 *                       parameter, {@code choice(...)} of every value the trainer accepts
 * @param description    one sentence for documentation and error messages
 * @param range          the values a FLOAT or INT parameter accepts at all (the trainer fails outside it), so that a
 *                       search space reaching outside is refused before any trial runs
 */
public record HyperparameterSpec(String name, Type type, Object defaultValue, String suggestedSpace,
                                 String description, Range range) {

    /** How a parameter's values are read: a real number, an integer, or one of a fixed set of words. */
    public enum Type {
        FLOAT, INT, CHOICE;

        /** As in messages: {@code float}, {@code int}, {@code choice}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The numbers a parameter accepts: an interval whose ends may be open or infinite.
     *
     * @param low      lowest value (or -infinity)
     * @param lowOpen  whether {@code low} itself is excluded
     * @param high     highest value (or +infinity)
     * @param highOpen whether {@code high} itself is excluded
     */
    public record Range(double low, boolean lowOpen, double high, boolean highOpen) {
        /** Every number. */
        public static final Range ANY = new Range(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);
        /** {@code > 0}. */
        public static final Range POSITIVE = new Range(0, true, Double.POSITIVE_INFINITY, true);
        /** {@code >= 0}. */
        public static final Range NON_NEGATIVE = atLeast(0);
        /** {@code (0, 1]}: a share. */
        public static final Range FRACTION = new Range(0, true, 1, false);

        /** {@code >= low}. */
        public static Range atLeast(double low) {
            return new Range(low, false, Double.POSITIVE_INFINITY, true);
        }

        public boolean contains(double v) {
            return (lowOpen ? v > low : v >= low) && (highOpen ? v < high : v <= high);
        }

        /** As in messages: {@code >= 1}, {@code > 0}, {@code in (0, 1]}. */
        public String describe() {
            boolean noHigh = high == Double.POSITIVE_INFINITY;
            boolean noLow = low == Double.NEGATIVE_INFINITY;
            if (noLow && noHigh) {
                return "any number";
            }
            if (noHigh) {
                return (lowOpen ? "> " : ">= ") + number(low);
            }
            if (noLow) {
                return (highOpen ? "< " : "<= ") + number(high);
            }
            return "in " + (lowOpen ? "(" : "[") + number(low) + ", " + number(high) + (highOpen ? ")" : "]");
        }

        private static String number(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    public HyperparameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(suggestedSpace, "suggestedSpace");
        Objects.requireNonNull(description, "description");
        range = range == null ? Range.ANY : range;
    }

    /** A parameter that accepts every value of its type (a project's own trainer may declare no range). */
    public HyperparameterSpec(String name, Type type, Object defaultValue, String suggestedSpace,
                              String description) {
        this(name, type, defaultValue, suggestedSpace, description, Range.ANY);
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

    /** The same parameter accepting only {@code accepted} (FLOAT and INT). */
    public HyperparameterSpec within(Range accepted) {
        return new HyperparameterSpec(name, type, defaultValue, suggestedSpace, description, accepted);
    }

    /**
     * The values a CHOICE parameter accepts: those its suggested space lists; empty for FLOAT and INT or when the
     * suggested space is not a {@code choice(...)} (then any word goes).
     */
    public List<String> choices() {
        if (type != Type.CHOICE) {
            return List.of();
        }
        Distribution d = SearchSpaceParser.parse(name, suggestedSpace);
        return d instanceof CategoricalDistribution c ? c.choices() : List.of();
    }
}
