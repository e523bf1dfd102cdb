package dev.tuner.study;

import dev.tuner.files.Sha256;
import dev.tuner.pruner.MedianPruner;
import dev.tuner.pruner.NopPruner;
import dev.tuner.pruner.Pruner;
import dev.tuner.sampler.RandomSampler;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.InMemoryStudyStorage;
import dev.tuner.storage.StudyStorage;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyTest {
    private static final SearchSpace SPACE = SearchSpace.parse(Map.of("x", "float(-5, 5)", "n", "int(1, 4)"));

    /** A quadratic bowl whose value at a budget is the true value plus a budget-dependent offset. */
    private static final Objective BOWL = (params, budget, fold) -> {
        double x = ((Number) params.get("x")).doubleValue();
        long n = ((Number) params.get("n")).longValue();
        return Map.of("loss", x * x + n + (1 - budget), "fold", (double) fold);
    };

    private static StudySettings settings(int trials, List<Double> budgets, int folds, int jobs, Duration timeout) {
        return new StudySettings("s", Map.of("data", "test"), SPACE, List.of(ObjectiveSpec.parse("loss:min")),
                trials, budgets, folds, jobs, 7, timeout);
    }

    private static StudyResult run(StudyStorage storage, StudySettings settings, Pruner pruner, Objective objective) {
        return new Study(settings, storage, new RandomSampler(), pruner, objective, null).optimize();
    }

    @Test
    void runsToTargetAndAveragesFolds() {
        StudyResult r = run(new InMemoryStudyStorage(), settings(12, List.of(1.0), 3, 1, null), new NopPruner(), BOWL);
        assertEquals(12, r.trials().size());
        assertEquals(12, r.count(TrialState.COMPLETE));
        // "fold" is 0, 1, 2 in the three folds: its average proves every fold ran and was averaged.
        r.trials().forEach(t -> assertEquals(1.0, t.metrics().get("fold"), 1e-12));
        Trial best = r.best();
        assertTrue(r.trials().stream().allMatch(t -> t.value() >= best.value()));
    }

    @Test
    void oneJobGivesTheSameTrialsEveryRun() {
        StudyResult a = run(new InMemoryStudyStorage(), settings(10, List.of(1.0), 1, 1, null), new NopPruner(), BOWL);
        StudyResult b = run(new InMemoryStudyStorage(), settings(10, List.of(1.0), 1, 1, null), new NopPruner(), BOWL);
        assertEquals(a.trials().stream().map(Trial::params).toList(), b.trials().stream().map(Trial::params).toList());
    }

    @Test
    void resumingKeepsFinishedTrialsAndContinuesToTheNewTarget() {
        StudyStorage storage = new InMemoryStudyStorage();
        StudyResult first = run(storage, settings(5, List.of(1.0), 1, 1, null), new NopPruner(), BOWL);
        StudyResult second = run(storage, settings(10, List.of(1.0), 1, 1, null), new NopPruner(), BOWL);
        assertEquals(10, second.trials().size());
        assertEquals(5, second.ranHere());
        for (int i = 0; i < 5; i++) {
            assertEquals(first.trials().get(i), second.trials().get(i));
        }
    }

    @Test
    void failingTrialsAreRecordedAndTheStudyGoesOn() {
        Objective flaky = (params, budget, fold) -> {
            double x = ((Number) params.get("x")).doubleValue();
            if (x < -2) {
                throw new IllegalStateException("diverged at x=" + x);
            }
            if (x > 3) {
                return Map.of("loss", Double.NaN);
            }
            return Map.of("loss", x * x);
        };
        StudyResult r = run(new InMemoryStudyStorage(), settings(30, List.of(1.0), 1, 1, null), new NopPruner(), flaky);
        assertEquals(30, r.trials().size());
        List<Trial> failed = r.trials().stream().filter(t -> t.state() == TrialState.FAILED).toList();
        assertTrue(failed.size() > 0 && r.count(TrialState.COMPLETE) > 0);
        for (Trial t : failed) {
            double x = ((Number) t.params().get("x")).doubleValue();
            String expected = x < -2 ? "IllegalStateException: diverged" : "'loss' is NaN";
            assertTrue(t.message().contains(expected), t.message());
        }
    }

    @Test
    void aTrialOverItsTimeoutFailsAndTheStudyGoesOn() {
        Objective slowForBigX = (params, budget, fold) -> {
            double x = ((Number) params.get("x")).doubleValue();
            if (x > 0) {
                Thread.sleep(2_000);
            }
            return Map.of("loss", x * x);
        };
        StudyResult r = run(new InMemoryStudyStorage(), settings(8, List.of(1.0), 1, 2, Duration.ofMillis(200)),
                new NopPruner(), slowForBigX);
        assertEquals(8, r.trials().size());
        for (Trial t : r.trials()) {
            boolean slow = ((Number) t.params().get("x")).doubleValue() > 0;
            assertEquals(slow ? TrialState.FAILED : TrialState.COMPLETE, t.state());
            if (slow) {
                assertTrue(t.message().startsWith("exceeded trialTimeout PT0.2S"), t.message());
            }
        }
    }

    @Test
    void aStudyWhoseEveryTrialFailsStopsWithTheReason() {
        Objective broken = (params, budget, fold) -> {
            throw new IllegalArgumentException("no such column");
        };
        StudyFailedException e = assertThrows(StudyFailedException.class,
                () -> run(new InMemoryStudyStorage(), settings(50, List.of(1.0), 1, 1, null), new NopPruner(), broken));
        assertTrue(e.getMessage().contains("the first 5 trials all failed"), e.getMessage());
        assertTrue(e.getMessage().contains("no such column"), e.getMessage());
    }

    @Test
    void withoutPruningOnlyTheFullBudgetIsEvaluated() {
        List<Double> seen = new CopyOnWriteArrayList<>();
        Objective recording = (params, budget, fold) -> {
            seen.add(budget);
            return BOWL.evaluate(params, budget, fold);
        };
        run(new InMemoryStudyStorage(), settings(4, List.of(0.1, 0.3, 1.0), 2, 1, null), new NopPruner(), recording);
        assertEquals(Set.of(1.0), Set.copyOf(seen));
        assertEquals(8, seen.size());
    }

    @Test
    void medianPruningStopsTrialsAtSmallBudgetsAndRecordsWhere() {
        StudyResult r = run(new InMemoryStudyStorage(), settings(40, List.of(0.1, 0.3, 1.0), 2, 1, null),
                new MedianPruner(), BOWL);
        List<Trial> pruned = r.trials().stream().filter(t -> t.state() == TrialState.PRUNED).toList();
        assertTrue(pruned.size() >= 10, "pruned " + pruned.size());
        for (Trial t : pruned) {
            assertTrue(t.lastBudget() < 1.0);
            assertTrue(t.message().startsWith("pruned at budget"), t.message());
        }
        r.trials().stream().filter(t -> t.state() == TrialState.COMPLETE)
                .forEach(t -> assertEquals(Set.of(0.1, 0.3, 1.0), t.intermediate().keySet()));
    }

    @Test
    void parallelWorkersReachExactlyTheTargetWithUniqueNumbers() {
        Objective slow = (params, budget, fold) -> {
            Thread.sleep(5);
            return BOWL.evaluate(params, budget, fold);
        };
        StudyResult r = run(new InMemoryStudyStorage(), settings(40, List.of(1.0), 1, 4, null), new NopPruner(), slow);
        assertEquals(40, r.trials().size());
        assertEquals(40, r.trials().stream().map(Trial::number).collect(Collectors.toSet()).size());
        assertEquals(4, r.trials().stream().map(t -> t.worker().substring(t.worker().lastIndexOf('/')))
                .collect(Collectors.toSet()).size(), "every worker thread ran trials");
    }

    /** With several jobs finishing at once, each progress line still counts one more finished trial. */
    @Test
    void parallelWorkersReportEachFinishedCountOnce() {
        Objective quick = (params, budget, fold) -> {
            Thread.sleep(1);
            return BOWL.evaluate(params, budget, fold);
        };
        List<Integer> counts = new CopyOnWriteArrayList<>();
        StudyListener listener = new StudyListener() {
            @Override
            public void trialFinished(Trial trial, StudyProgress progress) {
                counts.add(progress.finished());
            }
        };
        new Study(settings(60, List.of(1.0), 1, 4, null), new InMemoryStudyStorage(), new RandomSampler(),
                new NopPruner(), quick, listener).optimize();
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 60).boxed().toList(), counts);
    }

    @Test
    void trialsLeftRunningByADeadProcessAreRetried() {
        StudyStorage storage = new InMemoryStudyStorage();
        StudySettings s = settings(3, List.of(1.0), 1, 1, null);
        Study study = new Study(s, storage, new RandomSampler(), new NopPruner(), BOWL, null);
        String description = study.description();
        long id = storage.openStudy("s", Sha256.hex(description), description, s.directions()).id();
        // A worker of a process that no longer exists (pid far above any live one on this host).
        Trial orphan = storage.claimTrial(id, 3, WorkerId.HOST + "/" + Integer.MAX_VALUE + "/tuner-worker-1")
                .orElseThrow();
        storage.setParams(orphan.id(), Map.of("x", 1.0, "n", 2L));
        StudyResult r = study.optimize();
        assertEquals(3, r.trials().size());
        Trial retried = r.trials().get(0);
        assertEquals(TrialState.COMPLETE, retried.state());
        assertEquals(Map.of("x", 1.0, "n", 2L), retried.params());
        assertEquals(3.0, retried.value(), 1e-12);
    }
}
