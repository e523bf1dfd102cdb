package dev.tuner.storage;

import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract on an SQLite file, plus what only a file shared by threads and processes must survive. */
class SqliteStudyStorageTest extends StudyStorageContractTest {
    @TempDir
    Path dir;

    Path file() {
        return dir.resolve("studies.db");
    }

    @Override
    StudyStorage newStorage() {
        return StudyStorages.open(file().toString());
    }

    @Override
    StudyStorage sameDatabase() {
        return StudyStorages.open(file().toString());
    }

    @Override
    String location() {
        return file().toAbsolutePath().toString();
    }

    @Test
    void everythingPersistsAcrossCloseAndReopen() {
        StudyRecord study = study("iris");
        Trial finished = storage.claimTrial(study.id(), 10, "w").orElseThrow();
        storage.setParams(finished.id(), Map.of("eta", 0.1, "maxDepth", 3L, "booster", "dart"));
        storage.reportIntermediate(finished.id(), 0.2, 0.8);
        storage.finishTrial(finished.id(), TrialState.COMPLETE, List.of(0.9, Double.NaN), Map.of("accuracy", 0.9), null);
        storage.enqueueTrial(study.id(), Map.of("eta", 0.2));
        storage.setStudyAttribute(study.id(), "estimate", "{\"plannedRuns\":3}");
        List<Trial> before = storage.trials(study.id());
        storage.close();

        storage = StudyStorages.open(file().toString());

        assertEquals(study, storage.openStudy("iris", "fp-1", DESCRIPTION, DIRECTIONS));
        assertEquals(before, storage.trials(study.id()));
        assertEquals(Optional.of("{\"plannedRuns\":3}"), storage.studyAttribute(study.id(), "estimate"));
        assertEquals(1, storage.claimTrial(study.id(), 2, "w").orElseThrow().number(), "the waiting trial comes first");
        assertEquals(Optional.empty(), storage.claimTrial(study.id(), 2, "w"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void eightThreadsOnOneStorageClaimExactlyTheTargetWithUniqueNumbers() throws Exception {
        long studyId = study("race").id();
        int target = 200;

        List<Trial> claimed = runWorkers(8, target, worker -> storage, studyId);

        assertExactlyNumbered(target, claimed, storage.trials(studyId));
        assertIntegrityOk();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void twoStoragesOnTheSameFileNeverDuplicateANumber() throws Exception {
        // Two storages have separate connection pools, as two build processes on one file would.
        long studyId = study("shared").id();
        storage.enqueueTrial(studyId, Map.of("warm", 1L));
        try (StudyStorage second = StudyStorages.open(file().toString())) {
            assertEquals(studyId, second.openStudy("shared", "fp-1", DESCRIPTION, DIRECTIONS).id());
            int target = 150;

            List<Trial> claimed = runWorkers(8, target, worker -> worker % 2 == 0 ? storage : second, studyId);

            assertExactlyNumbered(target, claimed, second.trials(studyId));
            assertEquals(Map.of("warm", 1L), storage.trials(studyId).get(0).params());
        }
        assertIntegrityOk();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void storagesOpeningAFreshFileTogetherCreateTheSchemaOnce() throws Exception {
        Path fresh = dir.resolve("fresh/studies.db");
        int openers = 6;
        CyclicBarrier start = new CyclicBarrier(openers);
        ExecutorService pool = Executors.newFixedThreadPool(openers);
        try {
            List<Future<Long>> studyIds = new ArrayList<>();
            for (int i = 0; i < openers; i++) {
                studyIds.add(pool.submit(() -> {
                    start.await();
                    try (StudyStorage s = StudyStorages.open(fresh.toString())) {
                        return s.openStudy("iris", "fp-1", DESCRIPTION, DIRECTIONS).id();
                    }
                }));
            }
            long first = studyIds.get(0).get();
            for (Future<Long> id : studyIds) {
                assertEquals(first, id.get());
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fresh);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void theFileUsesWalAndTheCurrentSchemaVersion() throws SQLException {
        study("iris");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertEquals("wal", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
                rs.next();
                assertEquals(JdbcSchema.SCHEMA_VERSION, rs.getInt(1));
            }
        }
    }

    /**
     * A database written by the first release (schema version 1, no change sequence) is migrated on open, keeps its
     * trials, and from then on a second storage on it sees every change.
     */
    @Test
    void aVersion1DatabaseIsMigratedToTheCurrentSchemaAndKeepsItsTrials() throws SQLException {
        Path v1 = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + v1);
             Statement s = c.createStatement()) {
            // The DDL of schema version 1, as the first release created it.
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            s.execute("CREATE TABLE studies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, fingerprint TEXT NOT NULL, "
                    + "description TEXT, directions TEXT NOT NULL, created BIGINT NOT NULL)");
            s.execute("CREATE TABLE trials (id INTEGER PRIMARY KEY, "
                    + "study_id BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE, "
                    + "trial_number INTEGER NOT NULL, state TEXT NOT NULL, params_json TEXT, values_json TEXT, "
                    + "metrics_json TEXT, message TEXT, worker TEXT, started BIGINT, finished BIGINT, heartbeat BIGINT, "
                    + "UNIQUE (study_id, trial_number))");
            s.execute("CREATE INDEX trials_by_state ON trials (study_id, state, trial_number)");
            s.execute("CREATE TABLE intermediate ("
                    + "trial_id BIGINT NOT NULL REFERENCES trials (id) ON DELETE CASCADE, "
                    + "budget DOUBLE PRECISION NOT NULL, objective_value DOUBLE PRECISION, "
                    + "PRIMARY KEY (trial_id, budget))");
            s.execute("CREATE TABLE study_attributes ("
                    + "study_id BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE, "
                    + "attr_key TEXT NOT NULL, attr_value TEXT NOT NULL, PRIMARY KEY (study_id, attr_key))");
            s.execute("INSERT INTO schema_version (version) VALUES (1)");
            s.execute("INSERT INTO studies VALUES (1, 'iris', 'fp-1', '" + DESCRIPTION + "', '[\"MAXIMIZE\"]', 0)");
            s.execute("INSERT INTO trials (id, study_id, trial_number, state, params_json, values_json, metrics_json, "
                    + "worker, started, finished, heartbeat) VALUES "
                    + "(1, 1, 0, 'COMPLETE', '{\"eta\":0.1}', '[0.9]', '{\"accuracy\":0.9}', 'h/1/w', 1000, 2000, 2000), "
                    + "(2, 1, 1, 'RUNNING', '{\"eta\":0.2}', NULL, NULL, 'h/1/w', 3000, NULL, 3000)");
            s.execute("INSERT INTO intermediate VALUES (1, 0.5, 0.8), (1, 1.0, 0.9)");
        }

        try (StudyStorage writer = StudyStorages.open(v1.toString());
             StudyStorage other = StudyStorages.open(v1.toString())) {
            long studyId = writer.openStudy("iris", "fp-1", DESCRIPTION, DIRECTIONS).id();
            List<Trial> migrated = other.trials(studyId);
            assertEquals(2, migrated.size());
            assertEquals(TrialState.COMPLETE, migrated.get(0).state());
            assertEquals(Map.of("eta", 0.1), migrated.get(0).params());
            assertEquals(Map.of(0.5, 0.8, 1.0, 0.9), migrated.get(0).intermediate());
            assertEquals(List.of(0.9), migrated.get(0).values());
            assertEquals(TrialState.RUNNING, migrated.get(1).state());

            writer.reportAndFinishTrial(migrated.get(1).id(), 1.0, 0.7, TrialState.COMPLETE, List.of(0.7), Map.of(),
                    null);
            Trial added = writer.claimTrial(studyId, 10, "h/2/w").orElseThrow();
            List<Trial> after = other.trials(studyId);
            assertEquals(List.of(TrialState.COMPLETE, TrialState.COMPLETE, TrialState.RUNNING),
                    after.stream().map(Trial::state).toList());
            assertEquals(Map.of(1.0, 0.7), after.get(1).intermediate());
            assertEquals(added.id(), after.get(2).id());
            assertEquals(writer.trials(studyId), after);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + v1);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
            rs.next();
            assertEquals(JdbcSchema.SCHEMA_VERSION, rs.getInt(1));
            assertEquals(2, JdbcSchema.SCHEMA_VERSION);
        }
    }

    interface StoragePerWorker {
        StudyStorage storageOf(int worker);
    }

    /** Workers that claim and finish trials as fast as they can until the study's target is reached. */
    private List<Trial> runWorkers(int workers, int target, StoragePerWorker storages, long studyId) throws Exception {
        ConcurrentLinkedQueue<Trial> claimed = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                StudyStorage s = storages.storageOf(worker);
                done.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    Optional<Trial> next;
                    while ((next = s.claimTrial(studyId, target, "worker-" + worker)).isPresent()) {
                        Trial t = next.get();
                        claimed.add(t);
                        s.reportIntermediate(t.id(), 0.5, t.number());
                        s.finishTrial(t.id(), TrialState.COMPLETE, List.of((double) t.number()), Map.of(), null);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(claimed);
    }

    private static void assertExactlyNumbered(int target, List<Trial> claimed, List<Trial> stored) {
        assertEquals(target, claimed.size());
        assertEquals(target, claimed.stream().map(Trial::number).distinct().count(), "no number claimed twice");
        assertEquals(target, stored.size());
        for (int i = 0; i < target; i++) {
            Trial t = stored.get(i);
            assertEquals(i, t.number());
            assertEquals(TrialState.COMPLETE, t.state());
            assertEquals(List.of((double) i), t.values(), "each trial finished by its own claimer");
        }
    }

    private void assertIntegrityOk() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            assertTrue(rs.next());
            assertEquals("ok", rs.getString(1));
        }
    }
}
