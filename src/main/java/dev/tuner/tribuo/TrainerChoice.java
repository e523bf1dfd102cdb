package dev.tuner.tribuo;

import dev.tuner.space.SearchSpaceException;
import dev.tuner.config.ConfigurationException;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.space.SearchSpace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model choice as a hyperparameter: {@code <trainer>choice(xgboost, random-forest, logistic)</trainer>}.
 *
 * <p>The study gets a choice parameter {@value #PARAMETER} over the trainers, and each trainer's hyperparameters
 * under its name as prefix ({@code <xgboost.eta>log(0.01, 0.3)</xgboost.eta>} in {@code <searchSpace>}), active only
 * when that trainer is chosen ({@link SearchSpace#conditionalOn}). A chosen trainer without any prefixed entry is
 * tuned over its suggested space (docs/trainers.md).
 */
public final class TrainerChoice {
    /** The name of the choice parameter in trials, trials.csv and best.json. */
    public static final String PARAMETER = "trainer";

    private final Map<String, TrainerDefinition> trainers;

    private TrainerChoice(Map<String, TrainerDefinition> trainers) {
        this.trainers = trainers;
    }

    /** Whether {@code <trainer>} is a {@code choice(...)}. */
    public static boolean isChoice(String trainer) {
        return trainer != null && trainer.strip().startsWith("choice(");
    }

    /**
     * @throws IllegalArgumentException for malformed text, an unknown trainer, or a trainer of another task (the
     *                                  catalogue looks names up by the data's task)
     */
    public static TrainerChoice parse(String text, TaskType task) {
        String t = text.strip();
        if (!t.endsWith(")")) {
            throw new InvalidSettingException("trainer", t, "expected choice(name, name, ...)");
        }
        Map<String, TrainerDefinition> trainers = new LinkedHashMap<>();
        for (String part : t.substring("choice(".length(), t.length() - 1).split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                throw new InvalidSettingException("trainer", t, "an empty trainer name");
            }
            if (name.contains(".")) {
                // A parameter's prefix ends at its first dot, so a class name cannot be a prefix.
                throw new InvalidSettingException("trainer", t, "'" + name + "': a choice lists"
                        + " built-in trainer names only (docs/trainers.md)");
            }
            TrainerDefinition d = TrainerCatalogue.builtIn().get(name, task);
            if (trainers.put(name, d) != null) {
                throw new InvalidSettingException("trainer", t, "lists '" + name + "' twice");
            }
        }
        if (trainers.size() < 2) {
            throw new InvalidSettingException("trainer", t, "a choice needs at least two trainers;"
                    + " name a single trainer without choice(...)");
        }
        return new TrainerChoice(trainers);
    }

    /** Trainer names in the order written (a key is also the parameters' prefix). */
    public List<String> names() {
        return new ArrayList<>(trainers.keySet());
    }

    public TrainerDefinition get(String name) {
        TrainerDefinition d = trainers.get(name);
        if (d == null) {
            throw new IllegalArgumentException("trainer '" + name + "' is not one of " + describe());
        }
        return d;
    }

    /** The first trainer: its defaults stand for "the trainer's defaults" in reports. */
    public TrainerDefinition first() {
        return trainers.values().iterator().next();
    }

    /** As written: {@code choice(a, b)}; part of the study's fingerprint. */
    public String describe() {
        return "choice(" + String.join(", ", trainers.keySet()) + ")";
    }

    /**
     * The conditional space: {@value #PARAMETER} over the trainers, then each trainer's prefixed entries of
     * {@code searchSpace}, or its suggested space (prefixed) when it has none.
     *
     * @param notes receives one line per trainer tuned over its suggested space
     * @throws IllegalArgumentException for an entry without a trainer prefix or one the trainer does not have
     */
    public SearchSpace space(Map<String, String> searchSpace, List<String> notes) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(PARAMETER, describe());
        Map<String, Map<String, String>> byTrainer = new LinkedHashMap<>();
        trainers.keySet().forEach(n -> byTrainer.put(n, new LinkedHashMap<>()));
        if (searchSpace != null) {
            searchSpace.forEach((key, text) -> {
                if (key.equals(PARAMETER)) {
                    throw new InvalidSettingException(SearchSpaceException.SEARCH_SPACE.child(PARAMETER), null, "with"
                            + " {trainer} " + describe() + " the trainer is the choice; remove this entry");
                }
                Owned owned = owner(key).orElseThrow(() -> new InvalidSettingException(
                        SearchSpaceException.SEARCH_SPACE.child(key), null, "with {trainer} " + describe()
                        + " prefix each parameter with its trainer, e.g. " + ConfigurationException.reference(
                        SearchSpaceException.SEARCH_SPACE.child(names().get(0) + "."
                                + key.substring(key.indexOf('.') + 1)))));
                byTrainer.get(owned.trainer().name()).put(owned.parameter(), text);
            });
        }
        byTrainer.forEach((name, own) -> {
            TrainerDefinition d = trainers.get(name);
            if (own.isEmpty()) {
                SearchSpace suggested = d.suggestedSpace();
                suggested.describe().forEach((k, v) -> entries.put(name + "." + k, v));
                notes.add("<searchSpace> has no " + name + ".* entry: tuned trainer '" + name
                        + "' over its suggested space " + suggested.describe());
            } else {
                try {
                    d.checkParameters(own.keySet());
                    d.checkSpace(SearchSpace.parse(own), SearchSpaceException.SEARCH_SPACE);
                } catch (InvalidSettingException e) {
                    // The trainer knows its parameters unprefixed; the user wrote them with the prefix.
                    throw new InvalidSettingException(SearchSpaceException.SEARCH_SPACE.child(name + "."
                            + e.setting().leaf()), e.value(), e.problem());
                }
                own.forEach((k, v) -> entries.put(name + "." + k, v));
            }
        });
        return SearchSpace.parse(entries).conditionalOn(PARAMETER);
    }

    /** The chosen trainer of a trial and its own parameters (prefix stripped, other trainers' dropped). */
    public Selected select(Map<String, Object> params) {
        Object chosen = params.get(PARAMETER);
        String name = chosen == null ? trainers.keySet().iterator().next() : String.valueOf(chosen);
        TrainerDefinition d = get(name);
        Map<String, Object> own = new LinkedHashMap<>();
        String prefix = name + ".";
        params.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                own.put(k.substring(prefix.length()), v);
            }
        });
        return new Selected(d, own);
    }

    /** A trial's trainer and its parameters without prefix. */
    public record Selected(TrainerDefinition trainer, Map<String, Object> params) {
    }

    /**
     * The trainer a prefixed parameter name belongs to ({@code xgboost.eta}: xgboost's {@code eta}), or empty when the
     * name does not start with one of this choice's trainers and a dot (the choice parameter itself, a name without
     * prefix, another trainer's).
     */
    public Optional<Owned> owner(String parameter) {
        int dot = parameter.indexOf('.');
        String prefix = dot > 0 ? parameter.substring(0, dot) : null;
        return prefix == null || !trainers.containsKey(prefix) ? Optional.empty()
                : Optional.of(new Owned(trainers.get(prefix), parameter.substring(dot + 1)));
    }

    /** A parameter's trainer and its name there, without prefix. */
    public record Owned(TrainerDefinition trainer, String parameter) {
    }
}
