package dev.tuner.storage;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

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
     * The schema this code reads and writes; bump it with a migration in {@link #checkOrCreateSchema}. Version 2
     * added {@code trials.updated}, the change sequence that lets {@link #trials(long)} read only what changed.
     */
    static final int SCHEMA_VERSION = 2;

    /**
     * The next value of a study's change sequence, for the row being written ({@code trials} unaliased): one more
     * than the study's highest. Every write runs under the database's write lock, so the sequence grows in commit
     * order, and a reader's snapshot that holds a change also holds every change numbered below it.
     */
    private static final String NEXT_UPDATE = "(SELECT COALESCE(MAX(u.updated), 0) + 1 FROM trials u "
            + "WHERE u.study_id = trials.study_id)";

    static final List<String> TABLES = List.of("schema_version", "studies", "trials", "intermediate", "study_attributes");

    /** Enough to ride out a checkpoint or a burst of claims; beyond it something holds the lock for real. */
    private static final int MAX_ATTEMPTS = 8;
    private static final long FIRST_PAUSE_MILLIS = 20;
    private static final long LONGEST_PAUSE_MILLIS = 2_000;

    private static final String TRIAL_COLUMNS = "t.id, t.trial_number, t.state, t.params_json, t.values_json, "
            + "t.metrics_json, t.message, t.worker, t.started, t.finished, t.updated";

    /** What a claim needs to know, in one query: see {@link #claimTrial}. */
    private static final String CLAIM_STATE = "SELECT "
            + "(SELECT id FROM trials WHERE study_id = ? AND state = ? ORDER BY trial_number LIMIT 1), "
            + "(SELECT COUNT(*) FROM trials WHERE study_id = ? AND state IN (?, ?, ?, ?)), "
            + "(SELECT MAX(trial_number) FROM trials WHERE study_id = ?)";

    private static final String CREATE_UPDATE_INDEX = "CREATE INDEX trials_by_update ON trials (study_id, updated)";

    private final SqlDialect dialect;
    private final String url;
    private final String location;
    private final Clock clock;
    private final Driver driver;
    private final ConnectionPool pool;
    private final String upsertIntermediate;
    private final java.util.concurrent.atomic.AtomicLong busyRetries = new java.util.concurrent.atomic.AtomicLong();
    private final Map<Long, StudyCache> caches = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<Long> knownStudies = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * The statements of the per-trial operations, prepared once per pooled connection: preparing one costs about as
     * much as running it. A connection serves one transaction at a time, so its map needs no lock of its own.
     */
    /** The database file, checked before each transaction; null when there is none to watch. */
    private volatile DatabaseFile file;
    private final Map<Connection, Map<String, PreparedStatement>> statements =
            new java.util.concurrent.ConcurrentHashMap<>();

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
        this.url = url;
        this.location = location;
        this.clock = clock;
        this.driver = loadDriver(dialect);
        this.pool = new ConnectionPool(dialect.maxConnections());
        this.upsertIntermediate = dialect.upsert("intermediate", List.of("trial_id", "budget"), List.of("objective_value"));
        try {
            inTransaction("check the schema", true, this::checkOrCreateSchema);
            this.file = file == null ? null : DatabaseFile.watch(file);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Transactions retried because the database was busy (another process or thread held the write lock past the
     * busy timeout), since this storage was opened: what the multi-process tests and the tune summary report.
     */
    public long busyRetries() {
        return busyRetries.get();
    }

    /** Where this storage lives, as messages name it. */
    public String location() {
        return location;
    }

    // ---- schema ----

    private Void checkOrCreateSchema(Connection c) throws SQLException {
        if (dialect.tableExists(c, "schema_version")) {
            Integer version = null;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    int v = rs.getInt(1);
                    version = rs.wasNull() ? null : v;
                }
            }
            if (version == null) {
                throw new StorageException(location + ": not a study database or it is corrupted: its schema_version table is empty");
            }
            if (version > SCHEMA_VERSION) {
                throw new StorageException(location + ": study database has schema version " + version
                        + ", newer than this plugin understands (" + SCHEMA_VERSION + "); use a newer tuner-maven-plugin");
            }
            if (version < 1) {
                throw new StorageException(location + ": study database has schema version " + version
                        + ", which this plugin cannot migrate (it writes version " + SCHEMA_VERSION + ")");
            }
            if (version < 2) {
                // 1 -> 2: the change sequence. Existing rows get 0, which a first read (from -1) still reads;
                // the migration runs under the write lock, in this transaction, so concurrent openers wait for it.
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE trials ADD COLUMN updated BIGINT NOT NULL DEFAULT 0");
                    s.execute(CREATE_UPDATE_INDEX);
                }
            }
            // A database that cannot be written would open fine and fail only at the first claim, after the build
            // may have spent minutes on other work; this write (a no-op unless migrating) makes it fail now.
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE schema_version SET version = " + SCHEMA_VERSION);
            }
            return null;
        }
        List<String> foreign = dialect.foreignTables(c, TABLES);
        if (!foreign.isEmpty()) {
            throw new StorageException(location + ": not a study database: it holds tables " + foreign
                    + " but no tuner schema; point <storage> at another file or database");
        }
        String id = dialect.generatedIdColumn();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            s.execute("CREATE TABLE studies (id " + id + ", name TEXT NOT NULL UNIQUE, fingerprint TEXT NOT NULL, "
                    + "description TEXT, directions TEXT NOT NULL, created BIGINT NOT NULL)");
            s.execute("CREATE TABLE trials (id " + id + ", "
                    + "study_id BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE, "
                    + "trial_number INTEGER NOT NULL, state TEXT NOT NULL, params_json TEXT, values_json TEXT, "
                    + "metrics_json TEXT, message TEXT, worker TEXT, started BIGINT, finished BIGINT, heartbeat BIGINT, "
                    + "updated BIGINT NOT NULL DEFAULT 0, UNIQUE (study_id, trial_number))");
            s.execute("CREATE INDEX trials_by_state ON trials (study_id, state, trial_number)");
            s.execute(CREATE_UPDATE_INDEX);
            s.execute("CREATE TABLE intermediate ("
                    + "trial_id BIGINT NOT NULL REFERENCES trials (id) ON DELETE CASCADE, "
                    + "budget DOUBLE PRECISION NOT NULL, objective_value DOUBLE PRECISION, "
                    + "PRIMARY KEY (trial_id, budget))");
            s.execute("CREATE TABLE study_attributes ("
                    + "study_id BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE, "
                    + "attr_key TEXT NOT NULL, attr_value TEXT NOT NULL, PRIMARY KEY (study_id, attr_key))");
            s.execute("INSERT INTO schema_version (version) VALUES (" + SCHEMA_VERSION + ")");
        }
        return null;
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
        requireBudget(budget);
        inTransaction("report an intermediate value of trial " + trialId, true, c -> {
            // Marks the trial changed and, by its count, checks that it exists before the insert needs it to.
            touch(c, trialId);
            insertIntermediate(c, trialId, budget, value);
            return null;
        });
    }

    @Override
    public void finishTrial(long trialId, TrialState state, List<Double> values, Map<String, Double> metrics, String message) {
        requireFinished(state);
        inTransaction("finish trial " + trialId, true, c -> {
            finish(c, trialId, state, values, metrics, message);
            return null;
        });
    }

    /** One transaction instead of two: the last intermediate value and the outcome are written, or neither is. */
    @Override
    public void reportAndFinishTrial(long trialId, double budget, double value, TrialState state, List<Double> values,
                                     Map<String, Double> metrics, String message) {
        requireBudget(budget);
        requireFinished(state);
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
    public Map<Long, java.time.Instant> heartbeats(long studyId) {
        return inTransaction("read the heartbeats", false, c -> {
            requireStudy(c, studyId);
            Map<Long, java.time.Instant> out = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, heartbeat FROM trials WHERE study_id = ? AND state = ?")) {
                bind(s, studyId, TrialState.RUNNING.name());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long millis = rs.getLong(2);
                        if (!rs.wasNull()) {
                            out.put(rs.getLong(1), java.time.Instant.ofEpochMilli(millis));
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
                    s.setString(2, retryMessage(worker));
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

    /** A trial as read, with the change sequence number of the write that produced it. */
    private record Versioned(Trial trial, long updated) {
    }

    /**
     * This storage's copy of one study's trials. Trials are immutable snapshots; a change replaces one, and the list
     * handed out is rebuilt only when something changed. Merges keep the newest version of each trial, so readers
     * that raced on different snapshots cannot put an older one back.
     */
    private static final class StudyCache {
        /** The newest version read of each trial, by number (numbers are dense: no gaps once read). */
        private Versioned[] byNumber = new Versioned[64];
        private Trial[] trials = new Trial[64];
        private int size;
        private long seen = -1;
        private List<Trial> list = List.of();

        synchronized long seen() {
            return seen;
        }

        synchronized List<Trial> merge(List<Versioned> changed) {
            boolean dirty = false;
            for (Versioned v : changed) {
                int number = v.trial().number();
                if (number >= byNumber.length) {
                    int capacity = Math.max(number + 1, byNumber.length * 2);
                    byNumber = Arrays.copyOf(byNumber, capacity);
                    trials = Arrays.copyOf(trials, capacity);
                }
                Versioned old = byNumber[number];
                if (old == null || old.updated() < v.updated()) {
                    byNumber[number] = v;
                    trials[number] = v.trial();
                    size = Math.max(size, number + 1);
                    dirty = true;
                }
                seen = Math.max(seen, v.updated());
            }
            if (dirty) {
                // Handed to every reader as it is: nobody can change it, and it is replaced, never updated.
                Trial[] out = Arrays.copyOf(trials, size);
                int present = 0;
                for (Trial t : out) {
                    if (t != null) {
                        present++;
                    }
                }
                if (present < size) {
                    // A number not read (yet): cannot happen with dense numbering, but never hand out a hole.
                    out = Arrays.stream(out).filter(Objects::nonNull).toArray(Trial[]::new);
                }
                list = java.util.Collections.unmodifiableList(Arrays.asList(out));
            }
            return list;
        }
    }

    @Override
    public void close() {
        pool.close();
        if (file != null) {
            file.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcStudyStorage[" + dialect.displayName() + " " + location + "]";
    }

    // ---- shared with InMemoryStudyStorage so both check and word things alike ----

    static void requireBudget(double budget) {
        if (!(budget > 0) || Double.isInfinite(budget)) {
            throw new IllegalArgumentException("budget " + budget + " is not a positive finite number");
        }
    }

    static void requireFinished(TrialState state) {
        if (state == null || !state.isFinished()) {
            throw new IllegalArgumentException("a trial can only finish as COMPLETE, PRUNED or FAILED, not " + state);
        }
    }

    static String retryMessage(String worker) {
        return "retried: " + (worker == null ? "its worker" : worker) + " stopped";
    }

    // ---- SQL helpers ----

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

    /**
     * The connection's statement for {@code sql}, prepared on first use and kept until the connection closes. The
     * caller sets every parameter and closes only the result sets, never the statement.
     */
    private PreparedStatement prepared(Connection c, String sql) throws SQLException {
        Map<String, PreparedStatement> mine = statements.computeIfAbsent(c, k -> new HashMap<>());
        PreparedStatement s = mine.get(sql);
        if (s == null) {
            s = c.prepareStatement(sql);
            mine.put(sql, s);
        }
        return s;
    }

    private void forgetStatements(Connection c) {
        Map<String, PreparedStatement> mine = statements.remove(c);
        if (mine != null) {
            for (PreparedStatement s : mine.values()) {
                try {
                    s.close();
                } catch (SQLException ignored) {
                    // Dropped either way; the connection closes what it still holds when it closes.
                }
            }
        }
    }

    private void requireStudy(Connection c, long studyId) throws SQLException {
        // Studies are never deleted: one seen once needs no query per operation.
        if (knownStudies.contains(studyId)) {
            return;
        }
        if (!exists(c, "SELECT 1 FROM studies WHERE id = ?", studyId)) {
            throw new IllegalArgumentException("no study with id " + studyId + " in " + location);
        }
        knownStudies.add(studyId);
    }

    private static boolean exists(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long returnedId(PreparedStatement insertReturningId) throws SQLException {
        try (ResultSet rs = insertReturningId.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the insert returned no id");
            }
            return rs.getLong(1);
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                s.setNull(i + 1, Types.VARCHAR);
            } else if (a instanceof Long l) {
                s.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                s.setInt(i + 1, n);
            } else {
                s.setString(i + 1, (String) a);
            }
        }
    }

    private static void setNullableLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    // ---- transactions and retries ----

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction and retries it whole while the database reports itself busy. Errors of
     * the caller ({@link RuntimeException}s thrown by {@code work}) roll back and pass through unchanged.
     */
    private <T> T inTransaction(String operation, boolean write, SqlWork<T> work) {
        DatabaseFile watched = file;
        if (watched != null) {
            // Before a connection is borrowed: a new connection would create an empty file at the path.
            watched.check();
        }
        for (int attempt = 1; ; attempt++) {
            Connection c = null;
            boolean reusable = true;
            try {
                c = pool.borrow();
                if (write) {
                    dialect.beginWrite(c);
                } else {
                    dialect.beginRead(c);
                }
                T result;
                try {
                    result = work.run(c);
                    dialect.commit(c);
                } catch (SQLException | RuntimeException e) {
                    reusable = rollbackQuietly(c);
                    if (e instanceof SQLException) {
                        forgetStatements(c); // a statement that failed half-way is not trusted again
                    }
                    throw e;
                }
                return result;
            } catch (SQLException e) {
                if (dialect.isTransient(e) && attempt < MAX_ATTEMPTS) {
                    busyRetries.incrementAndGet();
                    pause(attempt, operation, e);
                    continue;
                }
                throw translate(operation, e, attempt);
            } finally {
                if (c != null) {
                    pool.giveBack(c, reusable);
                }
            }
        }
    }

    /** Rolls back; false when that failed too, so the connection's state is unknown and it must not be reused. */
    private boolean rollbackQuietly(Connection c) {
        try {
            dialect.rollback(c);
            return true;
        } catch (SQLException | RuntimeException ignored) {
            return false;
        }
    }

    private void pause(int attempt, String operation, SQLException cause) {
        long pause = Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << (attempt - 1));
        // Jitter, so that processes that collided do not collide again at the same instant.
        pause += ThreadLocalRandom.current().nextLong(pause + 1);
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            StorageException interrupted = new StorageException(location + ": interrupted while waiting to " + operation, e);
            interrupted.addSuppressed(cause);
            throw interrupted;
        }
    }

    private StorageException translate(String operation, SQLException e, int attempts) {
        String explained = dialect.explain(e, location);
        if (explained != null) {
            if (dialect.isTransient(e)) {
                explained += " (gave up after " + attempts + " attempts to " + operation + ")";
            }
            return new StorageException(explained, e);
        }
        return new StorageException(location + ": cannot " + operation + ": " + e.getMessage(), e);
    }

    private static Driver loadDriver(SqlDialect dialect) {
        try {
            // Through the class loader that loaded the storage (the plugin's realm in Maven), not DriverManager,
            // which only sees drivers of the system class loader.
            Class<?> driverClass = Class.forName(dialect.driverClassName(), true, JdbcStudyStorage.class.getClassLoader());
            return (Driver) driverClass.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new StorageException(dialect.missingDriverMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw new StorageException("cannot load the " + dialect.displayName() + " driver " + dialect.driverClassName(), e);
        }
    }

    /**
     * Connections created on demand up to a bound and reused; a thread holds one only for one transaction, so the
     * bound caps concurrent transactions, not threads.
     */
    private final class ConnectionPool {
        private final Semaphore permits;
        private final Deque<Connection> idle = new ArrayDeque<>();
        private final Set<Connection> open = new HashSet<>();
        private boolean closed;

        ConnectionPool(int size) {
            this.permits = new Semaphore(size, true);
        }

        Connection borrow() throws SQLException {
            permits.acquireUninterruptibly();
            try {
                synchronized (this) {
                    if (closed) {
                        throw new IllegalStateException("the study storage " + location + " is closed");
                    }
                    Connection c = idle.pollFirst();
                    if (c != null) {
                        return c;
                    }
                }
                Connection c = connect();
                synchronized (this) {
                    if (closed) {
                        closeQuietly(c);
                        throw new IllegalStateException("the study storage " + location + " is closed");
                    }
                    open.add(c);
                }
                return c;
            } catch (SQLException | RuntimeException e) {
                permits.release();
                throw e;
            }
        }

        void giveBack(Connection c, boolean reusable) {
            synchronized (this) {
                if (reusable && !closed) {
                    idle.addFirst(c);
                } else {
                    open.remove(c);
                    statements.remove(c);
                    closeQuietly(c);
                }
            }
            permits.release();
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (Connection c : open) {
                closeQuietly(c);
            }
            open.clear();
            statements.clear();
            idle.clear();
        }

        private Connection connect() throws SQLException {
            Connection c = driver.connect(url, new Properties());
            if (c == null) {
                throw new StorageException(location + ": the " + dialect.displayName() + " driver does not accept the URL " + url);
            }
            try {
                dialect.configure(c);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                throw e;
            }
            return c;
        }

        private static void closeQuietly(Connection c) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing is best effort: the connection is dropped either way.
            }
        }
    }
}
