package dev.tuner.tribuo;

import dev.tuner.space.SearchSpaceException;
import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.space.FloatDistribution;
import dev.tuner.space.IntDistribution;
import dev.tuner.space.SearchSpace;
import dev.tuner.space.SearchSpaceParser;
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
        }
        if (trainer.task() != TaskType.CLASSIFICATION && trainer.task() != TaskType.REGRESSION) {
            throw new IllegalArgumentException("trainer '" + trainer.name()
                    + "' must declare the task CLASSIFICATION or REGRESSION, not " + trainer.task());
        }
        this.trainer = trainer;
        this.specs = Collections.unmodifiableMap(byName);
        for (HyperparameterSpec spec : byName.values()) {
            // A trainer whose own default or suggested space it cannot train is a bug of that trainer: say so at once.
            String where = "trainer '" + trainer.name() + "' declares for '" + spec.name() + "'";
            if (!accepts(spec, convert(trainer.name(), spec, spec.defaultValue()))) {
                throw new IllegalArgumentException(where + " the default " + spec.defaultValue() + ", but it is an "
                        + expected(spec));
            }
            String problem = spec.suggestedSpace().isBlank() ? null
                    : distributionProblem(spec.name(), SearchSpaceParser.parse(spec.name(), spec.suggestedSpace()));
            if (problem != null) {
                throw new IllegalArgumentException(where + " the suggested space: " + problem);
            }
        }
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
     * Every hyperparameter's default as a trial stores it: whole numbers as {@code Long}, reals as {@code Double},
     * anything else as its text, so that it compares equal to a sampled value and fits the search space's types.
     */
    public Map<String, Object> storedDefaults() {
        Map<String, Object> out = new LinkedHashMap<>();
        defaults().forEach((name, v) -> out.put(name, v instanceof Integer i ? (Object) i.longValue()
                : v instanceof Float f ? (Object) f.doubleValue()
                : v == null || v instanceof Number ? v : String.valueOf(v)));
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
                throw new InvalidSettingException(SearchSpaceException.SEARCH_SPACE.child(name), null, "trainer '"
                        + name() + "' has no hyperparameter '" + name + "'; it has: "
                        + String.join(", ", specs.keySet()));
            }
        }
    }

    /**
     * Refuses a search space whose values this trainer cannot take (the wrong type, a choice it does not know, a
     * range reaching outside what it accepts), so that a typo fails before the first trial instead of every trial.
     *
     * @param setting the setting holding the space, whose entries are the parameters
     * @throws InvalidSettingException naming the first bad entry, e.g. {@code searchSpace/maxDepth: int
     *                                 hyperparameter of xgboost (>= 1); got choice(a, b)}
     */
    public void checkSpace(SearchSpace space, Setting setting) {
        for (Map.Entry<String, Distribution> e : space.distributions().entrySet()) {
            String problem = distributionProblem(e.getKey(), e.getValue());
            if (problem != null) {
                throw new InvalidSettingException(setting.child(e.getKey()), null, problem);
            }
        }
    }

    /**
     * A value written as text ({@code <params>}) converted to its declared type and checked like a search space.
     *
     * @param setting the setting the text comes from, for the message
     */
    public Object value(Setting setting, String name, String text) {
        HyperparameterSpec spec = specs.get(name);
        Object value;
        try {
            value = convert(name(), spec, text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(setting, null, expected(spec) + "; got '" + text + "'");
        }
        if (!accepts(spec, value)) {
            throw new InvalidSettingException(setting, null, expected(spec) + "; got '" + text + "'");
        }
        return value;
    }

    /** What makes {@code d} unfit for the hyperparameter {@code name}, or null when it fits. */
    private String distributionProblem(String name, Distribution d) {
        HyperparameterSpec spec = specs.get(name);
        boolean ok = switch (spec.type()) {
            case FLOAT -> d instanceof FloatDistribution f ? accepts(spec, f.low()) && accepts(spec, f.high())
                    : d instanceof IntDistribution i ? accepts(spec, (double) i.low()) && accepts(spec, (double) i.high())
                    : ((CategoricalDistribution) d).choices().stream().allMatch(c -> converts(spec, c));
            case INT -> d instanceof IntDistribution i ? accepts(spec, i.low()) && accepts(spec, i.high())
                    : d instanceof CategoricalDistribution c && c.choices().stream().allMatch(v -> converts(spec, v));
            case CHOICE -> d instanceof CategoricalDistribution c
                    && c.choices().stream().allMatch(v -> converts(spec, v));
        };
        return ok ? null : expected(spec) + "; got " + d.describe();
    }

    /** {@code int hyperparameter of xgboost (>= 1)}, {@code choice hyperparameter of cart (one of gini, entropy)}. */
    private String expected(HyperparameterSpec spec) {
        String accepted = spec.type() == HyperparameterSpec.Type.CHOICE
                ? (spec.choices().isEmpty() ? "" : " (one of " + String.join(", ", spec.choices()) + ")")
                : spec.range().equals(HyperparameterSpec.Range.ANY) ? "" : " (" + spec.range().describe() + ")";
        return spec.type().label() + " hyperparameter of " + name() + accepted;
    }

    private boolean converts(HyperparameterSpec spec, String text) {
        try {
            return accepts(spec, convert(name(), spec, text));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a converted value (Double, Long or String) is one this parameter takes. */
    private static boolean accepts(HyperparameterSpec spec, Object value) {
        if (value instanceof Number n) {
            return spec.type() != HyperparameterSpec.Type.CHOICE && spec.range().contains(n.doubleValue());
        }
        return spec.type() == HyperparameterSpec.Type.CHOICE
                && (spec.choices().isEmpty()
                || spec.choices().stream().anyMatch(c -> c.equalsIgnoreCase(String.valueOf(value))));
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

    /**
     * Whether some trial of {@code space} trains a model that gives probabilities (so log-loss): each choice of each
     * categorical parameter is tried with the rest at their pinned values or defaults. A project's own trainer
     * declares nothing about it, so it may.
     */
    public boolean mayGiveProbabilities(SearchSpace space) {
        if (!(trainer instanceof BuiltInTrainer builtIn) || task() != TaskType.CLASSIFICATION) {
            return true;
        }
        Map<String, Object> base = new LinkedHashMap<>(space.fixedValues());
        List<Map<String, Object>> candidates = new java.util.ArrayList<>(List.of(base));
        space.distributions().forEach((name, d) -> {
            if (d instanceof CategoricalDistribution c && specs.containsKey(name)) {
                c.choices().forEach(choice -> {
                    Map<String, Object> one = new LinkedHashMap<>(base);
                    one.put(name, choice);
                    candidates.add(one);
                });
            }
        });
        return candidates.stream().anyMatch(params -> builtIn.givesProbabilities()
                .test(new BuiltInTrainer.Values(name(), resolve(params))));
    }

    /** A new trainer for one training run; absent parameters take their defaults. */
    public Trainer<?> create(Map<String, Object> params, long seed) {
        return create(params, seed, Set.of());
    }

    /** A new trainer for one run on data with these text columns (see {@link TunableTrainer#create}). */
    public Trainer<?> create(Map<String, Object> params, long seed, Set<String> textColumns) {
        return trainer.create(resolve(params), seed, textColumns);
    }

    /** What scales a run's training time besides rows (see {@link TunableTrainer#costDrivers}). */
    public List<CostDriver> costDrivers(Map<String, Object> params, int rows, int classes) {
        return trainer.costDrivers(resolve(params), rows, classes);
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

    /** The search space of every hyperparameter's suggested range, for a study without {@code <searchSpace>}. */
    public SearchSpace suggestedSpace() {
        Map<String, String> entries = new LinkedHashMap<>();
        for (HyperparameterSpec h : hyperparameters()) {
            if (h.suggestedSpace() != null && !h.suggestedSpace().isBlank()) {
                entries.put(h.name(), h.suggestedSpace());
            }
        }
        return SearchSpace.parse(entries);
    }
}
