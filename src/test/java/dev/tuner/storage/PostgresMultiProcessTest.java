package dev.tuner.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What several machines sharing one study on a PostgreSQL server do, as processes on this machine. */
class PostgresMultiProcessTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void fourProcessesClaimDisjointNumbersUpToTheTarget() throws Exception {
        String url = TestPostgres.freshSchemaUrl();
        int target = 200;
        int workers = 4;
        try (StudyStorage storage = StudyStorages.open(url)) {
            long studyId = storage.openStudy("shared", "fp-1", StudyStorageContractTest.DESCRIPTION,
                    StudyStorageContractTest.DIRECTIONS).id();
            try (ClaimingProcesses children = new ClaimingProcesses(url, "shared", target, workers, "machine",
                    dir.resolve("start"))) {
                children.start(60);
                long start = System.nanoTime();
                List<List<Integer>> claimed = children.claimed(60);
                double seconds = (System.nanoTime() - start) / 1e9;
                ClaimingProcesses.assertDisjointAndComplete(claimed, target, storage.trials(studyId));
                System.out.printf("PostgresMultiProcessTest: %d processes, %d claim+finish pairs in %.2f s "
                        + "(%.0f claims/s)%n", workers, target, seconds, target / seconds);
            }
        }
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefusedWithBothVersions() throws Exception {
        String url = TestPostgres.freshSchemaUrl();
        StudyStorages.open(url).close();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("UPDATE schema_version SET version = 99");
        }
        StorageException e = assertThrows(StorageException.class, () -> StudyStorages.open(url));
        assertEquals(url.substring(0, url.indexOf('?')) + ": study database has schema version 99, newer than this "
                + "plugin understands (" + JdbcSchema.SCHEMA_VERSION + "); use a newer tuner-maven-plugin", e.getMessage());
    }
}
