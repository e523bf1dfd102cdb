package dev.tuner.study;

import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import dev.tuner.trial.Direction;
import dev.tuner.files.Sha256;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.InMemoryStudyStorage;
import dev.tuner.storage.StudyRecord;
import dev.tuner.storage.StudySnapshot;
import dev.tuner.storage.StudyStorage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which trials of an old study a new one starts from, and how: the rules of {@link CarryOver}. */
class CarryOverTest {
    static final String OLD_SPACE = "{\"maxDepth\":\"int(1, 8)\",\"eta\":\"float(0.1, 0.5)\"}";

    static String description(String space, String budgets) {
        return "{\"data\":{\"file\":\"iris.csv\",\"splitSeed\":42},\"searchSpace\":" + space
                + ",\"objectives\":[\"accuracy:max\"],\"budgets\":" + budgets + ",\"folds\":2}";
    }

    /** Old study: #0 maxDepth 2, #1 maxDepth 8 (complete, two budgets each), #2 pruned maxDepth 3, #3 failed. */
    static StudyStorage old() {
        StudyStorage s = new InMemoryStudyStorage();
        StudyRecord r = s.openStudy("old", "fp-old", description(OLD_SPACE, "[0.5,1.0]"), List.of(Direction.MAXIMIZE));
        for (long depth : new long[]{2, 8}) {
            Trial t = s.claimTrial(r.id(), 10, "w").orElseThrow();
            s.setParams(t.id(), Map.of("maxDepth", depth, "eta", 0.2));
            s.reportIntermediate(t.id(), 0.5, 0.8);
            s.reportAndFinishTrial(t.id(), 1.0, 0.9 + depth / 100.0, TrialState.COMPLETE, List.of(0.9 + depth / 100.0),
                    Map.of("accuracy", 0.9 + depth / 100.0), null);
        }
        Trial pruned = s.claimTrial(r.id(), 10, "w").orElseThrow();
        s.setParams(pruned.id(), Map.of("maxDepth", 3L, "eta", 0.3));
        s.reportAndFinishTrial(pruned.id(), 0.5, 0.4, TrialState.PRUNED, List.of(), Map.of(), "pruned at budget 0.5");
        Trial failed = s.claimTrial(r.id(), 10, "w").orElseThrow();
        s.setParams(failed.id(), Map.of("maxDepth", 4L, "eta", 0.4));
        s.finishTrial(failed.id(), TrialState.FAILED, List.of(), Map.of(), "boom");
        return s;
    }

    static List<CarryOver.Fate> fates(List<CarryOver.Decision> decisions) {
        return decisions.stream().map(CarryOver.Decision::fate).toList();
    }

    @Test
    void aWidenedBoundCarriesEveryFinishedTrialAsItFinished() {
        StudySnapshot old = old().snapshot("old").orElseThrow();
        String space = "{\"maxDepth\":\"int(1, 12)\",\"eta\":\"float(0.1, 0.5)\"}";
        List<CarryOver.Decision> d = CarryOver.decide(old, description(space, "[0.5,1.0]"),
                SearchSpace.parse(Map.of("maxDepth", "int(1, 12)", "eta", "float(0.1, 0.5)")), Map.of());
        assertEquals(List.of(CarryOver.Fate.CARRIED, CarryOver.Fate.CARRIED, CarryOver.Fate.CARRIED, CarryOver.Fate.LEFT),
                fates(d));
        assertEquals("failed", d.get(3).reason());
    }

    @Test
    void aNarrowedBoundLeavesTheTrialsOutsideIt() {
        StudySnapshot old = old().snapshot("old").orElseThrow();
        String space = "{\"maxDepth\":\"int(1, 6)\",\"eta\":\"float(0.1, 0.5)\"}";
        List<CarryOver.Decision> d = CarryOver.decide(old, description(space, "[0.5,1.0]"),
                SearchSpace.parse(Map.of("maxDepth", "int(1, 6)", "eta", "float(0.1, 0.5)")), Map.of());
        assertEquals(CarryOver.Fate.CARRIED, d.get(0).fate());
        assertEquals(CarryOver.Fate.LEFT, d.get(1).fate());
        assertEquals("maxDepth=8 lies outside " + SearchSpace.parse(Map.of("maxDepth", "int(1, 6)")).get("maxDepth").describe(),
                d.get(1).reason());
    }

    @Test
    void anAddedParameterTakesTheTrainersDefaultOrLeavesTheTrial() {
        StudySnapshot old = old().snapshot("old").orElseThrow();
        Map<String, String> entries = Map.of("maxDepth", "int(1, 8)", "eta", "float(0.1, 0.5)", "minChildWeight", "float(1, 10)");
        String description = description("{\"maxDepth\":\"int(1, 8)\",\"eta\":\"float(0.1, 0.5)\",\"minChildWeight\":\"float(1, 10)\"}", "[0.5,1.0]");
        List<CarryOver.Decision> withDefault = CarryOver.decide(old, description, SearchSpace.parse(entries),
                Map.of("minChildWeight", 5.0));
        assertEquals(CarryOver.Fate.CARRIED, withDefault.get(0).fate());
        assertEquals(5.0, withDefault.get(0).params().get("minChildWeight"));

        List<CarryOver.Decision> without = CarryOver.decide(old, description, SearchSpace.parse(entries), Map.of());
        assertEquals(CarryOver.Fate.LEFT, without.get(0).fate());
        assertEquals("added parameter minChildWeight has no default to give it", without.get(0).reason());

        List<CarryOver.Decision> outside = CarryOver.decide(old, description, SearchSpace.parse(entries),
                Map.of("minChildWeight", 0.5));
        assertEquals(CarryOver.Fate.LEFT, outside.get(0).fate());
    }

    @Test
    void aRemovedParameterIsDroppedAndTheTrialCarried() {
        StudySnapshot old = old().snapshot("old").orElseThrow();
        List<CarryOver.Decision> d = CarryOver.decide(old, description("{\"maxDepth\":\"int(1, 8)\"}", "[0.5,1.0]"),
                SearchSpace.parse(Map.of("maxDepth", "int(1, 8)")), Map.of());
        assertEquals(CarryOver.Fate.CARRIED, d.get(0).fate());
        assertEquals(Map.of("maxDepth", 2L), d.get(0).params());
    }

    @Test
    void aNewBudgetLadderEnqueuesCompleteTrialsToRunAgainAndLeavesPrunedOnes() {
        StudySnapshot old = old().snapshot("old").orElseThrow();
        List<CarryOver.Decision> d = CarryOver.decide(old, description(OLD_SPACE, "[1.0]"),
                SearchSpace.parse(Map.of("maxDepth", "int(1, 8)", "eta", "float(0.1, 0.5)")), Map.of());
        assertEquals(List.of(CarryOver.Fate.ENQUEUED, CarryOver.Fate.ENQUEUED, CarryOver.Fate.LEFT, CarryOver.Fate.LEFT),
                fates(d));
        assertEquals("changed <budgets>: [0.5,1.0] -> [1.0]", d.get(0).reason());
    }

    @Test
    void theNewStudyIsWrittenWholeWithCarriedAndEnqueuedTrialsAndAnExistingOneIsNeverChanged() {
        StudyStorage s = old();
        String space = "{\"maxDepth\":\"int(1, 12)\",\"eta\":\"float(0.1, 0.5)\"}";
        String description = description(space, "[0.5,1.0]");
        StudyRecord record = new StudyRecord(0, "new", Sha256.hex(description), description, List.of(Direction.MAXIMIZE));
        SearchSpace parsed = SearchSpace.parse(Map.of("maxDepth", "int(1, 12)", "eta", "float(0.1, 0.5)"));
        CarryOver.Outcome outcome = CarryOver.intoNewStudy(s, "memory", "old", record, parsed, Map.of());
        assertTrue(outcome.created());
        StudySnapshot created = s.snapshot("new").orElseThrow();
        List<Trial> oldTrials = s.snapshot("old").orElseThrow().trials();
        assertEquals(3, created.trials().size());
        for (int i = 0; i < 3; i++) {
            Trial a = oldTrials.get(i);
            Trial b = created.trials().get(i);
            assertEquals(i, b.number());
            assertEquals(a.state(), b.state());
            assertEquals(a.params(), b.params());
            assertEquals(a.values(), b.values());
            assertEquals(a.intermediate(), b.intermediate());
            assertEquals(a.finished(), b.finished());
        }
        // The new study opens with its own fingerprint and counts the carried trials toward its target.
        StudyRecord opened = s.openStudy("new", record.fingerprint(), description, record.directions());
        assertEquals(3, s.trials(opened.id()).stream().filter(t -> t.state().isFinished()).count());
        assertEquals(List.of("Study 'new' started from study 'old': 3 trial(s) carried as finished, 0 enqueued to run"
                + " again, 1 left", "  old trial #3 left: failed"), CarryOver.describe("old", "new", outcome));

        CarryOver.Outcome again = CarryOver.intoNewStudy(s, "memory", "old", record, parsed, Map.of());
        assertFalse(again.created());
        assertEquals(created.trials(), s.snapshot("new").orElseThrow().trials());
    }
}
