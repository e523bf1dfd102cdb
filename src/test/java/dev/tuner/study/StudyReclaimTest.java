package dev.tuner.study;

import dev.tuner.pruner.NopPruner;
import dev.tuner.sampler.RandomSampler;
import dev.tuner.storage.StudyRecord;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;
import dev.tuner.storage.TestPostgres;
import dev.tuner.trial.ParamValues;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two workers on one study, one killed with SIGKILL in the middle of a trial: the survivor notices while it runs,
 * retries the dead worker's trial under its number and parameters, and ends with the target reached exactly.
 */
class StudyReclaimTest {
    private static final int TARGET = 6;
    /** The victim's evaluations never end before the kill; the survivor's take a moment, so the two overlap. */
    private static final String VICTIM_EVAL_MILLIS = "600000";
    private static final long SURVIVOR_EVAL_MILLIS = 100;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theSurvivorRetriesAKilledWorkersTrialAndReachesTheTargetExactly(String database) throws Exception {
        String storage = database.equals("sqlite") ? dir.resolve("studies.db").toString()
                : TestPostgres.freshSchemaUrl();
        ExecutorService survivorThread = Executors.newSingleThreadExecutor();
        try (ChildProcess victim = new ChildProcess(TuningProcess.class, storage, Integer.toString(TARGET), "1",
                VICTIM_EVAL_MILLIS)) {
            victim.await(l -> l.startsWith("started"), 60_000);
            Trial victims = awaitRunningTrialOf(storage, victim);

            AtomicInteger requeuedAtStart = new AtomicInteger(-1);
            AtomicInteger reclaimed = new AtomicInteger();
            AtomicInteger finishedHere = new AtomicInteger();
            StudyListener listener = new StudyListener() {
                @Override
                public void started(String studyName, int finishedBefore, int target, int requeued) {
                    requeuedAtStart.set(requeued);
                }

                @Override
                public void trialFinished(Trial trial, StudyProgress progress) {
                    finishedHere.incrementAndGet();
                }

                @Override
                public void reclaimed(int n) {
                    reclaimed.addAndGet(n);
                }
            };
            Future<StudyResult> survivor = survivorThread.submit(() -> {
                try (StudyStorage s = StudyStorages.open(storage)) {
                    return new Study(TuningProcess.settings(TARGET, 1), s, new RandomSampler(), new NopPruner(),
                            TuningProcess.sleepingBowl(SURVIVOR_EVAL_MILLIS), listener).optimize();
                }
            });
            // The victim dies while the survivor is at work, not before it started.
            long deadline = System.currentTimeMillis() + 60_000;
            while (finishedHere.get() == 0 && System.currentTimeMillis() < deadline && !survivor.isDone()) {
                Thread.sleep(20);
            }
            victim.process.destroyForcibly();
            victim.waitFor(20);

            StudyResult result = survivor.get(90, TimeUnit.SECONDS);
            assertEquals(0, requeuedAtStart.get(), "the victim was alive when the survivor started");
            assertEquals(TARGET, result.trials().size(), "no trial number beyond the target");
            for (int i = 0; i < TARGET; i++) {
                Trial t = result.trials().get(i);
                assertEquals(i, t.number());
                assertEquals(TrialState.COMPLETE, t.state(), "trial #" + i + ": " + t.message());
            }
            assertEquals(1, reclaimed.get(), "the killed worker's trial was reclaimed while the survivor ran");
            Trial retried = result.trials().get(victims.number());
            assertTrue(ParamValues.same(victims.params(), retried.params()),
                    "retried with its parameters: " + victims.params() + " then " + retried.params());
            assertTrue(retried.worker().contains("/" + ProcessHandle.current().pid() + "/"), retried.worker());
        } finally {
            survivorThread.shutdownNow();
        }
    }

    @org.junit.jupiter.api.Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSuspendedWorkersTrialIsNeitherTakenNorAwaitedForEver() throws Exception {
        String storage = dir.resolve("studies.db").toString();
        // Longer than the heartbeat interval, so that a worker that beats is never taken for a silent one.
        java.time.Duration staleAfter = Study.HEARTBEAT.multipliedBy(2);
        try (ChildProcess suspended = new ChildProcess(TuningProcess.class, storage, "3", "1", VICTIM_EVAL_MILLIS)) {
            suspended.await(l -> l.startsWith("started"), 60_000);
            Trial held = awaitRunningTrialOf(storage, suspended);
            // SIGSTOP: the process lives on (its trial must not be taken) but neither works nor beats.
            assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(suspended.process.pid())).start().waitFor());
            try (StudyStorage s = StudyStorages.open(storage)) {
                StudyResult result = new Study(TuningProcess.settings(3, 1), s, new RandomSampler(), new NopPruner(),
                        TuningProcess.sleepingBowl(1), null).staleAfter(staleAfter).optimize();
                Trial still = result.trials().get(held.number());
                assertEquals(TrialState.RUNNING, still.state(), "a live process's trial is not taken");
                assertEquals(held.worker(), still.worker());
                assertEquals(2, result.count(TrialState.COMPLETE), "the rest of the study ran here");
            } finally {
                new ProcessBuilder("kill", "-CONT", Long.toString(suspended.process.pid())).start().waitFor();
            }
        }
    }

    /** The victim's running trial, once it has its parameters. */
    private static Trial awaitRunningTrialOf(String storage, ChildProcess victim) throws Exception {
        String pid = "/" + victim.process.pid() + "/";
        long deadline = System.currentTimeMillis() + 60_000;
        try (StudyStorage s = StudyStorages.open(storage)) {
            while (System.currentTimeMillis() < deadline) {
                Optional<StudyRecord> study = s.findStudy(TuningProcess.STUDY);
                if (study.isPresent()) {
                    List<Trial> running = s.trials(study.get().id()).stream()
                            .filter(t -> t.state() == TrialState.RUNNING && t.worker().contains(pid)
                                    && !t.params().isEmpty()).toList();
                    if (!running.isEmpty()) {
                        return running.get(0);
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the victim never ran a trial:\n" + victim.output());
    }
}
