package dev.tuner.storage;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A storage that lives as long as the object: for tests, benchmarks and throw-away studies. It keeps the
 * semantics of {@link JdbcStudyStorage} (numbering, claiming, requeueing, value types), so code tested against
 * it behaves the same on a database. One monitor guards everything: each method is one atomic step, as a
 * transaction is in the database.
 */
public final class InMemoryStudyStorage implements StudyStorage {
    private static final String LOCATION = "memory";

    private final Clock clock;
    private final Map<String, StudyRecord> studiesByName = new HashMap<>();
    private final Map<Long, StoredStudy> studiesById = new HashMap<>();
    private final Map<Long, StoredTrial> trialsById = new HashMap<>();
    private long nextStudyId = 1;
    private long nextTrialId = 1;
    private boolean closed;

    public InMemoryStudyStorage() {
        this(Clock.systemUTC());
    }

    /** With a clock of the test's choosing, so that timestamps are predictable. */
    public InMemoryStudyStorage(Clock clock) {
        this.clock = clock;
    }

    /** What the storage keeps per study besides its record. */
    private static final class StoredStudy {
        final StudyRecord record;
        final Instant created;
        /** Trials in number order: numbers are dense and never reused, so the index is the number. */
        final List<StoredTrial> trials = new ArrayList<>();
        final Map<String, String> attributes = new HashMap<>();
        /** WAITING trials, so that a claim need not scan the study when there are none. */
        int waiting;
        /** What {@link #trials(long)} hands out until a trial changes: immutable, shared by every reader. */
        List<Trial> snapshots;

        StoredStudy(StudyRecord record, Instant created) {
            this.record = record;
            this.created = created;
        }

        List<Trial> snapshots() {
            if (snapshots == null) {
                // Only the trials that changed make a new snapshot (StoredTrial keeps its own until then).
                Trial[] out = new Trial[trials.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = trials.get(i).snapshot();
                }
                snapshots = Collections.unmodifiableList(Arrays.asList(out));
            }
            return snapshots;
        }
    }

    /**
     * The mutable row behind a {@link Trial} snapshot. Every change to what a snapshot shows goes through
     * {@link #changed()}, so that only the trial that changed is copied again.
     */
    private static final class StoredTrial {
        final StoredStudy study;
        final long id;
        final int number;
        TrialState state;
        Map<String, Object> params = Map.of();
        TreeMap<Double, Double> intermediate = new TreeMap<>();
        List<Double> values = List.of();
        Map<String, Double> metrics = Map.of();
        Instant started;
        Instant finished;
        Instant heartbeat;
        String worker;
        String message;
        private Trial snapshot;

        StoredTrial(StoredStudy study, long id, int number, TrialState state) {
            this.study = study;
            this.id = id;
            this.number = number;
            this.state = state;
        }

        /** Called after each change to a field that the snapshot shows. */
        StoredTrial changed() {
            snapshot = null;
            study.snapshots = null;
            return this;
        }

        Trial snapshot() {
            if (snapshot == null) {
                snapshot = new Trial(id, number, state, params, intermediate, values, metrics, started, finished,
                        worker, message);
            }
            return snapshot;
        }
    }

    @Override
    public synchronized Optional<StudyRecord> findStudy(String name) {
        ensureOpen();
        return Optional.ofNullable(studiesByName.get(name));
    }

    @Override
    public String location() {
        return LOCATION;
    }

    @Override
    public synchronized StudyRecord openStudy(String name, String fingerprint, String description, List<Direction> directions) {
        ensureOpen();
        StudyRecord existing = studiesByName.get(name);
        if (existing != null) {
            if (!existing.fingerprint().equals(fingerprint)) {
                throw StorageJson.mismatch(name, LOCATION, existing.description(), description);
            }
            return existing;
        }
        StudyRecord created = new StudyRecord(nextStudyId++, name, fingerprint, description, List.copyOf(directions));
        studiesByName.put(name, created);
        studiesById.put(created.id(), new StoredStudy(created, clock.instant()));
        return created;
    }

    @Override
    public synchronized List<String> studyNames() {
        ensureOpen();
        return studiesByName.keySet().stream().sorted().toList();
    }

    @Override
    public synchronized Optional<StudySnapshot> snapshot(String name) {
        ensureOpen();
        StudyRecord record = studiesByName.get(name);
        if (record == null) {
            return Optional.empty();
        }
        StoredStudy study = studiesById.get(record.id());
        return Optional.of(new StudySnapshot(record, study.created, study.attributes, study.snapshots()));
    }

    @Override
    public synchronized boolean deleteStudy(String name) {
        ensureOpen();
        StudyRecord record = studiesByName.remove(name);
        if (record == null) {
            return false;
        }
        StoredStudy study = studiesById.remove(record.id());
        study.trials.forEach(t -> trialsById.remove(t.id));
        return true;
    }

    @Override
    public synchronized StudyRecord importStudy(StudySnapshot snapshot) {
        ensureOpen();
        StudyRecord source = snapshot.record();
        if (studiesByName.containsKey(source.name())) {
            throw new StorageException("study '" + source.name() + "' already exists in " + LOCATION
                    + "; delete it first or choose another name");
        }
        // Checked before anything is added, so that a refused trial leaves no half study behind.
        List<Map<String, Object>> params = snapshot.trials().stream().map(t -> StorageJson.normalizeParams(t.params())).toList();
        StudyRecord created = new StudyRecord(nextStudyId++, source.name(), source.fingerprint(), source.description(),
                source.directions());
        StoredStudy study = new StoredStudy(created, snapshot.created());
        study.attributes.putAll(snapshot.attributes());
        for (int i = 0; i < snapshot.trials().size(); i++) {
            Trial from = snapshot.trials().get(i);
            StoredTrial t = new StoredTrial(study, nextTrialId++, from.number(), from.state());
            t.params = params.get(i);
            t.intermediate = new TreeMap<>(from.intermediate());
            t.values = StorageJson.storedValues(from.values());
            t.metrics = StorageJson.storedMetrics(from.metrics());
            t.started = from.started();
            t.finished = from.finished();
            t.heartbeat = from.finished() != null ? from.finished() : from.started();
            t.worker = from.worker();
            t.message = from.message();
            if (t.state == TrialState.WAITING) {
                study.waiting++;
            }
            study.trials.add(t);
            trialsById.put(t.id, t);
        }
        studiesByName.put(created.name(), created);
        studiesById.put(created.id(), study);
        return created;
    }

    @Override
    public synchronized Optional<Trial> claimTrial(long studyId, int target, String worker) {
        StoredStudy study = study(studyId);
        Instant now = clock.instant();
        for (StoredTrial t : study.waiting == 0 ? List.<StoredTrial>of() : study.trials) {
            if (t.state == TrialState.WAITING) {
                study.waiting--;
                t.state = TrialState.RUNNING;
                t.worker = worker;
                t.started = now;
                t.heartbeat = now;
                return Optional.of(t.changed().snapshot());
            }
        }
        long counted = study.trials.size() - study.waiting;
        if (counted >= target) {
            return Optional.empty();
        }
        StoredTrial created = addTrial(study, TrialState.RUNNING);
        created.worker = worker;
        created.started = now;
        created.heartbeat = now;
        return Optional.of(created.changed().snapshot());
    }

    @Override
    public synchronized void setParams(long trialId, Map<String, Object> params) {
        trial(trialId).params = StorageJson.normalizeParams(params);
        trial(trialId).changed();
    }

    @Override
    public synchronized void reportIntermediate(long trialId, double budget, double value) {
        TrialChecks.requireBudget(budget);
        trial(trialId).intermediate.put(budget, value);
        trial(trialId).changed();
    }

    @Override
    public synchronized void reportAndFinishTrial(long trialId, double budget, double value, TrialState state,
                                                  List<Double> values, Map<String, Double> metrics, String message) {
        TrialChecks.requireBudget(budget);
        TrialChecks.requireFinished(state);
        trial(trialId).intermediate.put(budget, value);
        finishTrial(trialId, state, values, metrics, message);
    }

    @Override
    public synchronized void finishTrial(long trialId, TrialState state, List<Double> values, Map<String, Double> metrics, String message) {
        TrialChecks.requireFinished(state);
        StoredTrial t = trial(trialId);
        // The same conversions as the database, so that a null value reads back as NaN in both storages.
        t.values = StorageJson.storedValues(values);
        t.metrics = StorageJson.storedMetrics(metrics);
        t.state = state;
        t.message = message;
        t.finished = clock.instant();
        t.heartbeat = t.finished;
        t.changed();
    }

    @Override
    public synchronized void heartbeat(long trialId) {
        trial(trialId).heartbeat = clock.instant();
    }

    @Override
    public int requeueAbandonedTrials(long studyId, Predicate<Trial> isDead) {
        // The predicate may be slow (it may ask whether a process is alive), so it runs outside the monitor; a trial
        // is requeued only if it is still the same run (same worker and start) that the predicate judged.
        List<Trial> running;
        synchronized (this) {
            running = study(studyId).trials.stream().filter(t -> t.state == TrialState.RUNNING).map(StoredTrial::snapshot).toList();
        }
        List<Trial> dead = running.stream().filter(isDead).toList();
        int requeued = 0;
        synchronized (this) {
            for (Trial judged : dead) {
                StoredTrial t = trialsById.get(judged.id());
                if (t != null && t.state == TrialState.RUNNING && Objects.equals(t.worker, judged.worker())
                        && Objects.equals(t.started, judged.started())) {
                    t.message = TrialChecks.retryMessage(t.worker);
                    t.state = TrialState.WAITING;
                    t.study.waiting++;
                    t.worker = null;
                    t.started = null;
                    t.heartbeat = null;
                    t.intermediate = new TreeMap<>();
                    t.changed();
                    requeued++;
                }
            }
        }
        return requeued;
    }

    @Override
    public synchronized Trial enqueueTrial(long studyId, Map<String, Object> params) {
        Map<String, Object> normalized = StorageJson.normalizeParams(params);
        StoredTrial t = addTrial(study(studyId), TrialState.WAITING);
        t.study.waiting++;
        t.params = normalized;
        return t.changed().snapshot();
    }

    @Override
    public synchronized Map<Long, Instant> heartbeats(long studyId) {
        Map<Long, Instant> out = new HashMap<>();
        study(studyId).trials.stream().filter(t -> t.state == TrialState.RUNNING && t.heartbeat != null)
                .forEach(t -> out.put(t.id, t.heartbeat));
        return out;
    }

    @Override
    public synchronized List<Trial> trials(long studyId) {
        return study(studyId).snapshots();
    }

    @Override
    public synchronized void setStudyAttribute(long studyId, String key, String json) {
        StorageJson.requireJson(json, "study attribute '" + key + "'");
        study(studyId).attributes.put(key, json);
    }

    @Override
    public synchronized Optional<String> studyAttribute(long studyId, String key) {
        return Optional.ofNullable(study(studyId).attributes.get(key));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private StoredTrial addTrial(StoredStudy study, TrialState state) {
        StoredTrial t = new StoredTrial(study, nextTrialId++, study.trials.size(), state);
        study.trials.add(t);
        study.snapshots = null;
        trialsById.put(t.id, t);
        return t;
    }

    private StoredStudy study(long studyId) {
        ensureOpen();
        StoredStudy study = studiesById.get(studyId);
        if (study == null) {
            throw new IllegalArgumentException("no study with id " + studyId + " in " + LOCATION);
        }
        return study;
    }

    private StoredTrial trial(long trialId) {
        ensureOpen();
        StoredTrial t = trialsById.get(trialId);
        if (t == null) {
            throw new IllegalArgumentException("no trial with id " + trialId + " in " + LOCATION);
        }
        return t;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the study storage is closed");
        }
    }

    @Override
    public String toString() {
        return "InMemoryStudyStorage";
    }
}
