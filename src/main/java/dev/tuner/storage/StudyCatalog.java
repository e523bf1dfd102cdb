package dev.tuner.storage;

import dev.tuner.config.InvalidSettingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The studies of a storage as a user manages them: list them, delete one, copy one to another storage. Works on any
 * {@link StudyStorage}, so SQLite files, PostgreSQL and the in-memory storage behave alike; every change is one
 * transaction of the storage written to, so nothing is left half-done.
 */
public final class StudyCatalog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StudyCatalog() {
    }

    /** One study as listed. */
    public record Overview(String name, Map<TrialState, Integer> trialsByState, List<Best> best, Instant created,
                           Instant lastUsed) {
        public int trials() {
            return trialsByState.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The best value of one objective among the study's complete trials, and the trial that reached it. */
    public record Best(String objective, Direction direction, double value, int trial) {
    }

    /** What a copy wrote: the new study, and how many running trials went in as waiting (to be run again). */
    public record Copied(StudyRecord study, int trials, int runningRequeued) {
    }

    /** Every study of {@code storage}, in name order. */
    public static List<Overview> list(StudyStorage storage) {
        List<Overview> out = new ArrayList<>();
        for (String name : storage.studyNames()) {
            // A study deleted between the two reads is simply not listed.
            storage.snapshot(name).ifPresent(s -> out.add(overview(s)));
        }
        return out;
    }

    /** What {@link #list} shows of one study. */
    public static Overview overview(StudySnapshot study) {
        Map<TrialState, Integer> byState = new EnumMap<>(TrialState.class);
        Instant lastUsed = study.created();
        for (Trial t : study.trials()) {
            byState.merge(t.state(), 1, Integer::sum);
            lastUsed = latest(latest(lastUsed, t.started()), t.finished());
        }
        List<ObjectiveSpec> objectives = objectives(study.record());
        List<Best> best = new ArrayList<>();
        for (int i = 0; i < objectives.size(); i++) {
            ObjectiveSpec o = objectives.get(i);
            Trial bestTrial = null;
            for (Trial t : study.trials()) {
                if (t.state() != TrialState.COMPLETE || t.values().size() <= i || !Double.isFinite(t.values().get(i))) {
                    continue;
                }
                if (bestTrial == null || o.direction().isBetter(t.values().get(i), bestTrial.values().get(i))) {
                    bestTrial = t;
                }
            }
            if (bestTrial != null) {
                best.add(new Best(o.metric(), o.direction(), bestTrial.values().get(i), bestTrial.number()));
            }
        }
        return new Overview(study.record().name(), byState, best, study.created(), lastUsed);
    }

    /**
     * The study's objectives as its description names them; when the description does not (a study written by other
     * means), "objective 1", "objective 2"... with the stored directions.
     */
    public static List<ObjectiveSpec> objectives(StudyRecord record) {
        List<Direction> directions = record.directions();
        List<ObjectiveSpec> out = new ArrayList<>();
        JsonNode names = null;
        try {
            JsonNode d = record.description() == null ? null : JSON.readTree(record.description());
            names = d == null ? null : d.get("objectives");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Unnamed objectives below.
        }
        for (int i = 0; i < directions.size(); i++) {
            String metric = "objective " + (i + 1);
            if (names != null && names.isArray() && names.size() == directions.size() && names.get(i).isTextual()) {
                String text = names.get(i).textValue();
                int colon = text.lastIndexOf(':');
                metric = colon > 0 ? text.substring(0, colon) : text;
            }
            out.add(new ObjectiveSpec(metric, directions.get(i)));
        }
        return out;
    }

    /**
     * Deletes the study called {@code name} with everything it holds, in one transaction.
     *
     * @return the study as it was just before (what the caller reports)
     * @throws StorageException when there is no such study, naming the studies there are
     */
    public static Overview delete(StudyStorage storage, String name, String location) {
        StudySnapshot study = require(storage, name, location);
        if (!storage.deleteStudy(name)) {
            throw noSuchStudy(storage, name, location);
        }
        return overview(study);
    }

    /**
     * Copies the study called {@code name} from {@code from} into {@code to} as {@code newName}, with its trial
     * states, parameters, objective values, metrics, intermediate values, timestamps, workers, messages and
     * attributes, in one transaction of {@code to}. A trial still running in the source has no outcome yet, so it goes
     * in as WAITING with its parameters: the copy's first run evaluates it.
     *
     * @throws StorageException when the source has no such study or the target already has {@code newName}
     */
    public static Copied copy(StudyStorage from, String name, String fromLocation, StudyStorage to, String newName) {
        Objects.requireNonNull(newName, "name of the copy");
        StudySnapshot study = require(from, name, fromLocation);
        List<Trial> trials = new ArrayList<>();
        int requeued = 0;
        for (Trial t : study.trials()) {
            if (t.state() == TrialState.RUNNING) {
                requeued++;
                trials.add(new Trial(t.id(), t.number(), TrialState.WAITING, t.params(), null, List.of(), Map.of(),
                        null, null, null, "copied while running in " + (t.worker() == null ? "another worker" : t.worker())));
            } else {
                trials.add(t);
            }
        }
        StudyRecord record = to.importStudy(study.renamed(newName, trials));
        return new Copied(record, trials.size(), requeued);
    }

    /**
     * The target that runs {@code more} trials beyond those the study called {@code name} has finished now (all of
     * them: a study not created yet has none). What {@code -Dtuner.moreTrials} asks for.
     */
    public static int extendedTarget(StudyStorage storage, String name, int more) {
        if (more < 1) {
            throw new InvalidSettingException("moreTrials", more, "must be at least 1");
        }
        int finished = storage.findStudy(name)
                .map(r -> (int) storage.trials(r.id()).stream().filter(t -> t.state().isFinished()).count())
                .orElse(0);
        return Math.addExact(finished, more);
    }

    /** The whole study called {@code name}, or a one-line error naming the studies there are. */
    public static StudySnapshot require(StudyStorage storage, String name, String location) {
        return storage.snapshot(name).orElseThrow(() -> noSuchStudy(storage, name, location));
    }

    private static StorageException noSuchStudy(StudyStorage storage, String name, String location) {
        List<String> names = storage.studyNames();
        return new StorageException("no study '" + name + "' in " + location + "; "
                + (names.isEmpty() ? "it holds no study" : "its studies: " + String.join(", ", names)));
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
