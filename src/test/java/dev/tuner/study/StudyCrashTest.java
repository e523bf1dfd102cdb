package dev.tuner.study;

import dev.tuner.pruner.NopPruner;
import dev.tuner.sampler.RandomSampler;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real tuning processes ({@link TuningProcess}) on one SQLite study, killed the hard way (SIGKILL: no shutdown hook, no
 * finally block) or asked to stop (SIGTERM: the shutdown hook runs). What a CI machine that is taken away does.
 */
class StudyCrashTest {
    /** Kills; the issue asks for at least ten. */
    private static final int KILLS = 12;
    private static final int TARGET = 500;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void sigkillAtRandomMomentsLosesNoFinishedTrialAndRetriesTheInterruptedOnes() throws Exception {
        Path db = dir.resolve("studies.db");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String context = "seed " + seed;
        // Trials that a kill left RUNNING: number -> parameters at the kill (empty when not sampled yet).
        Map<Integer, String> interrupted = new HashMap<>();
        int retriedSeen = 0;
        long killedAtTotal = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            // From process start, so that some kills land in JVM start-up, schema creation or the requeue.
            long delay = 150 + random.nextInt(1350);
            Map<Integer, Row> before;
            try (ChildProcess child = new ChildProcess(TuningProcess.class, db.toString(), Integer.toString(TARGET), "2", "40")) {
                if (kill % 3 != 0) {
                    // Two kills in three wait until the child has claimed its share (requeued the dead one's trials)
                    // and finished a trial, so that back-to-back kills exercise the retry path however slowly a busy
                    // machine starts JVMs; the others land anywhere from process start.
                    long ready = System.nanoTime();
                    child.await(l -> l.startsWith("finished "), 30_000);
                    long extra = random.nextInt(200);
                    Thread.sleep(extra);
                    delay = (System.nanoTime() - ready) / 1_000_000 + extra;
                } else {
                    Thread.sleep(delay);
                }
                before = Files.exists(db) ? rows(db) : Map.of();
                child.process.destroyForcibly();
                child.waitFor(20);
                assertTrue(child.lines().stream().noneMatch(l -> l.equals("done")),
                        "the study finished before the kill (" + context + "): raise TARGET\n" + child.output());
                retriedSeen += child.lines().stream().filter(l -> l.startsWith("started "))
                        .mapToInt(l -> Integer.parseInt(l.substring(8))).sum();
            }
            killedAtTotal += delay;
            if (!Files.exists(db)) {
                continue; // killed before it created the database
            }
            assertEquals("ok", integrityCheck(db), "after kill " + kill + " (" + context + ")");
            Map<Integer, Row> after = rows(db);
            for (Row r : before.values()) {
                if (r.finished()) {
                    assertEquals(r, after.get(r.number), "finished trial #" + r.number + " survives kill " + kill
                            + " unchanged (" + context + ")");
                }
            }
            for (Row r : after.values()) {
                if (r.state.equals("RUNNING")) {
                    interrupted.merge(r.number, r.params, (old, now) -> now);
                }
            }
        }
        assertTrue(!interrupted.isEmpty(), "some kill interrupted a running trial (" + context + ")");
        assertTrue(retriedSeen > 0, "a rerun requeued a dead process's trials (" + context + ")");

        // The last run is not killed: it must finish the study, retrying every interrupted trial under its number.
        int finishedBeforeLastRun = (int) rows(db).values().stream().filter(Row::finished).count();
        try (ChildProcess child = new ChildProcess(TuningProcess.class, db.toString(), Integer.toString(TARGET), "2", "1")) {
            assertEquals(0, child.waitFor(60), child.output());
            assertTrue(child.lines().contains("done"), child.output());
        }
        assertEquals("ok", integrityCheck(db));
        Map<Integer, Row> end = rows(db);
        assertEquals(TARGET, end.size(), "exactly the target, no duplicate or lost number (" + context + ")");
        assertEquals(0, new TreeMap<>(end).firstKey());
        assertEquals(TARGET - 1, new TreeMap<>(end).lastKey());
        for (Row r : end.values()) {
            assertEquals("COMPLETE", r.state, "trial #" + r.number + " (" + context + ")");
        }
        for (Map.Entry<Integer, String> e : interrupted.entrySet()) {
            Row retried = end.get(e.getKey());
            assertNotNull(retried);
            if (!e.getValue().equals("{}")) {
                assertEquals(e.getValue(), retried.params, "trial #" + e.getKey() + " was retried with its parameters");
            }
        }
        System.out.printf("StudyCrashTest: %d SIGKILLs at %d ms on average after start; %d trials finished before "
                        + "the last run; %d trials interrupted and retried, %d requeued by reruns; %s%n", KILLS,
                killedAtTotal / KILLS, finishedBeforeLastRun, interrupted.size(), retriedSeen, context);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLiveProcesssTrialIsNotTakenAndSigtermPutsItBackAtOnce() throws Exception {
        Path db = dir.resolve("studies.db");
        java.util.concurrent.ExecutorService runner = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (ChildProcess other = new ChildProcess(TuningProcess.class, db.toString(), "2", "1", "60000")) {
            other.await(l -> l.startsWith("started"), 20_000);
            awaitRunning(db, other);
            Row taken = rows(db).get(0);

            // Another run on the same study while the other process works on trial #0: it runs #1, then waits, and
            // leaves #0 alone as long as its process lives.
            int[] requeued = {-1};
            java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
            AtomicInteger reclaimed = new AtomicInteger();
            StudyListener listener = new StudyListener() {
                @Override
                public void started(String studyName, int finishedBefore, int target, int requeuedHere) {
                    requeued[0] = requeuedHere;
                }

                @Override
                public void awaitingOthers(int running) {
                    waiting.countDown();
                }

                @Override
                public void reclaimed(int n) {
                    reclaimed.addAndGet(n);
                }
            };
            java.util.concurrent.Future<StudyResult> run = runner.submit(() -> {
                try (StudyStorage storage = StudyStorages.open(db.toString())) {
                    return new Study(TuningProcess.settings(2, 1), storage, new RandomSampler(), new NopPruner(),
                            TuningProcess.sleepingBowl(1), listener).optimize();
                }
            });
            assertTrue(waiting.await(30, TimeUnit.SECONDS), "the run waits for the other process's trial");
            assertEquals(0, requeued[0], "nothing requeued while its process lives");
            Row stillRunning = rows(db).get(0);
            assertEquals("RUNNING", stillRunning.state);
            assertEquals(taken, stillRunning, "trial #0 left to its live process");
            assertEquals("COMPLETE", rows(db).get(1).state);

            // SIGTERM: the shutdown hook puts the trial back to WAITING at once, and the waiting run retries it.
            long sigterm = System.nanoTime();
            // With kill(1) rather than Process.destroy(), which also closes our end of the child's output pipe.
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(other.process.pid())).start().waitFor());
            other.await(l -> l.equals("released 1"), 20_000);
            System.out.printf("StudyCrashTest: SIGTERM released the running trial in %.0f ms%n",
                    (System.nanoTime() - sigterm) / 1e6);
            other.waitFor(20);

            StudyResult result = run.get(30, TimeUnit.SECONDS);
            assertEquals(0, reclaimed.get(), "released by the signal, not found dead later");
            assertEquals(2, result.trials().size());
            assertEquals(2, result.ranHere());
            assertEquals(TrialState.COMPLETE, result.trials().get(0).state());
            assertEquals(taken.params, rows(db).get(0).params, "retried with the parameters it had");
        } finally {
            runner.shutdownNow();
        }
        assertEquals("ok", integrityCheck(db));
    }

    private static void awaitRunning(Path db, ChildProcess other) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            Row first = rows(db).get(0);
            if (first != null && first.state.equals("RUNNING") && !first.params.equals("{}")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the other process never ran trial #0:\n" + other.output());
    }

    record Row(int number, String state, String params, String values) {
        boolean finished() {
            return !state.equals("RUNNING") && !state.equals("WAITING");
        }
    }

    /** The trials as stored, read with plain SQL rather than through the storage under test. */
    static Map<Integer, Row> rows(Path db) throws SQLException {
        Map<Integer, Row> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            if (!hasTrials(s)) {
                return rows;
            }
            try (ResultSet rs = s.executeQuery("SELECT trial_number, state, params_json, values_json FROM trials")) {
                while (rs.next()) {
                    Row r = new Row(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4));
                    assertTrue(rows.put(r.number, r) == null, "duplicate trial number " + r.number);
                }
            }
        }
        return rows;
    }

    private static boolean hasTrials(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'trials'")) {
            return rs.next();
        }
    }

    static String integrityCheck(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            Set<String> results = new HashSet<>();
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    results.add(rs.getString(1));
                }
            }
            return String.join("; ", results);
        }
    }
}
