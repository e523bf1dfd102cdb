package dev.tuner.storage;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link StudyStorage} promises; each implementation runs it through a subclass, so the
 * in-memory storage that tests of other layers use cannot drift from the database.
 */
abstract class StudyStorageContractTest {
    static final String DESCRIPTION = "{\"data\":\"sha256:ab12\",\"trainer\":\"xgboost\","
            + "\"searchSpace\":{\"eta\":\"log(0.01, 0.3)\"},\"objectives\":[\"accuracy:max\"],\"folds\":2}";
    static final List<Direction> DIRECTIONS = List.of(Direction.MAXIMIZE);

    StudyStorage storage;

    /** A fresh, empty storage. */
    abstract StudyStorage newStorage() throws Exception;

    /** How the storage's messages name it. */
    abstract String location();

    @BeforeEach
    void openStorage() throws Exception {
        storage = newStorage();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    /**
     * A second storage on the same database, as another process would open it, or null where nothing can share the
     * database (in memory).
     */
    StudyStorage sameDatabase() throws Exception {
        return null;
    }

    StudyRecord study(String name) {
        return storage.openStudy(name, "fp-1", DESCRIPTION, DIRECTIONS);
    }

    @Test
    void openStudyCreatesOnceAndReturnsTheSameRecordAfterwards() {
        StudyRecord created = study("iris");
        assertEquals("iris", created.name());
        assertEquals("fp-1", created.fingerprint());
        assertEquals(DESCRIPTION, created.description());
        assertEquals(DIRECTIONS, created.directions());

        StudyRecord reopened = storage.openStudy("iris", "fp-1", DESCRIPTION, DIRECTIONS);
        assertEquals(created, reopened);

        StudyRecord other = storage.openStudy("wine", "fp-2", "{}", List.of(Direction.MINIMIZE, Direction.MAXIMIZE));
        assertTrue(other.id() != created.id());
        assertEquals(List.of(Direction.MINIMIZE, Direction.MAXIMIZE), other.directions());
    }

    /** The description of study() with a wider eta range and 5 folds. */
    private static final String CHANGED = "{\"data\":\"sha256:ab12\",\"trainer\":\"xgboost\","
            + "\"searchSpace\":{\"eta\":\"log(0.001, 0.3)\"},\"objectives\":[\"accuracy:max\"],\"folds\":5}";

    @Test
    void aDifferentFingerprintIsRefusedWithTheChangedKeysNamed() {
        study("iris");

        StudyMismatchException e = assertThrows(StudyMismatchException.class,
                () -> storage.openStudy("iris", "fp-2", CHANGED, DIRECTIONS));

        assertEquals("study 'iris' in " + location() + " was created with a different configuration "
                + "(changed: <searchSpace><eta>: log(0.01, 0.3) -> log(0.001, 0.3); <folds>: 2 -> 5); set another"
                + " <study> name (and <carryTrialsFrom>iris</carryTrialsFrom> to keep the trials that fit) or delete"
                + " the study (tuner:studies -Dtuner.delete=iris)", e.getMessage());
    }

    /** A stage's study takes no <carryTrialsFrom>, so the message offers only a new name or deleting it. */
    @Test
    void aStagesStudyIsNotOfferedCarryTrialsFrom() {
        study("iris:coarse");
        StudyMismatchException e = assertThrows(StudyMismatchException.class,
                () -> storage.openStudy("iris:coarse", "fp-2", CHANGED, DIRECTIONS));
        assertTrue(e.getMessage().endsWith("set another <study> name or delete the study (tuner:studies"
                + " -Dtuner.delete=iris:coarse)"), e.getMessage());
    }

    @Test
    void aMismatchNamesAddedAndRemovedKeysAndSurvivesNonJsonDescriptions() {
        study("iris");
        String message = assertThrows(StudyMismatchException.class, () -> storage.openStudy("iris", "fp-2",
                "{\"data\":\"sha256:ab12\",\"trainer\":\"xgboost\",\"searchSpace\":{\"eta\":\"log(0.01, 0.3)\"},"
                        + "\"objectives\":[\"accuracy:max\"],\"budgets\":[0.1,1.0]}", DIRECTIONS)).getMessage();
        assertTrue(message.contains("(changed: <folds>: 2 -> (none); <budgets>: (none) -> [0.1,1.0])"), message);

        String unparsable = assertThrows(StudyMismatchException.class,
                () -> storage.openStudy("iris", "fp-3", "not json", DIRECTIONS)).getMessage();
        assertTrue(unparsable.contains("study 'iris'") && unparsable.contains("cannot be compared"), unparsable);
    }

    @Test
    void claimsNewTrialsUpToTheTargetThenNothing() {
        long studyId = study("iris").id();

        List<Trial> claimed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            claimed.add(storage.claimTrial(studyId, 3, "host:1:worker-" + i).orElseThrow());
        }
        assertEquals(List.of(0, 1, 2), claimed.stream().map(Trial::number).toList());
        for (Trial t : claimed) {
            assertEquals(TrialState.RUNNING, t.state());
            assertNotNull(t.started());
            assertNull(t.finished());
            assertTrue(t.params().isEmpty());
        }
        assertEquals("host:1:worker-2", claimed.get(2).worker());
        assertEquals(Optional.empty(), storage.claimTrial(studyId, 3, "late"));

        // Finished trials still count: the target is finished plus running, whoever ran them.
        storage.finishTrial(claimed.get(0).id(), TrialState.FAILED, List.of(), Map.of(), "boom");
        assertEquals(Optional.empty(), storage.claimTrial(studyId, 3, "late"));
        assertEquals(3, storage.claimTrial(studyId, 4, "late").orElseThrow().number());
    }

    @Test
    void waitingTrialsAreClaimedFirstLowestNumberFirstEvenAtTheTarget() {
        long studyId = study("iris").id();
        storage.claimTrial(studyId, 10, "w");
        Trial first = storage.enqueueTrial(studyId, Map.of("eta", 0.1));
        Trial second = storage.enqueueTrial(studyId, Map.of("eta", 0.2));
        assertEquals(TrialState.WAITING, first.state());
        assertEquals(1, first.number());
        assertEquals(2, second.number());
        assertNull(first.started());

        Trial claimed = storage.claimTrial(studyId, 1, "w2").orElseThrow();
        assertEquals(1, claimed.number());
        assertEquals(TrialState.RUNNING, claimed.state());
        assertEquals(Map.of("eta", 0.1), claimed.params());
        assertEquals("w2", claimed.worker());
        assertNotNull(claimed.started());

        assertEquals(2, storage.claimTrial(studyId, 1, "w3").orElseThrow().number());
        assertEquals(Optional.empty(), storage.claimTrial(studyId, 1, "w4"));
    }

    @Test
    void numbersArePerStudy() {
        long a = study("a").id();
        long b = study("b").id();
        assertEquals(0, storage.claimTrial(a, 5, "w").orElseThrow().number());
        assertEquals(1, storage.claimTrial(a, 5, "w").orElseThrow().number());
        assertEquals(0, storage.claimTrial(b, 5, "w").orElseThrow().number());
        assertEquals(2, storage.trials(a).size());
        assertEquals(1, storage.trials(b).size());
    }

    @Test
    void requeueReturnsDeadRunningTrialsToWaitingWithoutTheirIntermediateValues() {
        long studyId = study("iris").id();
        Trial dead = storage.claimTrial(studyId, 10, "host:7:dead").orElseThrow();
        Trial alive = storage.claimTrial(studyId, 10, "host:8:alive").orElseThrow();
        Trial finished = storage.claimTrial(studyId, 10, "host:7:dead").orElseThrow();
        storage.setParams(dead.id(), Map.of("eta", 0.05, "maxDepth", 4L));
        storage.reportIntermediate(dead.id(), 0.2, 0.81);
        storage.finishTrial(finished.id(), TrialState.COMPLETE, List.of(0.9), Map.of("accuracy", 0.9), null);

        int requeued = storage.requeueAbandonedTrials(studyId, t -> t.worker().endsWith(":dead"));

        assertEquals(1, requeued);
        List<Trial> trials = storage.trials(studyId);
        Trial retried = trials.get(0);
        assertEquals(TrialState.WAITING, retried.state());
        assertEquals(0, retried.number());
        assertEquals(Map.of("eta", 0.05, "maxDepth", 4L), retried.params());
        assertTrue(retried.intermediate().isEmpty());
        assertNull(retried.worker());
        assertNull(retried.started());
        assertEquals("retried: host:7:dead stopped", retried.message());
        assertEquals(TrialState.RUNNING, trials.get(1).state());
        assertEquals(TrialState.COMPLETE, trials.get(2).state());

        Trial reclaimed = storage.claimTrial(studyId, 3, "host:9:new").orElseThrow();
        assertEquals(dead.id(), reclaimed.id());
        assertEquals(Map.of("eta", 0.05, "maxDepth", 4L), reclaimed.params());
        assertEquals(alive.id(), storage.trials(studyId).get(1).id());
    }

    @Test
    void requeueLeavesATrialThatFinishedWhileThePredicateRan() {
        long studyId = study("iris").id();
        Trial trial = storage.claimTrial(studyId, 10, "slow").orElseThrow();

        int requeued = storage.requeueAbandonedTrials(studyId, t -> {
            // The worker was alive after all and finished between the listing and the judgement.
            storage.finishTrial(t.id(), TrialState.COMPLETE, List.of(0.5), Map.of(), null);
            return true;
        });

        assertEquals(0, requeued);
        assertEquals(TrialState.COMPLETE, storage.trials(studyId).get(0).state());
        assertEquals(trial.id(), storage.trials(studyId).get(0).id());
    }

    @Test
    void intermediateValuesAreKeptPerBudgetInBudgetOrderAndOverwritten() {
        long studyId = study("iris").id();
        Trial trial = storage.claimTrial(studyId, 10, "w").orElseThrow();
        storage.reportIntermediate(trial.id(), 1.0, 0.7);
        storage.reportIntermediate(trial.id(), 0.05, 0.4);
        storage.reportIntermediate(trial.id(), 0.2, 0.5);
        storage.reportIntermediate(trial.id(), 0.2, 0.6);
        storage.reportIntermediate(trial.id(), 0.5, Double.NaN);

        Trial read = storage.trials(studyId).get(0);
        TreeMap<Double, Double> expected = new TreeMap<>(Map.of(0.05, 0.4, 0.2, 0.6, 0.5, Double.NaN, 1.0, 0.7));
        assertEquals(expected, read.intermediate());
        assertEquals(List.of(0.05, 0.2, 0.5, 1.0), new ArrayList<>(read.intermediate().keySet()));
        assertEquals(1.0, read.lastBudget());
        assertThrows(IllegalArgumentException.class, () -> storage.reportIntermediate(trial.id(), 0.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> storage.reportIntermediate(trial.id(), Double.NaN, 1.0));
    }

    @Test
    void finishingRecordsStateValuesMetricsMessageAndTime() {
        long studyId = study("iris").id();
        Trial trial = storage.claimTrial(studyId, 10, "w").orElseThrow();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", 0.93);
        metrics.put("model-size", 12345.0);

        storage.finishTrial(trial.id(), TrialState.PRUNED, List.of(0.93, 12345.0), metrics, "pruned at budget 0.2");

        Trial read = storage.trials(studyId).get(0);
        assertEquals(TrialState.PRUNED, read.state());
        assertEquals(List.of(0.93, 12345.0), read.values());
        assertEquals(metrics, read.metrics());
        assertEquals(List.of("accuracy", "model-size"), new ArrayList<>(read.metrics().keySet()));
        assertEquals("pruned at budget 0.2", read.message());
        assertNotNull(read.finished());
        assertFalse(read.finished().isBefore(read.started()));
        assertFalse(Double.isNaN(read.seconds()));
        assertThrows(IllegalArgumentException.class,
                () -> storage.finishTrial(trial.id(), TrialState.RUNNING, List.of(), Map.of(), null));
    }

    @Test
    void nanAndInfinitiesRoundTripInValuesAndMetrics() {
        long studyId = study("iris").id();
        Trial trial = storage.claimTrial(studyId, 10, "w").orElseThrow();
        List<Double> values = List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1.5, 4.9e-324);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("log-loss", Double.NaN);
        metrics.put("rmse", Double.POSITIVE_INFINITY);
        metrics.put("r2", Double.NEGATIVE_INFINITY);
        metrics.put("accuracy", 0.1 + 0.2);
        metrics.put("missing", null);

        storage.finishTrial(trial.id(), TrialState.COMPLETE, values, metrics, null);

        Trial read = storage.trials(studyId).get(0);
        assertEquals(values, read.values()); // Double.equals: NaN equals NaN, -0.0 differs from 0.0
        assertEquals(Double.NaN, read.metrics().get("log-loss"));
        assertEquals(Double.POSITIVE_INFINITY, read.metrics().get("rmse"));
        assertEquals(Double.NEGATIVE_INFINITY, read.metrics().get("r2"));
        assertEquals(0.1 + 0.2, read.metrics().get("accuracy"));
        assertEquals(Double.NaN, read.metrics().get("missing"), "a null metric is stored as NaN");
        assertTrue(Double.isNaN(read.value()));

        storage.finishTrial(trial.id(), TrialState.FAILED, Arrays.asList(1.0, null), Map.of(), "diverged");
        assertEquals(List.of(1.0, Double.NaN), storage.trials(studyId).get(0).values());
    }

    @Test
    void parametersComeBackAsDoubleLongStringOrBoolean() {
        long studyId = study("iris").id();
        Trial trial = storage.claimTrial(studyId, 10, "w").orElseThrow();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("subsample", 1.0);
        params.put("eta", 0.1);
        params.put("tiny", 1e-300);
        params.put("huge", 1e300);
        params.put("asFloat", 0.5f);
        params.put("maxDepth", 3);
        params.put("seed", 1L << 40);
        params.put("booster", "gbtree");
        params.put("numeric", "1.0");
        params.put("normalize", true);

        storage.setParams(trial.id(), params);

        Map<String, Object> read = storage.trials(studyId).get(0).params();
        assertEquals(1.0, assertInstanceOf(Double.class, read.get("subsample")));
        assertEquals(0.1, assertInstanceOf(Double.class, read.get("eta")));
        assertEquals(1e-300, assertInstanceOf(Double.class, read.get("tiny")));
        assertEquals(1e300, assertInstanceOf(Double.class, read.get("huge")));
        assertEquals(0.5, assertInstanceOf(Double.class, read.get("asFloat")));
        assertEquals(3L, assertInstanceOf(Long.class, read.get("maxDepth")));
        assertEquals(1L << 40, assertInstanceOf(Long.class, read.get("seed")));
        assertEquals("gbtree", assertInstanceOf(String.class, read.get("booster")));
        assertEquals("1.0", assertInstanceOf(String.class, read.get("numeric")));
        assertEquals(true, assertInstanceOf(Boolean.class, read.get("normalize")));
        assertEquals(List.copyOf(params.keySet()), List.copyOf(read.keySet()), "parameter order is kept");

        Trial enqueued = storage.enqueueTrial(studyId, Map.of("maxDepth", 7, "subsample", 2.0));
        assertEquals(7L, enqueued.params().get("maxDepth"));
        assertEquals(2.0, assertInstanceOf(Double.class, storage.trials(studyId).get(1).params().get("subsample")));

        assertThrows(IllegalArgumentException.class, () -> storage.setParams(trial.id(), Map.of("eta", Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> storage.setParams(trial.id(), Map.of("eta", List.of(1))));
    }

    @Test
    void trialsAreListedInNumberOrder() {
        long queued = study("queued").id();
        long claimed = study("claimed").id();
        // Interleaved, so that storage ids and numbers do not coincide.
        for (int i = 0; i < 5; i++) {
            storage.enqueueTrial(queued, Map.of("i", i));
            storage.claimTrial(claimed, 100, "w");
        }
        assertEquals(List.of(0, 1, 2, 3, 4), storage.trials(queued).stream().map(Trial::number).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), storage.trials(queued).stream().map(t -> t.params().get("i")).toList());
        assertEquals(List.of(0, 1, 2, 3, 4), storage.trials(claimed).stream().map(Trial::number).toList());
        assertEquals(List.of(), storage.trials(study("empty").id()));
    }

    @Test
    void studyAttributesAreJsonPerStudyAndOverwritable() {
        long a = study("a").id();
        long b = study("b").id();
        assertEquals(Optional.empty(), storage.studyAttribute(a, "estimate"));

        storage.setStudyAttribute(a, "estimate", "{\"plannedRuns\":120}");
        storage.setStudyAttribute(a, "estimate", "{\"plannedRuns\":60}");
        storage.setStudyAttribute(b, "estimate", "[1,2]");

        assertEquals(Optional.of("{\"plannedRuns\":60}"), storage.studyAttribute(a, "estimate"));
        assertEquals(Optional.of("[1,2]"), storage.studyAttribute(b, "estimate"));
        assertThrows(IllegalArgumentException.class, () -> storage.setStudyAttribute(a, "bad", "{not json"));
    }

    @Test
    void heartbeatsAreAcceptedAndUnknownIdsRefused() {
        long studyId = study("iris").id();
        Trial trial = storage.claimTrial(studyId, 10, "w").orElseThrow();
        storage.heartbeat(trial.id());

        assertThrows(IllegalArgumentException.class, () -> storage.heartbeat(9_999));
        assertThrows(IllegalArgumentException.class, () -> storage.setParams(9_999, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> storage.reportIntermediate(9_999, 0.5, 1.0));
        assertThrows(IllegalArgumentException.class,
                () -> storage.finishTrial(9_999, TrialState.COMPLETE, List.of(), Map.of(), null));
        assertThrows(IllegalArgumentException.class,
                () -> storage.reportAndFinishTrial(9_999, 1.0, 0.5, TrialState.COMPLETE, List.of(), Map.of(), null));
        assertThrows(IllegalArgumentException.class, () -> storage.claimTrial(9_999, 10, "w"));
        assertThrows(IllegalArgumentException.class, () -> storage.trials(9_999));
    }

    @Test
    void heartbeatsAreListedForRunningTrialsOnlyAndMoveForward() throws Exception {
        long studyId = study("iris").id();
        Trial running = storage.claimTrial(studyId, 10, "w").orElseThrow();
        Trial done = storage.claimTrial(studyId, 10, "w").orElseThrow();
        storage.finishTrial(done.id(), TrialState.COMPLETE, List.of(1.0), Map.of(), null);
        java.time.Instant claimed = storage.heartbeats(studyId).get(running.id());
        assertEquals(java.util.Set.of(running.id()), storage.heartbeats(studyId).keySet());
        Thread.sleep(5);
        storage.heartbeat(running.id());
        assertTrue(storage.heartbeats(studyId).get(running.id()).isAfter(claimed));
    }

    @Test
    void reportAndFinishWritesTheLastIntermediateValueAndTheOutcomeTogether() {
        long studyId = study("iris").id();
        Trial trial = storage.claimTrial(studyId, 10, "w").orElseThrow();
        storage.reportIntermediate(trial.id(), 0.5, 0.6);

        storage.reportAndFinishTrial(trial.id(), 1.0, 0.9, TrialState.COMPLETE, List.of(0.9), Map.of("accuracy", 0.9),
                null);

        Trial read = storage.trials(studyId).get(0);
        assertEquals(TrialState.COMPLETE, read.state());
        assertEquals(new TreeMap<>(Map.of(0.5, 0.6, 1.0, 0.9)), read.intermediate());
        assertEquals(List.of(0.9), read.values());
        assertThrows(IllegalArgumentException.class, () -> storage.reportAndFinishTrial(trial.id(), 0.0, 0.9,
                TrialState.COMPLETE, List.of(), Map.of(), null));
        assertThrows(IllegalArgumentException.class, () -> storage.reportAndFinishTrial(trial.id(), 1.0, 0.9,
                TrialState.RUNNING, List.of(), Map.of(), null));
    }

    /**
     * Reads are incremental (cached snapshots, only changed rows fetched): after every kind of write, what this
     * storage, a storage that read before (another process) and a storage opened afresh list must be the same, and
     * a list handed out earlier must never change under its holder.
     */
    @Test
    void everyWriteIsSeenByEveryReaderAndEarlierListsNeverChange() throws Exception {
        StudyStorage other = sameDatabase();
        try {
            long studyId = study("iris").id();
            long otherStudy = study("wine").id();
            List<List<Trial>> handedOut = new ArrayList<>();
            List<List<Trial>> copies = new ArrayList<>();
            Runnable check = () -> {
                List<Trial> mine = storage.trials(studyId);
                handedOut.add(mine);
                copies.add(new ArrayList<>(mine));
                assertThrows(UnsupportedOperationException.class, () -> mine.add(mine.get(0)));
                if (other != null) {
                    assertEquals(mine, other.trials(studyId));
                    try (StudyStorage fresh = sameDatabase()) {
                        assertEquals(mine, fresh.trials(studyId));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
                for (int i = 0; i < handedOut.size(); i++) {
                    assertEquals(copies.get(i), handedOut.get(i));
                }
            };
            Trial t0 = storage.claimTrial(studyId, 10, "host:1:a").orElseThrow();
            check.run();
            storage.setParams(t0.id(), Map.of("eta", 0.1));
            check.run();
            storage.reportIntermediate(t0.id(), 0.5, 0.7);
            check.run();
            Trial t1 = (other == null ? storage : other).claimTrial(studyId, 10, "host:2:b").orElseThrow();
            storage.heartbeat(t1.id());
            storage.claimTrial(otherStudy, 10, "host:1:a");
            check.run();
            storage.reportAndFinishTrial(t0.id(), 1.0, 0.8, TrialState.COMPLETE, List.of(0.8), Map.of("accuracy", 0.8),
                    null);
            check.run();
            Trial t2 = (other == null ? storage : other).enqueueTrial(studyId, Map.of("eta", 0.2));
            check.run();
            storage.finishTrial(t1.id(), TrialState.FAILED, List.of(), Map.of(), "boom");
            check.run();
            assertEquals(t2.id(), storage.claimTrial(studyId, 10, "host:3:c").orElseThrow().id());
            storage.reportIntermediate(t2.id(), 0.5, 0.4);
            check.run();
            assertEquals(1, (other == null ? storage : other).requeueAbandonedTrials(studyId,
                    t -> t.id() == t2.id()));
            check.run();
            assertEquals(t2.id(), storage.claimTrial(studyId, 10, "host:4:d").orElseThrow().id());
            storage.reportAndFinishTrial(t2.id(), 0.5, 0.3, TrialState.PRUNED, List.of(), Map.of(), "pruned");
            check.run();

            List<Trial> last = storage.trials(studyId);
            assertEquals(List.of(TrialState.COMPLETE, TrialState.FAILED, TrialState.PRUNED),
                    last.stream().map(Trial::state).toList());
            assertEquals(new TreeMap<>(Map.of(0.5, 0.7, 1.0, 0.8)), last.get(0).intermediate());
            assertEquals(new TreeMap<>(Map.of(0.5, 0.3)), last.get(2).intermediate());
            assertEquals(Map.of("eta", 0.2), last.get(2).params());
            assertEquals(1, storage.trials(otherStudy).size());
        } finally {
            if (other != null) {
                other.close();
            }
        }
    }
}
