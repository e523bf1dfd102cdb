package dev.tuner.storage;

import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Opening locations, and the messages a user gets when a location cannot hold a study database. */
class StudyStoragesTest {
    @TempDir
    Path dir;

    @Test
    void aPlainPathCreatesTheParentDirectoriesAndAnSqliteFile() {
        Path file = dir.resolve("project/.tuner/studies.db");
        try (JdbcStudyStorage storage = StudyStorages.open(file.toString())) {
            storage.openStudy("iris", "fp", "{}", StudyStorageContractTest.DIRECTIONS);
            assertEquals(file.toAbsolutePath().toString(), storage.location());
        }
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void aJdbcSqliteUrlIsUsedAsIs() {
        Path file = dir.resolve("via-url/studies.db");
        try (StudyStorage storage = StudyStorages.open("jdbc:sqlite:" + file)) {
            storage.openStudy("iris", "fp", "{}", StudyStorageContractTest.DIRECTIONS);
        }
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void anInMemorySqliteUrlWorksOnItsSingleConnection() {
        try (StudyStorage storage = StudyStorages.open("jdbc:sqlite::memory:")) {
            long studyId = storage.openStudy("iris", "fp", "{}", StudyStorageContractTest.DIRECTIONS).id();
            long trialId = storage.claimTrial(studyId, 1, "w").orElseThrow().id();
            storage.finishTrial(trialId, TrialState.COMPLETE, List.of(1.0), Map.of(), null);
            assertEquals(TrialState.COMPLETE, storage.trials(studyId).get(0).state());
        }
    }

    @Test
    void aNewerSchemaVersionIsRefusedWithBothVersions() throws SQLException {
        Path file = dir.resolve("studies.db");
        StudyStorages.open(file.toString()).close();
        execute(file, "UPDATE schema_version SET version = 7");

        StorageException e = assertThrows(StorageException.class, () -> StudyStorages.open(file.toString()));

        assertEquals(file.toAbsolutePath() + ": study database has schema version 7, newer than this plugin understands ("
                + JdbcSchema.SCHEMA_VERSION + "); use a newer tuner-maven-plugin", e.getMessage());
    }

    @Test
    void randomBytesAreNotAStudyDatabase() throws Exception {
        Path file = dir.resolve("garbage.db");
        byte[] bytes = new byte[8192];
        new Random(42).nextBytes(bytes);
        Files.write(file, bytes);

        String message = assertThrows(StorageException.class, () -> StudyStorages.open(file.toString())).getMessage();

        assertTrue(message.startsWith(file.toAbsolutePath() + ": not a study database"), message);
        assertTrue(message.contains("corrupted"), message);
        assertEquals(8192, Files.size(file), "the file is left as it was");
    }

    @Test
    void aSmallTextFileIsNotAStudyDatabase() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "these are my notes, not a database\n");

        String message = assertThrows(StorageException.class, () -> StudyStorages.open(file.toString())).getMessage();

        assertTrue(message.startsWith(file.toAbsolutePath() + ": not a study database"), message);
    }

    @Test
    void anotherApplicationsSqliteDatabaseIsRefused() throws SQLException {
        Path file = dir.resolve("app.db");
        execute(file, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");

        String message = assertThrows(StorageException.class, () -> StudyStorages.open(file.toString())).getMessage();

        assertTrue(message.startsWith(file.toAbsolutePath() + ": not a study database"), message);
        assertTrue(message.contains("customers"), message);
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsNamed() throws Exception {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where a directory should be");
        Path file = blocker.resolve("sub/studies.db");

        String message = assertThrows(StorageException.class, () -> StudyStorages.open(file.toString())).getMessage();

        assertTrue(message.startsWith(file.toAbsolutePath().toString()), message);
        assertTrue(message.contains("cannot create the directory " + blocker.resolve("sub").toAbsolutePath()), message);
    }

    @Test
    void aDirectoryIsNotADatabaseFile() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> StudyStorages.open(dir.toString()));

        assertEquals(Setting.of("storage"), e.setting());
        assertEquals(dir.toAbsolutePath().toString(), e.value());
        assertTrue(e.problem().startsWith("is a directory"), e.problem());
    }

    @Test
    void aReadOnlyFileIsNamed() throws Exception {
        Path file = dir.resolve("studies.db");
        StudyStorages.open(file.toString()).close();
        assertTrue(file.toFile().setWritable(false, false));
        try {
            // Root writes to read-only files anyway; the check below then has nothing to report.
            assumeFalse(Files.isWritable(file), "running as a user that can write read-only files");

            String message = assertThrows(StorageException.class, () -> StudyStorages.open(file.toString())).getMessage();

            assertTrue(message.startsWith(file.toAbsolutePath() + ": the study database is read-only"), message);
        } finally {
            file.toFile().setWritable(true, false);
        }
    }

    @Test
    void aDatabaseOpenedReadOnlyReportsThatItCannotBeWritten() throws Exception {
        // Reaches SQLite's own SQLITE_READONLY, which no file-permission check can foresee and root cannot bypass.
        Path file = dir.resolve("studies.db");
        StudyStorages.open(file.toString()).close();
        String url = "jdbc:sqlite:file:" + file + "?mode=ro";

        String message = assertThrows(StorageException.class, () -> StudyStorages.open(url)).getMessage();

        assertTrue(message.startsWith(url + ": the study database cannot be written"), message);
    }

    @Test
    void anUnreachablePostgresServerIsNamedWithoutThePassword() {
        // The driver ships with the plugin; port 1 on loopback has no server, so the connection is refused at once.
        String message = assertThrows(StorageException.class, () -> StudyStorages.open(
                "jdbc:postgresql://127.0.0.1:1/tuner?user=ci&password=secret&connectTimeout=2")).getMessage();

        assertTrue(message.startsWith("jdbc:postgresql://127.0.0.1:1/tuner: cannot connect to the study database"), message);
        assertFalse(message.contains("secret"), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void otherJdbcUrlsAndBlankLocationsAreRefused() {
        assertTrue(assertThrows(InvalidSettingException.class, () -> StudyStorages.open("jdbc:mysql://localhost/tuner"))
                .problem().contains("unsupported"));
        assertEquals(Setting.of("storage"), assertThrows(InvalidSettingException.class, () -> StudyStorages.open("  "))
                .setting());
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
