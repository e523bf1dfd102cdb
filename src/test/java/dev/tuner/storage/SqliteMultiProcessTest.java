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
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real processes and foreign connections on one SQLite file: what two builds sharing a study do. */
class SqliteMultiProcessTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoProcessesAndThisOneClaimDisjointNumbersUpToTheTarget() throws Exception {
        Path file = dir.resolve("studies.db");
        int target = 120;
        try (ClaimingProcesses children = new ClaimingProcesses(file.toString(), "shared", target, 2, "process",
                dir.resolve("start"));
             StudyStorage storage = StudyStorages.open(file.toString())) {
            long studyId = storage.openStudy("shared", "fp-1", StudyStorageContractTest.DESCRIPTION,
                    StudyStorageContractTest.DIRECTIONS).id();
            children.start(30);

            List<Integer> claimedHere = new ArrayList<>();
            Optional<Trial> next;
            while ((next = storage.claimTrial(studyId, target, "test")).isPresent()) {
                Trial t = next.get();
                claimedHere.add(t.number());
                storage.finishTrial(t.id(), TrialState.COMPLETE, List.of((double) t.number()), Map.of(), null);
                Thread.sleep(1);
            }

            List<List<Integer>> claimed = new ArrayList<>(children.claimed(30));
            claimed.add(claimedHere);
            ClaimingProcesses.assertDisjointAndComplete(claimed, target, storage.trials(studyId));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertEquals("ok", rs.getString(1));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aClaimWaitsForAnotherConnectionsWriteTransactionInsteadOfFailing() throws Exception {
        Path file = dir.resolve("studies.db");
        try (StudyStorage storage = StudyStorages.open(file.toString());
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement otherStatement = other.createStatement()) {
            long studyId = storage.openStudy("iris", "fp", "{}", StudyStorageContractTest.DIRECTIONS).id();

            otherStatement.execute("BEGIN IMMEDIATE");
            long start = System.nanoTime();
            CompletableFuture<Optional<Trial>> claim = CompletableFuture.supplyAsync(() -> storage.claimTrial(studyId, 5, "w"));
            Thread.sleep(400);
            assertTrue(!claim.isDone(), "the claim waits while another process holds the write lock");
            // A read is not blocked by the writer (WAL).
            assertEquals(List.of(), storage.trials(studyId));
            otherStatement.execute("COMMIT");

            assertEquals(0, claim.get(10, TimeUnit.SECONDS).orElseThrow().number());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(400));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aBusyDatabaseIsRetriedWholeUntilTheOtherWriterIsDone() throws Exception {
        // Without a busy timeout SQLite fails BEGIN IMMEDIATE at once, so only the storage's own retry can succeed.
        Path file = dir.resolve("studies.db");
        try (StudyStorage storage = new JdbcStudyStorage(new SqliteDialect(false, 0), "jdbc:sqlite:" + file,
                file.toString(), Clock.systemUTC());
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement otherStatement = other.createStatement()) {
            long studyId = storage.openStudy("iris", "fp", "{}", StudyStorageContractTest.DIRECTIONS).id();

            otherStatement.execute("BEGIN IMMEDIATE");
            CompletableFuture<Optional<Trial>> claim = CompletableFuture.supplyAsync(() -> storage.claimTrial(studyId, 5, "w"));
            Thread.sleep(150);
            otherStatement.execute("COMMIT");

            assertEquals(0, claim.get(10, TimeUnit.SECONDS).orElseThrow().number());
            assertEquals(1, storage.trials(studyId).size());
        }
    }
}
