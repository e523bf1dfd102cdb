package dev.tuner.storage;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Listing, deleting and copying studies on every storage, and copies between every pair of storages: what is read back
 * is what was written, and a failed delete or copy leaves nothing half-done. PostgreSQL takes part where a server is
 * available (see {@link TestPostgres}); its cases are skipped otherwise.
 */
class StudyCatalogTest {
    static final String DESCRIPTION = "{\"data\":{\"file\":\"iris.csv\"},\"searchSpace\":{\"eta\":\"log(0.01, 0.3)\"},"
            + "\"objectives\":[\"accuracy:max\",\"seconds:min\"],\"budgets\":[0.5,1.0],\"folds\":2}";

    @TempDir
    Path dir;

    enum Kind { MEMORY, SQLITE, POSTGRES }

    StudyStorage open(Kind kind, String tag) throws Exception {
        return switch (kind) {
            case MEMORY -> new InMemoryStudyStorage();
            case SQLITE -> StudyStorages.openSqliteFile(dir.resolve(tag + ".db"));
            case POSTGRES -> StudyStorages.open(TestPostgres.freshSchemaUrl());
        };
    }

    static Stream<Kind> kinds() {
        return Stream.of(Kind.values());
    }

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (Kind from : Kind.values()) {
            for (Kind to : Kind.values()) {
                out.add(Arguments.of(from, to));
            }
        }
        return out.stream();
    }

    /**
     * A study with a trial in every state: complete with intermediate values and metrics (one with a NaN and an
     * infinite value), pruned at the first budget, failed with a message, waiting, and running.
     */
    static StudyRecord fill(StudyStorage s, String name) {
        StudyRecord r = s.openStudy(name, "fp-" + name, DESCRIPTION, List.of(Direction.MAXIMIZE, Direction.MINIMIZE));
        s.setStudyAttribute(r.id(), "estimate", "{\"seconds\":12.5}");
        for (int i = 0; i < 3; i++) {
            Trial t = s.claimTrial(r.id(), 10, "host/1/w" + i).orElseThrow();
            s.setParams(t.id(), Map.of("eta", 0.01 * (i + 1), "depth", (long) i, "booster", i == 0 ? "gbtree" : "dart"));
            s.reportIntermediate(t.id(), 0.5, 0.8 + i / 100.0);
            s.reportAndFinishTrial(t.id(), 1.0, 0.9 + i / 100.0, TrialState.COMPLETE,
                    List.of(0.9 + i / 100.0, i == 2 ? Double.NaN : 3.0 - i),
                    Map.of("accuracy", 0.9 + i / 100.0, "logloss", i == 1 ? Double.POSITIVE_INFINITY : 0.3), null);
        }
        Trial pruned = s.claimTrial(r.id(), 10, "host/1/w3").orElseThrow();
        s.setParams(pruned.id(), Map.of("eta", 0.2));
        s.reportAndFinishTrial(pruned.id(), 0.5, 0.5, TrialState.PRUNED, List.of(), Map.of(), "pruned at 0.5");
        Trial failed = s.claimTrial(r.id(), 10, "host/1/w4").orElseThrow();
        s.setParams(failed.id(), Map.of("eta", 0.25));
        s.finishTrial(failed.id(), TrialState.FAILED, List.of(), Map.of(), "diverged, \"quoted\", with a comma");
        s.enqueueTrial(r.id(), Map.of("eta", 0.05));
        Trial running = s.claimTrial(r.id(), 10, "host/1/w5").orElseThrow();
        assertEquals(TrialState.RUNNING, running.state());
        return r;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void listShowsEveryStudyWithTrialsByStateBestPerObjectiveAndWhen(Kind kind) throws Exception {
        try (StudyStorage s = open(kind, "list")) {
            Instant before = Instant.now().minusSeconds(1);
            fill(s, "iris");
            s.openStudy("empty", "fp", "{}", List.of(Direction.MINIMIZE));
            List<StudyCatalog.Overview> listed = StudyCatalog.list(s);
            assertEquals(List.of("empty", "iris"), listed.stream().map(StudyCatalog.Overview::name).toList());

            StudyCatalog.Overview empty = listed.get(0);
            assertEquals(0, empty.trials());
            assertTrue(empty.best().isEmpty());
            assertEquals(empty.created(), empty.lastUsed());

            StudyCatalog.Overview iris = listed.get(1);
            Map<TrialState, Integer> expected = new TreeMap<>(Map.of(TrialState.COMPLETE, 3, TrialState.PRUNED, 1,
                    TrialState.FAILED, 1, TrialState.RUNNING, 1));
            // The enqueued trial was the one claimed last, so none waits.
            assertEquals(expected, new TreeMap<>(iris.trialsByState()));
            assertEquals(2, iris.best().size());
            assertEquals(new StudyCatalog.Best("accuracy", Direction.MAXIMIZE, 0.92, 2), iris.best().get(0));
            // Trial 2's NaN is no one's best; of 3.0 and 2.0 the smaller wins.
            assertEquals(new StudyCatalog.Best("seconds", Direction.MINIMIZE, 2.0, 1), iris.best().get(1));
            assertFalse(iris.created().isBefore(before));
            assertTrue(iris.lastUsed().isAfter(iris.created()) || iris.lastUsed().equals(iris.created()));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void deleteRemovesOneStudyWithAllItHoldsAndLeavesTheOthers(Kind kind) throws Exception {
        try (StudyStorage s = open(kind, "delete")) {
            fill(s, "old");
            StudyRecord kept = fill(s, "kept");
            List<Trial> keptTrials = s.trials(kept.id());

            StudyCatalog.Overview gone = StudyCatalog.delete(s, "old", "here");
            assertEquals(6, gone.trials());
            assertEquals(List.of("kept"), s.studyNames());
            assertTrue(s.snapshot("old").isEmpty());
            assertEquals(keptTrials, s.trials(kept.id()));
            assertEquals(keptTrials, s.snapshot("kept").orElseThrow().trials());

            // The name is free again: a new study of that name starts empty.
            StudyRecord again = s.openStudy("old", "fp-other", "{}", List.of(Direction.MINIMIZE));
            assertTrue(s.trials(again.id()).isEmpty());
            assertTrue(s.studyAttribute(again.id(), "estimate").isEmpty());

            StorageException missing = assertThrows(StorageException.class, () -> StudyCatalog.delete(s, "nope", "here"));
            assertEquals("no study 'nope' in here; its studies: kept, old", missing.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void copyKeepsStatesParamsValuesIntermediateAttributesAndTimes(Kind fromKind, Kind toKind) throws Exception {
        try (StudyStorage from = open(fromKind, "from"); StudyStorage to = open(toKind, "to")) {
            fill(from, "iris");
            StudySnapshot source = from.snapshot("iris").orElseThrow();

            StudyCatalog.Copied copied = StudyCatalog.copy(from, "iris", "from", to, "iris-copy");
            assertEquals(6, copied.trials());
            assertEquals(1, copied.runningRequeued());
            StudySnapshot copy = to.snapshot("iris-copy").orElseThrow();

            assertEquals(source.record().fingerprint(), copy.record().fingerprint());
            assertEquals(source.record().description(), copy.record().description());
            assertEquals(source.record().directions(), copy.record().directions());
            // A database keeps milliseconds: a copy from memory is exact to the millisecond.
            assertEquals(millis(source.created()), millis(copy.created()));
            assertEquals(source.attributes(), copy.attributes());
            assertEquals(source.trials().size(), copy.trials().size());
            for (int i = 0; i < source.trials().size(); i++) {
                Trial a = source.trials().get(i);
                Trial b = copy.trials().get(i);
                assertEquals(a.number(), b.number());
                assertEquals(a.params(), b.params());
                if (a.state() == TrialState.RUNNING) {
                    // No outcome to copy: it waits to be evaluated again, with its parameters.
                    assertEquals(TrialState.WAITING, b.state());
                    continue;
                }
                assertEquals(a.state(), b.state());
                assertEquals(a.values(), b.values());
                assertEquals(a.metrics(), b.metrics());
                assertEquals(a.intermediate(), b.intermediate());
                assertEquals(millis(a.started()), millis(b.started()));
                assertEquals(millis(a.finished()), millis(b.finished()));
                assertEquals(a.worker(), b.worker());
                assertEquals(a.message(), b.message());
            }
            // The copy is a study like any other: it can be opened with its fingerprint and run on.
            StudyRecord reopened = to.openStudy("iris-copy", source.record().fingerprint(), DESCRIPTION,
                    source.record().directions());
            Trial next = to.claimTrial(reopened.id(), 10, "host/2/w").orElseThrow();
            assertEquals(TrialState.RUNNING, next.state());
            assertEquals(Map.of("eta", 0.05), next.params());
            Trial fresh = to.claimTrial(reopened.id(), 10, "host/2/w").orElseThrow();
            assertEquals(6, fresh.number());
        }
    }

    static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aCopyThatFailsLeavesNothingBehind(Kind kind) throws Exception {
        try (StudyStorage from = new InMemoryStudyStorage(); StudyStorage to = open(kind, "atomic")) {
            fill(from, "iris");
            StudySnapshot source = from.snapshot("iris").orElseThrow();
            List<Trial> trials = new ArrayList<>(source.trials());
            Trial last = trials.get(4);
            Map<String, Object> bad = new LinkedHashMap<>(last.params());
            bad.put("eta", Double.NaN);
            trials.set(4, new Trial(last.id(), last.number(), last.state(), bad, last.intermediate(), last.values(),
                    last.metrics(), last.started(), last.finished(), last.worker(), last.message()));
            assertThrows(IllegalArgumentException.class, () -> to.importStudy(source.renamed("broken", trials)));
            assertTrue(to.studyNames().isEmpty(), () -> "left behind: " + to.studyNames());

            fill(to, "taken");
            List<Trial> takenBefore = to.snapshot("taken").orElseThrow().trials();
            StorageException exists = assertThrows(StorageException.class,
                    () -> StudyCatalog.copy(from, "iris", "from", to, "taken"));
            assertTrue(exists.getMessage().startsWith("study 'taken' already exists in "), exists.getMessage());
            assertEquals(takenBefore, to.snapshot("taken").orElseThrow().trials());
        }
    }

    @Test
    void moreTrialsCountsFromTheFinishedTrialsOfTheStudy() {
        try (StudyStorage s = new InMemoryStudyStorage()) {
            assertEquals(4, StudyCatalog.extendedTarget(s, "iris", 4), "a study not created yet has finished none");
            fill(s, "iris");
            // 5 finished (3 complete, 1 pruned, 1 failed); the running one does not count.
            assertEquals(15, StudyCatalog.extendedTarget(s, "iris", 10));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StudyCatalog.extendedTarget(s, "iris", 0));
            assertEquals("moreTrials = 0: must be at least 1", e.getMessage());
        }
    }

    @Test
    void copyOfAMissingStudyNamesTheStudiesThereAre() {
        try (StudyStorage from = new InMemoryStudyStorage(); StudyStorage to = new InMemoryStudyStorage()) {
            StorageException e = assertThrows(StorageException.class, () -> StudyCatalog.copy(from, "iris", "a.db", to, "iris"));
            assertEquals("no study 'iris' in a.db; it holds no study", e.getMessage());
            assertTrue(to.studyNames().isEmpty());
        }
    }
}
