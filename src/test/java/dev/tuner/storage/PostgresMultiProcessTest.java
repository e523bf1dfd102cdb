package dev.tuner.storage;

import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
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
        Path startFile = dir.resolve("start");
        try (StudyStorage storage = StudyStorages.open(url)) {
            long studyId = storage.openStudy("shared", "fp-1", StudyStorageContractTest.DESCRIPTION,
                    StudyStorageContractTest.DIRECTIONS).id();
            List<Process> processes = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            try {
                for (int p = 0; p < workers; p++) {
                    Path out = dir.resolve("out-" + p);
                    outputs.add(out);
                    processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-cp", System.getProperty("java.class.path"), ClaimingProcess.class.getName(), url, "shared",
                            Integer.toString(target), "machine-" + p, startFile.toString())
                            .redirectErrorStream(true).redirectOutput(out.toFile()).start());
                }
                for (Path out : outputs) {
                    long deadline = System.currentTimeMillis() + 60_000;
                    while (!(Files.exists(out) && Files.readString(out).lines().anyMatch("ready"::equals))) {
                        assertTrue(System.currentTimeMillis() < deadline, "a worker never got ready");
                        Thread.sleep(20);
                    }
                }
                long start = System.nanoTime();
                Files.createFile(startFile);
                List<Integer> claimed = new ArrayList<>();
                int participants = 0;
                for (int p = 0; p < workers; p++) {
                    assertTrue(processes.get(p).waitFor(60, TimeUnit.SECONDS), "worker " + p + " finished");
                    String text = Files.readString(outputs.get(p), StandardCharsets.UTF_8);
                    assertEquals(0, processes.get(p).exitValue(), text);
                    List<Integer> numbers = text.lines().filter(l -> l.matches("\\d+")).map(Integer::parseInt).toList();
                    participants += numbers.isEmpty() ? 0 : 1;
                    claimed.addAll(numbers);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(participants >= 2, "the workers really raced (" + participants + " claimed trials)");
                assertEquals(target, claimed.size());
                assertEquals(target, claimed.stream().distinct().count(), "no number claimed twice");
                List<Trial> trials = storage.trials(studyId);
                assertEquals(target, trials.size());
                for (int i = 0; i < target; i++) {
                    assertEquals(i, trials.get(i).number());
                    assertEquals(TrialState.COMPLETE, trials.get(i).state());
                }
                System.out.printf("PostgresMultiProcessTest: %d processes, %d claim+finish pairs in %.2f s "
                        + "(%.0f claims/s, %d processes took part)%n", workers, target, seconds, target / seconds, participants);
            } finally {
                processes.forEach(Process::destroyForcibly);
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
