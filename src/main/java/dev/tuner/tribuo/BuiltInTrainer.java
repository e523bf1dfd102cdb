package dev.tuner.tribuo;

import org.tribuo.Trainer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** A trainer of the catalogue: its declared hyperparameters and a factory that wires them into Tribuo. */
record BuiltInTrainer(String name, TaskType task, List<HyperparameterSpec> hyperparameters, Factory factory,
                      Predicate<Values> givesProbabilities) implements TunableTrainer {

    /** Builds the Tribuo trainer from resolved values (every declared parameter present). */
    @FunctionalInterface
    interface Factory {
        Trainer<?> create(Values values, long seed);
    }

    BuiltInTrainer {
        hyperparameters = List.copyOf(hyperparameters);
    }

    /** A trainer whose classification models give probabilities (log-loss) whatever their parameters. */
    BuiltInTrainer(String name, TaskType task, List<HyperparameterSpec> hyperparameters, Factory factory) {
        this(name, task, hyperparameters, factory, values -> true);
    }

    /** The same trainer, whose models give probabilities only with the parameters {@code when} accepts. */
    BuiltInTrainer probabilitiesOnlyWhen(Predicate<Values> when) {
        return new BuiltInTrainer(name, task, hyperparameters, factory, when);
    }

    @Override
    public Trainer<?> create(Map<String, Object> params, long seed) {
        return create(params, seed, Set.of());
    }

    @Override
    public Trainer<?> create(Map<String, Object> params, long seed, Set<String> textColumns) {
        return factory.create(new Values(name, params, textColumns), seed);
    }

    @Override
    public List<CostDriver> costDrivers(Map<String, Object> params, int rows, int classes) {
        return TrainerCosts.of(name, task, params, rows, classes);
    }

    /**
     * Typed reads of resolved parameters (see {@link TrainerDefinition#resolve}), and the data's text columns.
     */
    record Values(String trainer, Map<String, Object> params, Set<String> textColumns) {
        Values {
            textColumns = Set.copyOf(textColumns);
        }

        Values(String trainer, Map<String, Object> params) {
            this(trainer, params, Set.of());
        }

        double real(String name) {
            return ((Number) params.get(name)).doubleValue();
        }

        int integer(String name) {
            long v = ((Number) params.get(name)).longValue();
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("hyperparameter '" + name + "' of trainer '" + trainer
                        + "' is out of range: " + v);
            }
            return (int) v;
        }

        /** The value, which must be one of {@code allowed} (lower case). */
        String choice(String name, String... allowed) {
            String v = (String) params.get(name);
            for (String a : allowed) {
                if (a.equals(v)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("hyperparameter '" + name + "' of trainer '" + trainer
                    + "' must be one of " + String.join(", ", allowed) + "; got '" + v + "'");
        }

        boolean flag(String name) {
            return choice(name, "true", "false").equals("true");
        }
    }
}
