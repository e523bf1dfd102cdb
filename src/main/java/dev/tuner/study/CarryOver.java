package dev.tuner.study;

import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tuner.space.Distribution;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.DescriptionDiff;
import dev.tuner.storage.StorageException;
import dev.tuner.storage.StudyCatalog;
import dev.tuner.storage.StudyRecord;
import dev.tuner.storage.StudySnapshot;
import dev.tuner.storage.StudyStorage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Starts a new study from the finished trials of an old one ({@code <carryTrialsFrom>}), so that widening a bound,
 * adding or removing a parameter or changing the budget ladder does not throw away the trials already paid for.
 *
 * <p>Rules, for each trial of the old study:
 * <ul>
 *   <li>Only COMPLETE and PRUNED trials are considered; failed, waiting and running ones are listed as left.</li>
 *   <li>A parameter the new space no longer has is dropped; the trial is carried if the rest fits.</li>
 *   <li>A parameter the new space adds, which the old trial lacks, takes the trainer's default (what the old trial
 *       trained with) when the trainer has one inside the new range; otherwise the trial is left. A parameter that is
 *       inactive for the trial's choice (conditional spaces) needs no value.</li>
 *   <li>Every value must lie inside its new distribution (a narrowed bound leaves the trials outside it).</li>
 *   <li>When the old and new configurations differ in nothing but the search space, a fitting trial is carried
 *       as it finished: state, values, metrics, intermediate values per budget, times, worker and message. When
 *       anything else differs (the budget ladder, folds, objectives, data, seed), its values are not comparable: a
 *       fitting COMPLETE trial is enqueued to run again with its parameters, a PRUNED one is left.</li>
 * </ul>
 * The new study is written in one transaction with its carried and enqueued trials, so it exists whole or not at
 * all; a study that exists already is never changed.
 */
public final class CarryOver {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CarryOver() {
    }

    /** What became of one old trial. */
    public enum Fate { CARRIED, ENQUEUED, LEFT }

    /** One old trial's fate, its parameters in the new space and, when it was not carried as finished, why. */
    public record Decision(Trial trial, Fate fate, Map<String, Object> params, String reason) {
    }

    /** What {@link #intoNewStudy} did: the decisions, or none when the new study existed already. */
    public record Outcome(boolean created, List<Decision> decisions) {
        public long count(Fate fate) {
            return decisions.stream().filter(d -> d.fate() == fate).count();
        }
    }

    /**
     * The fate of each trial of {@code old} in a study of {@code space} described by {@code newDescription}.
     *
     * @param defaults the trainer's default of each parameter, as trials store them (empty when it has none)
     */
    public static List<Decision> decide(StudySnapshot old, String newDescription, SearchSpace space,
                                        Map<String, Object> defaults) {
        String incomparable = incomparable(old.record().description(), newDescription);
        List<Decision> out = new ArrayList<>();
        for (Trial t : old.trials()) {
            if (t.state() != TrialState.COMPLETE && t.state() != TrialState.PRUNED) {
                out.add(new Decision(t, Fate.LEFT, t.params(), t.state().name().toLowerCase(Locale.ROOT)));
                continue;
            }
            Map<String, Object> params = new LinkedHashMap<>();
            String misfit = null;
            for (String name : space.names()) {
                Distribution d = space.get(name);
                Object value = t.params().get(name);
                if (value == null) {
                    if (!space.isActive(name, t.params())) {
                        continue;
                    }
                    value = defaults.get(name);
                    if (value == null) {
                        misfit = "added parameter " + name + " has no default to give it";
                        break;
                    }
                    if (!d.contains(value)) {
                        misfit = "added parameter " + name + ": the trainer's default " + value + " lies outside " + d.describe();
                        break;
                    }
                } else if (!d.contains(value)) {
                    misfit = name + "=" + value + " lies outside " + d.describe();
                    break;
                }
                params.put(name, value);
            }
            if (misfit != null) {
                out.add(new Decision(t, Fate.LEFT, t.params(), misfit));
            } else if (incomparable == null) {
                out.add(new Decision(t, Fate.CARRIED, params, null));
            } else if (t.state() == TrialState.COMPLETE) {
                out.add(new Decision(t, Fate.ENQUEUED, params, incomparable));
            } else {
                out.add(new Decision(t, Fate.LEFT, params, "pruned, and " + incomparable));
            }
        }
        return out;
    }

    /**
     * Creates the study {@code record} names (with its fingerprint and description) from the trials of the study
     * called {@code from}, as {@link #decide} rules, unless it exists already.
     *
     * @throws StorageException when there is no study called {@code from}
     */
    public static Outcome intoNewStudy(StudyStorage storage, String location, String from, StudyRecord record,
                                       SearchSpace space, Map<String, Object> defaults) {
        if (storage.findStudy(record.name()).isPresent()) {
            return new Outcome(false, List.of());
        }
        StudySnapshot old = StudyCatalog.require(storage, from, location);
        List<Decision> decisions = decide(old, record.description(), space, defaults);
        List<Trial> trials = new ArrayList<>();
        for (Decision d : decisions) {
            Trial t = d.trial();
            int number = trials.size();
            if (d.fate() == Fate.CARRIED) {
                trials.add(new Trial(t.id(), number, t.state(), d.params(), t.intermediate(), t.values(), t.metrics(),
                        t.started(), t.finished(), t.worker(), t.message()));
            } else if (d.fate() == Fate.ENQUEUED) {
                trials.add(new Trial(t.id(), number, TrialState.WAITING, d.params(), null, List.of(), Map.of(), null,
                        null, null, "carried from study '" + from + "' #" + t.number() + " to run again: " + d.reason()));
            }
        }
        StudySnapshot created = new StudySnapshot(record, Instant.now(), Map.of(), trials);
        try {
            storage.importStudy(created);
        } catch (StorageException e) {
            if (storage.findStudy(record.name()).isPresent()) {
                // Another worker created it first, with the same trials: nothing left to do here.
                return new Outcome(false, List.of());
            }
            throw e;
        }
        return new Outcome(true, decisions);
    }

    /** Why the old values do not stand for the new study, or null when only the search space differs. */
    static String incomparable(String oldDescription, String newDescription) {
        List<DescriptionDiff.Change> changes = DescriptionDiff.of(withoutSpace(oldDescription), withoutSpace(newDescription));
        if (changes == null) {
            return "the old study's configuration cannot be compared";
        }
        return changes.isEmpty() ? null : "changed " + DescriptionDiff.describe(changes);
    }

    private static String withoutSpace(String description) {
        try {
            if (JSON.readTree(description) instanceof ObjectNode o) {
                o.remove("searchSpace");
                return o.toString();
            }
            return description;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return description;
        }
    }

    /** The log lines that say what was carried, enqueued and left, each left trial with its reason. */
    public static List<String> describe(String from, String to, Outcome outcome) {
        List<String> lines = new ArrayList<>();
        if (!outcome.created()) {
            lines.add("Study '" + to + "' exists: <carryTrialsFrom>" + from + "</carryTrialsFrom> only fills a new study,"
                    + " so nothing was carried");
            return lines;
        }
        String enqueuedWhy = outcome.decisions().stream().filter(d -> d.fate() == Fate.ENQUEUED).map(Decision::reason)
                .findFirst().map(r -> " (values not comparable: " + r + ")").orElse("");
        lines.add("Study '" + to + "' started from study '" + from + "': " + outcome.count(Fate.CARRIED)
                + " trial(s) carried as finished, " + outcome.count(Fate.ENQUEUED) + " enqueued to run again"
                + enqueuedWhy + ", " + outcome.count(Fate.LEFT) + " left");
        for (Decision d : outcome.decisions()) {
            if (d.fate() == Fate.LEFT) {
                lines.add("  old trial #" + d.trial().number() + " left: " + d.reason());
            }
        }
        return lines;
    }
}
