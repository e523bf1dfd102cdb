package dev.tuner.storage;

import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        Path startFile = dir.resolve("start");
        int target = 120;
        List<Process> processes = new ArrayList<>();
        List<ProcessOutput> outputs = new ArrayList<>();
        try {
            for (int p = 0; p < 2; p++) {
                Process process = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                        ClaimingProcess.class.getName(), file.toString(), "shared", Integer.toString(target),
                        "process-" + p, startFile.toString()).redirectErrorStream(true).start();
                processes.add(process);
                outputs.add(new ProcessOutput(process));
            }
            try (StudyStorage storage = StudyStorages.open(file.toString())) {
                long studyId = storage.openStudy("shared", "fp-1", StudyStorageContractTest.DESCRIPTION,
                        StudyStorageContractTest.DIRECTIONS).id();
                for (ProcessOutput output : outputs) {
                    output.ready.get(30, TimeUnit.SECONDS);
                }
                Files.createFile(startFile);

                List<Integer> claimedHere = new ArrayList<>();
                Optional<Trial> next;
                while ((next = storage.claimTrial(studyId, target, "test")).isPresent()) {
                    Trial t = next.get();
                    claimedHere.add(t.number());
                    storage.finishTrial(t.id(), TrialState.COMPLETE, List.of((double) t.number()), Map.of(), null);
                    Thread.sleep(1);
                }

                List<Integer> claimed = new ArrayList<>(claimedHere);
                int participants = claimedHere.isEmpty() ? 0 : 1;
                for (int p = 0; p < processes.size(); p++) {
                    assertTrue(processes.get(p).waitFor(30, TimeUnit.SECONDS), "process " + p + " finished");
                    String text = outputs.get(p).text.get(5, TimeUnit.SECONDS);
                    assertEquals(0, processes.get(p).exitValue(), text);
                    List<Integer> numbers = text.lines().filter(l -> l.matches("\\d+")).map(Integer::parseInt).toList();
                    participants += numbers.isEmpty() ? 0 : 1;
                    claimed.addAll(numbers);
                }

                assertTrue(participants >= 2, "the processes really raced (" + participants + " claimed trials)");
                assertEquals(target, claimed.size(), "claims in all processes");
                assertEquals(target, claimed.stream().distinct().count(), "no number claimed twice");
                List<Trial> trials = storage.trials(studyId);
                assertEquals(target, trials.size());
                for (int i = 0; i < target; i++) {
                    assertEquals(i, trials.get(i).number());
                    assertEquals(TrialState.COMPLETE, trials.get(i).state());
                    assertEquals(List.of((double) i), trials.get(i).values());
                }
            }
        } finally {
            processes.forEach(Process::destroy);
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

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A child's output, read as it comes so that "ready" is seen while the child still runs. */
    private static final class ProcessOutput {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<String> text = new CompletableFuture<>();

        ProcessOutput(Process process) {
            Thread reader = new Thread(() -> {
                StringBuilder all = new StringBuilder();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        all.append(line).append('\n');
                        if (line.equals("ready")) {
                            ready.complete(null);
                        }
                    }
                } catch (IOException e) {
                    all.append(e);
                }
                ready.completeExceptionally(new IllegalStateException("the process ended before it was ready:\n" + all));
                text.complete(all.toString());
            }, "output of " + process.pid());
            reader.setDaemon(true);
            reader.start();
        }
    }
}
