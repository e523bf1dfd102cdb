package dev.tuner.study;

import dev.tuner.pruner.NopPruner;
import dev.tuner.pruner.Pruners;
import dev.tuner.sampler.RandomSampler;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.InMemoryStudyStorage;
import dev.tuner.storage.StudyStorage;
import dev.tuner.trial.Constraint;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Enqueued trials, constraints and multi-objective pruning, through {@link Study}. */
class StudyExtrasTest {
    private static final SearchSpace SPACE = SearchSpace.parse(Map.of("x", "float(0, 1)"));

    /** Two conflicting objectives in x (f1 = x, f2 = 1 - x) and "size" = 10 x; at small budgets a noise-free offset. */
    private static final Objective TRADE_OFF = (params, budget, fold) -> {
        double x = ((Number) params.get("x")).doubleValue();
        return Map.of("f1", x + (1 - budget), "f2", 1 - x + (1 - budget), "size", 10 * x);
    };

    private static StudySettings settings(int trials, List<String> objectives, List<Double> budgets,
                                          List<Constraint> constraints, List<Map<String, Object>> enqueued) {
        return new StudySettings("s", Map.of(), SPACE, objectives.stream().map(ObjectiveSpec::parse).toList(),
                trials, budgets, 1, 1, 3, null, constraints, enqueued);
    }

    @Test
    void enqueuedTrialsRunFirstAndAreAddedOnlyOnce() {
        StudyStorage storage = new InMemoryStudyStorage();
        List<Map<String, Object>> known = List.of(Map.of("x", 0.25), Map.of("x", 0.75));
        StudySettings s = settings(4, List.of("f1:min"), List.of(1.0), List.of(), known);
        StudyResult first = new Study(s, storage, new RandomSampler(), new NopPruner(), TRADE_OFF, null).optimize();
        assertEquals(0.25, ((Number) first.trials().get(0).params().get("x")).doubleValue());
        assertEquals(0.75, ((Number) first.trials().get(1).params().get("x")).doubleValue());
        // A rerun to a larger target finds both and does not enqueue them again.
        StudyResult second = new Study(settings(6, List.of("f1:min"), List.of(1.0), List.of(), known), storage,
                new RandomSampler(), new NopPruner(), TRADE_OFF, null).optimize();
        assertEquals(6, second.trials().size());
        long quarter = second.trials().stream().filter(t -> ((Number) t.params().get("x")).doubleValue() == 0.25)
                .count();
        assertEquals(1, quarter);
    }

    @Test
    void anEnqueuedTrialEqualToAnotherRunsOnce() {
        // The trainer's defaults come first among the enqueued trials; a user's <enqueue> entry may repeat them, with
        // its values read as text or as another number type.
        StudyStorage storage = new InMemoryStudyStorage();
        List<Map<String, Object>> known = List.of(Map.of("x", 0.5), Map.of("x", 0.25), Map.of("x", "0.5"));
        StudyResult r = new Study(settings(4, List.of("f1:min"), List.of(1.0), List.of(), known), storage,
                new RandomSampler(), new NopPruner(), TRADE_OFF, null).optimize();
        assertEquals(4, r.trials().size());
        assertEquals(1, r.trials().stream().filter(t -> ((Number) t.params().get("x")).doubleValue() == 0.5).count());
    }

    /**
     * Every complete trial breaks a constraint: the study has no best trial, so there is nothing to bundle or gate,
     * and the build must not pass. The objectives stay in storage, so a looser constraint resumes from them.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"f1:min", "f1:min,f2:min"})
    void aStudyWhoseEveryCompleteTrialBreaksAConstraintFails(String objectives) {
        Constraint impossible = new Constraint("size", null, -1.0);
        StudyStorage storage = new InMemoryStudyStorage();
        StudySettings s = settings(5, List.of(objectives.split(",")), List.of(1.0), List.of(impossible), List.of());
        StudyFailedException e = org.junit.jupiter.api.Assertions.assertThrows(StudyFailedException.class,
                () -> new Study(s, storage, new RandomSampler(), new NopPruner(), TRADE_OFF, null).optimize());
        assertTrue(e.getMessage().contains("every complete trial of study 's' breaks <constraints>"), e.getMessage());
        assertTrue(e.getMessage().contains("size <= -1.0"), e.getMessage());
        assertEquals(5, storage.trials(storage.findStudy("s").orElseThrow().id()).size());
    }

    /**
     * The default sampler in a finite space of 8 configurations asked for 12 trials: each configuration once, the
     * trainer's defaults (enqueued, stored as an int) among them, and the study ends at 8 rather than measuring
     * configurations again.
     */
    @Test
    void theDefaultSamplerMeasuresAFiniteSpaceOnceAndStops() {
        SearchSpace depth = SearchSpace.parse(Map.of("depth", "int(1, 8)"));
        Objective byDepth = (params, budget, fold) -> Map.of("loss",
                Math.abs(((Number) params.get("depth")).doubleValue() - 5));
        StudySettings s = new StudySettings("finite", Map.of(), depth, List.of(ObjectiveSpec.parse("loss:min")), 12,
                List.of(1.0), 1, 1, 3, null, List.of(), List.of(Map.of("depth", 3)));
        StudyResult r = new Study(s, new InMemoryStudyStorage(), new dev.tuner.sampler.AutoSampler(),
                new NopPruner(), byDepth, null).optimize();
        assertEquals(8, r.trials().size());
        assertEquals(8, r.trials().stream().map(t -> ((Number) t.params().get("depth")).longValue()).distinct()
                .count(), r.trials().toString());
        assertEquals(5L, ((Number) r.best().params().get("depth")).longValue());
    }

    @Test
    void infeasibleTrialsNeverBecomeBestOrEnterTheParetoSet() {
        // size = 10 x <= 5 keeps x <= 0.5: the best f2 = 1 - x is then the largest feasible x, not the largest x.
        Constraint small = new Constraint("size", null, 5.0);
        StudySettings s = settings(30, List.of("f2:min", "f1:min"), List.of(1.0), List.of(small), List.of());
        StudyResult r = new Study(s, new InMemoryStudyStorage(), new RandomSampler(), new NopPruner(), TRADE_OFF,
                null).optimize();
        assertTrue(r.infeasible() > 0, "random x in [0, 1] breaks size <= 5 about half the time");
        assertNotNull(r.best());
        assertTrue(r.best().metrics().get("size") <= 5.0);
        double bestFeasibleX = r.trials().stream().filter(t -> t.metrics().get("size") <= 5.0)
                .mapToDouble(t -> ((Number) t.params().get("x")).doubleValue()).max().orElseThrow();
        assertEquals(bestFeasibleX, ((Number) r.best().params().get("x")).doubleValue(), 1e-12);
        assertFalse(r.paretoFront().isEmpty());
        assertTrue(r.paretoFront().stream().allMatch(t -> t.metrics().get("size") <= 5.0));
    }

    @Test
    void multiObjectivePruningStopsDominatedTrialsAtTheRungAndRecordsTheirVectors() {
        // Trials 0-4 (enqueued, x = 0.1 .. 0.9) lie on the f1/f2 front at the rung; trials 5 and 6 (x > 0.9) are
        // worse than x = 0.9 on both objectives, so they are dominated there and outside median's kept half.
        Objective withPenalty = (params, budget, fold) -> {
            double x = ((Number) params.get("x")).doubleValue();
            double penalty = x > 0.9 ? 1 : 0; // trials above 0.9 are worse on both objectives at every budget
            return Map.of("f1", Math.min(x, 0.9) + penalty, "f2", 1 - Math.min(x, 0.9) + penalty);
        };
        List<Map<String, Object>> known = List.of(Map.of("x", 0.1), Map.of("x", 0.3), Map.of("x", 0.5),
                Map.of("x", 0.7), Map.of("x", 0.9), Map.of("x", 0.95), Map.of("x", 0.97));
        StudySettings s = settings(7, List.of("f1:min", "f2:min"), List.of(0.5, 1.0), List.of(), known);
        StudyStorage storage = new InMemoryStudyStorage();
        StudyResult r = new Study(s, storage, new RandomSampler(), Pruners.create("median", s.budgets()),
                withPenalty, null).optimize();
        for (int n = 0; n < 5; n++) {
            assertEquals(TrialState.COMPLETE, r.trials().get(n).state(), "trial " + n + " is on the front");
        }
        assertEquals(TrialState.PRUNED, r.trials().get(5).state());
        assertEquals(TrialState.PRUNED, r.trials().get(6).state());
        assertTrue(r.trials().get(5).message().startsWith("pruned at budget 0.5"));
        // Each trial's objective vector at the rung is stored for the trials judged after it.
        assertTrue(storage.studyAttribute(r.study().id(), RungValues.PREFIX + 0).orElseThrow().contains("0.5"));
        // With pruning off, the same trials all complete.
        StudyResult none = new Study(s, new InMemoryStudyStorage(), new RandomSampler(), new NopPruner(),
                withPenalty, null).optimize();
        assertEquals(7, none.count(TrialState.COMPLETE));
    }
}
