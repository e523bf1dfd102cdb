package dev.tuner.tribuo;

import org.tribuo.Trainer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A trainer as the engine sees it: a {@link TunableTrainer} (built in or the project's own) plus the checks and
 * conversions every trainer needs, so that no implementation repeats them: unknown names are rejected, values
 * are converted to their declared type, and absent parameters take their defaults.
 */
public final class TrainerDefinition {
    private final TunableTrainer trainer;
    private final Map<String, HyperparameterSpec> specs;

    private TrainerDefinition(TunableTrainer trainer) {
        Map<String, HyperparameterSpec> byName = new LinkedHashMap<>();
        for (HyperparameterSpec spec : trainer.hyperparameters()) {
            if (byName.put(spec.name(), spec) != null) {
                throw new IllegalArgumentException("trainer '" + trainer.name() + "' declares hyperparameter '"
                        + spec.name() + "' twice");
            }
            convert(trainer.name(), spec, spec.defaultValue());
        }
        if (trainer.task() != TaskType.CLASSIFICATION && trainer.task() != TaskType.REGRESSION) {
            throw new IllegalArgumentException("trainer '" + trainer.name()
                    + "' must declare the task CLASSIFICATION or REGRESSION, not " + trainer.task());
        }
        this.trainer = trainer;
        this.specs = Collections.unmodifiableMap(byName);
    }

    /** Wraps a trainer, checking that its declared hyperparameters are consistent. */
    public static TrainerDefinition of(TunableTrainer trainer) {
        return new TrainerDefinition(trainer);
    }

    public String name() {
        return trainer.name();
    }

    public TaskType task() {
        return trainer.task();
    }

    /** In the order the trainer declares them. */
    public List<HyperparameterSpec> hyperparameters() {
        return List.copyOf(specs.values());
    }

    public Optional<HyperparameterSpec> hyperparameter(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    /** Every hyperparameter's default value. */
    public Map<String, Object> defaults() {
        Map<String, Object> out = new LinkedHashMap<>();
        specs.values().forEach(s -> out.put(s.name(), s.defaultValue()));
        return out;
    }

    /**
     * Rejects names this trainer does not have, such as the keys of a {@code <searchSpace>}.
     *
     * @throws IllegalArgumentException naming the first unknown parameter and listing the known ones
     */
    public void checkParameters(Set<String> names) {
        for (String name : names) {
            if (!specs.containsKey(name)) {
                throw new IllegalArgumentException("<searchSpace><" + name + ">: trainer '" + name()
                        + "' has no hyperparameter '" + name + "'; it has: " + String.join(", ", specs.keySet()));
            }
        }
    }

    /**
     * The full parameter set a trial trains with: the given values converted to their declared type (Double,
     * Long or String), and the defaults for the rest.
     */
    public Map<String, Object> resolve(Map<String, Object> params) {
        checkParameters(params.keySet());
        Map<String, Object> out = new LinkedHashMap<>();
        for (HyperparameterSpec spec : specs.values()) {
            Object value = params.containsKey(spec.name()) ? params.get(spec.name()) : spec.defaultValue();
            out.put(spec.name(), convert(name(), spec, value));
        }
        return out;
    }

    /** A new trainer for one training run; absent parameters take their defaults. */
    public Trainer<?> create(Map<String, Object> params, long seed) {
        return trainer.create(resolve(params), seed);
    }

    private static Object convert(String trainerName, HyperparameterSpec spec, Object value) {
        String where = "hyperparameter '" + spec.name() + "' of trainer '" + trainerName + "'";
        if (value == null) {
            throw new IllegalArgumentException(where + " has no value");
        }
        switch (spec.type()) {
            case FLOAT -> {
                double d = value instanceof Number n ? n.doubleValue() : parseDouble(where, value);
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException(where + " must be a finite number, got " + value);
                }
                return d;
            }
            case INT -> {
                double d = value instanceof Number n ? n.doubleValue() : parseDouble(where, value);
                if (d != Math.rint(d) || Math.abs(d) > Long.MAX_VALUE) {
                    throw new IllegalArgumentException(where + " must be an integer, got " + value);
                }
                return (long) d;
            }
            default -> {
                return String.valueOf(value).strip().toLowerCase(Locale.ROOT);
            }
        }
    }

    private static double parseDouble(String where, Object value) {
        try {
            return Double.parseDouble(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + " must be a number, got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return name() + " (" + task().name().toLowerCase(Locale.ROOT) + ")";
    }
}
