// Over 450 lines: the StudyStorage contract, one transaction per operation; schema, connections and caching are in JdbcSchema, JdbcTransactions and StudyCache.
package dev.tuner.storage;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static dev.tuner.storage.SqlValues.bind;
import static dev.tuner.storage.SqlValues.exists;
import static dev.tuner.storage.SqlValues.instant;
import static dev.tuner.storage.SqlValues.returnedId;
import static dev.tuner.storage.SqlValues.setNullableLong;

/**
 * A study storage in a relational database reached through JDBC: an SQLite file by default, PostgreSQL through
 * the same code. Open it with {@link StudyStorages#open(String)}.
 *
 * <p>Every public method is one transaction. Writes start with the dialect's write lock ({@code BEGIN IMMEDIATE} on
 * SQLite), so the read-then-insert of a claim can never interleave with another writer, in this process or another;
 * the unique (study, number) key would still refuse a duplicate number if it did. A transaction that fails because
 * the database was busy is retried whole a bounded number of times with growing, jittered pauses; any other error
 * becomes a {@link StorageException} naming the database.
 *
 * <p>Connections come from a small pool, one per concurrently calling thread, so that readers are not queued behind
 * a writer that waits for another process.
 *
 * <p>Stored forms: timestamps are epoch milliseconds; parameters, objective values and metrics are JSON (see
 * {@link StorageJson} for NaN and infinities); an intermediate value of NaN is stored as SQL NULL, because SQLite
 * turns a bound NaN into NULL anyway.
 */
public final class JdbcStudyStorage implements StudyStorage {
    /**
     * The next value of a study's change sequence, for the row being written ({@code trials} unaliased): one more
     * than the study's highest. Every write runs under the database's write lock, so the sequence grows in commit
     * order, and a reader's snapshot that holds a change also holds every change numbered below it.
     */
    private static final String NEXT_UPDATE = "(SELECT COALESCE(MAX(u.updated), 0) + 1 FROM trials u "
            + "WHERE u.study_id = trials.study_id)";

    private static final String TRIAL_COLUMNS = "t.id, t.trial_number, t.state, t.params_json, t.values_json, "
            + "t.metrics_json, t.message, t.worker, t.started, t.finished, t.updated";

    /** What a claim needs to know, in one query: see {@link #claimTrial}. */
    private static final String CLAIM_STATE = "SELECT "
            + "(SELECT id FROM trials WHERE study_id = ? AND state = ? ORDER BY trial_number LIMIT 1), "
            + "(SELECT COUNT(*) FROM trials WHERE study_id = ? AND state IN (?, ?, ?, ?)), "
            + "(SELECT MAX(trial_number) FROM trials WHERE study_id = ?)";

    private final SqlDialect dialect;
    private final String location;
    private final Clock clock;
    private final JdbcTransactions db;
    private final String upsertIntermediate;
    private final Map<Long, StudyCache> caches = new ConcurrentHashMap<>();
    private final Set<Long> knownStudies = ConcurrentHashMap.newKeySet();

    /**
     * @param url      the JDBC URL
     * @param location how messages name the database: the file path, or the URL without its parameters
     */
    JdbcStudyStorage(SqlDialect dialect, String url, String location, Clock clock) {
        this(dialect, url, location, clock, null);
    }

    /**
     * @param file the SQLite database file, watched while the storage is open (see {@link DatabaseFile}); null for a
     *             server or an in-memory database
     */
    JdbcStudyStorage(SqlDialect dialect, String url, String location, Clock clock, Path file) {
        this.dialect = dialect;
        this.location = location;
        this.clock = clock;
        this.db = new JdbcTransactions(dialect, url, location);
        this.upsertIntermediate = dialect.upsert("intermediate", List.of("trial_id", "budget"), List.of("objective_value"));
        try {
            inTransaction("check the schema", true, c -> JdbcSchema.checkOrCreate(c, dialect, location));
            db.watch(file);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Transactions retried because the database was busy (another process or thread held the write lock past the
     * busy timeout), since this storage was opened: what the multi-process tests and the tune summary report.
     */
    public long busyRetries() {
        return db.busyRetries();
    }

    @Override
    public String location() {
        return location;
    }

    // ---- studies ----

    @Override
    public StudyRecord openStudy(String name, String fingerprint, String description, List<Direction> directions) {
        Objects.requireNonNull(name, "study name");
        Objects.requireNonNull(fingerprint, "fingerprint");
        return inTransaction("open study '" + name + "'", true, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, fingerprint, description, directions FROM studies WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        String storedFingerprint = rs.getString(2);
                        String storedDescription = rs.getString(3);
                        if (!storedFingerprint.equals(fingerprint)) {
                            throw StorageJson.mismatch(name, location, storedDescription, description);
                        }
                        return new StudyRecord(rs.getLong(1), name, storedFingerprint, storedDescription,
                                StorageJson.readDirections(rs.getString(4)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO studies "
                    + "(name, fingerprint, description, directions, created) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                s.setString(1, name);
                s.setString(2, fingerprint);
                s.setString(3, description);
                s.setString(4, StorageJson.writeDirections(directions));
                s.setLong(5, clock.millis());
                return new StudyRecord(returnedId(s), name, fingerprint, description, List.copyOf(directions));
            }
        });
    }

    @Override
    public Optional<StudyRecord> findStudy(String name) {
        Objects.requireNonNull(name, "study name");
        return inTransaction("find study '" + name + "'", false, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, fingerprint, description, directions FROM studies WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<StudyRecord>empty();
                    }
                    return Optional.of(new StudyRecord(rs.getLong(1), name, rs.getString(2), rs.getString(3),
                            StorageJson.readDirections(rs.getString(4))));
                }
            }
        });
    }

    @Override
    public void setStudyAttribute(long studyId, String key, String json) {
        StorageJson.requireJson(json, "study attribute '" + key + "'");
        inTransaction("set study attribute '" + key + "'", true, c -> {
            requireStudy(c, studyId);
            try (PreparedStatement s = c.prepareStatement(dialect.upsert("study_attributes",
                    List.of("study_id", "attr_key"), List.of("attr_value")))) {
                s.setLong(1, studyId);
                s.setString(2, key);
                s.setString(3, json);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<String> studyAttribute(long studyId, String key) {
        return inTransaction("read study attribute '" + key + "'", false, c -> {
            requireStudy(c, studyId);
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT attr_value FROM study_attributes WHERE study_id = ? AND attr_key = ?")) {
                s.setLong(1, studyId);
                s.setString(2, key);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    // ---- trials ----

    @Override
    public Optional<Trial> claimTrial(long studyId, int target, String worker) {
        return inTransaction("claim a trial", true, c -> {
            requireStudy(c, studyId);
            long now = clock.millis();
            Long waitingId = null;
            long counted;
            int number;
            // One round trip: the first WAITING trial, the trials that count towards the target, the next number.
            PreparedStatement state = prepared(c, CLAIM_STATE);
            bind(state, studyId, TrialState.WAITING.name(), studyId, TrialState.COMPLETE.name(),
                    TrialState.PRUNED.name(), TrialState.FAILED.name(), TrialState.RUNNING.name(), studyId);
            try (ResultSet rs = state.executeQuery()) {
                rs.next();
                long waiting = rs.getLong(1);
                if (!rs.wasNull()) {
                    waitingId = waiting;
                }
                counted = rs.getLong(2);
                int max = rs.getInt(3);
                number = rs.wasNull() ? 0 : max + 1;
            }
            if (waitingId != null) {
                PreparedStatement s = prepared(c, "UPDATE trials SET state = ?, worker = ?, started = ?, "
                        + "heartbeat = ?, finished = NULL, updated = " + NEXT_UPDATE + " WHERE id = ?");
                s.setString(1, TrialState.RUNNING.name());
                s.setString(2, worker);
                s.setLong(3, now);
                s.setLong(4, now);
                s.setLong(5, waitingId);
                s.executeUpdate();
                return Optional.of(selectTrials(c, "t.id = ?", waitingId).get(0).trial());
            }
            if (counted >= target) {
                return Optional.<Trial>empty();
            }
            long id = insertTrial(c, studyId, number, TrialState.RUNNING, "{}", worker, now);
            return Optional.of(new Trial(id, number, TrialState.RUNNING, Map.of(), null, List.of(), Map.of(),
                    Instant.ofEpochMilli(now), null, worker, null));
        });
    }

    @Override
    public Trial enqueueTrial(long studyId, Map<String, Object> params) {
        String paramsJson = StorageJson.writeParams(params);
        return inTransaction("enqueue a trial", true, c -> {
            requireStudy(c, studyId);
            int number = nextNumber(c, studyId);
            long id = insertTrial(c, studyId, number, TrialState.WAITING, paramsJson, null, null);
            return new Trial(id, number, TrialState.WAITING, StorageJson.readParams(paramsJson), null, List.of(),
                    Map.of(), null, null, null, null);
        });
    }

    @Override
    public void setParams(long trialId, Map<String, Object> params) {
        String paramsJson = StorageJson.writeParams(params);
        updateTrial("set the parameters of trial " + trialId, trialId,
                "UPDATE trials SET params_json = ?, updated = " + NEXT_UPDATE + " WHERE id = ?", paramsJson);
    }

    @Override
    public void reportIntermediate(long trialId, double budget, double value) {
        TrialChecks.requireBudget(budget);
        inTransaction("report an intermediate value of trial " + trialId, true, c -> {
            // Marks the trial changed and, by its count, checks that it exists before the insert needs it to.
            touch(c, trialId);
            insertIntermediate(c, trialId, budget, value);
            return null;
        });
    }

    @Override
    public void finishTrial(long trialId, TrialState state, List<Double> values, Map<String, Double> metrics, String message) {
        TrialChecks.requireFinished(state);
        inTransaction("finish trial " + trialId, true, c -> {
            finish(c, trialId, state, values, metrics, message);
            return null;
        });
    }

    /** One transaction instead of two: the last intermediate value and the outcome are written, or neither is. */
    @Override
    public void reportAndFinishTrial(long trialId, double budget, double value, TrialState state, List<Double> values,
                                     Map<String, Double> metrics, String message) {
        TrialChecks.requireBudget(budget);
        TrialChecks.requireFinished(state);
        inTransaction("finish trial " + trialId, true, c -> {
            finish(c, trialId, state, values, metrics, message);
            insertIntermediate(c, trialId, budget, value);
            return null;
        });
    }

    private void finish(Connection c, long trialId, TrialState state, List<Double> values, Map<String, Double> metrics,
                        String message) throws SQLException {
        long now = clock.millis();
        PreparedStatement s = prepared(c, "UPDATE trials SET state = ?, values_json = ?, metrics_json = ?, "
                + "message = ?, finished = ?, heartbeat = ?, updated = " + NEXT_UPDATE + " WHERE id = ?");
        bind(s, state.name(), StorageJson.writeValues(values), StorageJson.writeMetrics(metrics), message, now, now,
                trialId);
        if (s.executeUpdate() == 0) {
            throw new IllegalArgumentException("no trial with id " + trialId + " in " + location);
        }
    }

    private void touch(Connection c, long trialId) throws SQLException {
        PreparedStatement s = prepared(c, "UPDATE trials SET updated = " + NEXT_UPDATE + " WHERE id = ?");
        s.setLong(1, trialId);
        if (s.executeUpdate() == 0) {
            throw new IllegalArgumentException("no trial with id " + trialId + " in " + location);
        }
    }

    private void insertIntermediate(Connection c, long trialId, double budget, double value) throws SQLException {
        PreparedStatement s = prepared(c, upsertIntermediate);
        s.setLong(1, trialId);
        s.setDouble(2, budget);
        if (Double.isNaN(value)) {
            s.setNull(3, Types.DOUBLE);
        } else {
            s.setDouble(3, value);
        }
        s.executeUpdate();
    }

    @Override
    public Map<Long, Instant> heartbeats(long studyId) {
        return inTransaction("read the heartbeats", false, c -> {
            requireStudy(c, studyId);
            Map<Long, Instant> out = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, heartbeat FROM trials WHERE study_id = ? AND state = ?")) {
                bind(s, studyId, TrialState.RUNNING.name());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long millis = rs.getLong(2);
                        if (!rs.wasNull()) {
                            out.put(rs.getLong(1), Instant.ofEpochMilli(millis));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void heartbeat(long trialId) {
        updateTrial("record a heartbeat of trial " + trialId, trialId,
                "UPDATE trials SET heartbeat = ? WHERE id = ?", clock.millis());
    }

    @Override
    public int requeueAbandonedTrials(long studyId, Predicate<Trial> isDead) {
        // The predicate may take its time (it may ask whether a process is alive), so it runs between two
        // transactions rather than while holding the write lock. A trial is requeued only if it is still the run the
        // predicate judged (same state, worker and start); one finished or re-claimed meanwhile is left alone.
        List<Trial> running = inTransaction("list running trials", false, c -> {
            requireStudy(c, studyId);
            return selectTrials(c, "t.study_id = ? AND t.state = ?", studyId, TrialState.RUNNING.name())
                    .stream().map(Versioned::trial).toList();
        });
        List<Trial> dead = running.stream().filter(isDead).toList();
        if (dead.isEmpty()) {
            return 0;
        }
        return inTransaction("requeue abandoned trials", true, c -> {
            int requeued = 0;
            for (Trial judged : dead) {
                String state;
                String worker;
                Long started;
                try (PreparedStatement s = c.prepareStatement("SELECT state, worker, started FROM trials WHERE id = ?")) {
                    s.setLong(1, judged.id());
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            continue;
                        }
                        state = rs.getString(1);
                        worker = rs.getString(2);
                        long startedMillis = rs.getLong(3);
                        started = rs.wasNull() ? null : startedMillis;
                    }
                }
                Long judgedStarted = judged.started() == null ? null : judged.started().toEpochMilli();
                if (!TrialState.RUNNING.name().equals(state) || !Objects.equals(worker, judged.worker())
                        || !Objects.equals(started, judgedStarted)) {
                    continue;
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE trials SET state = ?, worker = NULL, "
                        + "started = NULL, heartbeat = NULL, finished = NULL, message = ?, updated = " + NEXT_UPDATE
                        + " WHERE id = ?")) {
                    s.setString(1, TrialState.WAITING.name());
                    s.setString(2, TrialChecks.retryMessage(worker));
                    s.setLong(3, judged.id());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM intermediate WHERE trial_id = ?")) {
                    s.setLong(1, judged.id());
                    s.executeUpdate();
                }
                requeued++;
            }
            return requeued;
        });
    }

    /**
     * Reads only the trials written since the last call (by any process: the change sequence is in the database) and
     * merges them into this storage's copy of the study, so that a study of n trials costs O(changes) database work
     * per call rather than O(n) rows parsed from JSON.
     */
    @Override
    public List<Trial> trials(long studyId) {
        StudyCache known = caches.get(studyId);
        long since = known == null ? -1 : known.seen();
        List<Versioned> changed = inTransaction("read the trials", false, c -> {
            requireStudy(c, studyId);
            return selectTrials(c, "t.study_id = ? AND t.updated > ?", studyId, since);
        });
        return caches.computeIfAbsent(studyId, id -> new StudyCache()).merge(changed);
    }

    // ---- whole studies (see JdbcStudies) ----

    @Override
    public List<String> studyNames() {
        return new JdbcStudies(this).names();
    }

    @Override
    public Optional<StudySnapshot> snapshot(String name) {
        return new JdbcStudies(this).snapshot(name);
    }

    @Override
    public boolean deleteStudy(String name) {
        return new JdbcStudies(this).delete(name);
    }

    @Override
    public StudyRecord importStudy(StudySnapshot study) {
        return new JdbcStudies(this).importStudy(study);
    }

    /** One transaction of this storage, with its busy retries and error messages, for {@link JdbcStudies}. */
    <T> T transaction(String operation, boolean write, JdbcTransactions.SqlWork<T> work) {
        return inTransaction(operation, write, work);
    }

    /** Every trial of the study, in number order, read in the caller's transaction. */
    List<Trial> allTrials(Connection c, long studyId) throws SQLException {
        return selectTrials(c, "t.study_id = ?", studyId).stream().map(Versioned::trial).toList();
    }

    /** Drops what this storage remembers of a deleted study. */
    void forgetStudy(long studyId) {
        knownStudies.remove(studyId);
        caches.remove(studyId);
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "JdbcStudyStorage[" + dialect.displayName() + " " + location + "]";
    }

    // ---- SQL helpers ----

    private <T> T inTransaction(String operation, boolean write, JdbcTransactions.SqlWork<T> work) {
        return db.inTransaction(operation, write, work);
    }

    private PreparedStatement prepared(Connection c, String sql) throws SQLException {
        return db.prepared(c, sql);
    }

    private int nextNumber(Connection c, long studyId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(trial_number) FROM trials WHERE study_id = ?")) {
            s.setLong(1, studyId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                int max = rs.getInt(1);
                return rs.wasNull() ? 0 : max + 1;
            }
        }
    }

    private long insertTrial(Connection c, long studyId, int number, TrialState state, String paramsJson,
                             String worker, Long now) throws SQLException {
        PreparedStatement s = prepared(c, "INSERT INTO trials (study_id, trial_number, state, params_json, "
                + "worker, started, heartbeat, updated) VALUES (?, ?, ?, ?, ?, ?, ?, "
                + "(SELECT COALESCE(MAX(u.updated), 0) + 1 FROM trials u WHERE u.study_id = ?)) RETURNING id");
        s.setLong(1, studyId);
        s.setInt(2, number);
        s.setString(3, state.name());
        s.setString(4, paramsJson);
        s.setString(5, worker);
        setNullableLong(s, 6, now);
        setNullableLong(s, 7, now);
        s.setLong(8, studyId);
        return returnedId(s);
    }

    /** Trials matching {@code condition} (on alias {@code t}) with their intermediate values, in number order. */
    private List<Versioned> selectTrials(Connection c, String condition, Object... args) throws SQLException {
        Map<Long, TreeMap<Double, Double>> intermediate = new HashMap<>();
        PreparedStatement values = prepared(c, "SELECT i.trial_id, i.budget, i.objective_value "
                + "FROM intermediate i JOIN trials t ON t.id = i.trial_id WHERE " + condition);
        bind(values, args);
        try (ResultSet rs = values.executeQuery()) {
            while (rs.next()) {
                double stored = rs.getDouble(3);
                double value = rs.wasNull() ? Double.NaN : stored;
                intermediate.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(rs.getDouble(2), value);
            }
        }
        List<Versioned> trials = new ArrayList<>();
        PreparedStatement rows = prepared(c, "SELECT " + TRIAL_COLUMNS + " FROM trials t WHERE " + condition
                + " ORDER BY t.trial_number");
        bind(rows, args);
        try (ResultSet rs = rows.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                trials.add(new Versioned(new Trial(id, rs.getInt(2), TrialState.valueOf(rs.getString(3)),
                        StorageJson.readParams(rs.getString(4)), intermediate.get(id),
                        StorageJson.readValues(rs.getString(5)), StorageJson.readMetrics(rs.getString(6)),
                        instant(rs, 9), instant(rs, 10), rs.getString(8), rs.getString(7)), rs.getLong(11)));
            }
        }
        return trials;
    }

    private void updateTrial(String operation, long trialId, String sql, Object... argsBeforeId) {
        inTransaction(operation, true, c -> {
            PreparedStatement s = prepared(c, sql);
            Object[] args = Arrays.copyOf(argsBeforeId, argsBeforeId.length + 1);
            args[argsBeforeId.length] = trialId;
            bind(s, args);
            if (s.executeUpdate() == 0) {
                throw new IllegalArgumentException("no trial with id " + trialId + " in " + location);
            }
            return null;
        });
    }

    private void requireStudy(Connection c, long studyId) throws SQLException {
        // A study is deleted only by tuner:studies, never while it runs: one seen once needs no query per operation.
        if (knownStudies.contains(studyId)) {
            return;
        }
        if (!exists(c, "SELECT 1 FROM studies WHERE id = ?", studyId)) {
            throw new IllegalArgumentException("no study with id " + studyId + " in " + location);
        }
        knownStudies.add(studyId);
    }
}
