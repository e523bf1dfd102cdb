package dev.tuner.tuning;

import dev.tuner.study.Objective;
import dev.tuner.study.Stage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StagedTuningTest {
    @TempDir
    Path dir;

    /** One peak at x = 0.37: a few random trials of a wide fine space rarely come as close as a coarse stage's best. */
    public static final class Peak implements Objective {
        @Override
        public Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) {
            double x = ((Number) params.get("x")).doubleValue();
            return Map.of("score", -(x - 0.37) * (x - 0.37));
        }
    }

    /** Two objectives in conflict along x: every trial is on the Pareto front. */
    public static final class Tradeoff implements Objective {
        @Override
        public Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) {
            double x = ((Number) params.get("x")).doubleValue();
            return Map.of("cost", x, "error", (1 - x) * (1 - x));
        }
    }

    /**
     * With several objectives a stage has no one best: its line names the Pareto front, and the trial it calls best
     * (the one refit) as the best on the first objective.
     */
    @org.junit.jupiter.api.Test
    void aStageWithSeveralObjectivesNamesItsParetoFront() throws Exception {
        TuningOutcome outcome = costAndError(Tradeoff.class, "pareto", 6, new Stage("coarse", 6, "random"));
        String line = outcome.summaryLines().stream().filter(l -> l.startsWith("Stage coarse")).findFirst()
                .orElseThrow();
        assertTrue(line.contains("): Pareto front of 6 trials (#0, #1, #2, #3, #4, #5); best on cost #"), line);
        assertTrue(line.matches(".* \\{cost=\\d\\.\\d{4}, error=\\d\\.\\d{4}} \\{x=.*"), "four decimals: " + line);
    }

    /** Two objectives that agree: the trial of least x dominates every other, a Pareto front of one. */
    public static final class Agreeing implements Objective {
        @Override
        public Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) {
            double x = ((Number) params.get("x")).doubleValue();
            return Map.of("cost", x, "error", x * x);
        }
    }

    /** Fine narrows around the stage's top trials by fronts: a front of one trial is not the whole top-k. */
    @org.junit.jupiter.api.Test
    void aFrontOfOneTrialDoesNotNarrowFineAroundOnePoint() throws Exception {
        TuningOutcome outcome = costAndError(Agreeing.class, "agreeing", 8, new Stage("coarse", 8, "random"),
                new Stage("fine", 2, "random"));
        String line = outcome.summaryLines().stream().filter(l -> l.startsWith("Stage fine: space narrowed"))
                .findFirst().orElseThrow();
        assertTrue(line.contains("coarse's top 5 trials"), line);
    }

    /** A staged study of {@code objective} over x in [0, 1], minimising its cost and error, in a database of its own. */
    private TuningOutcome costAndError(Class<? extends Objective> objective, String study, int trials, Stage... stages)
            throws Exception {
        return Tuning.run(new TuningRequest(null, null, objective.getName(), getClass().getClassLoader(),
                Map.of("x", "float(0, 1)"), List.of("cost:min", "error:min"), trials, "random", "none", List.of(1.0),
                2, 1, 7, dir.resolve(study + ".db").toString(), study, null,
                new StudyOptions(List.of(), List.of(), Map.of(), Map.of(), 20, 3, List.of(stages)), Map.of(), dir),
                null);
    }

    /** A known metric the study is told to take the wrong way. */
    public static final class Accuracy implements Objective {
        @Override
        public Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) {
            return Map.of("accuracy", ((Number) params.get("x")).doubleValue());
        }
    }

    /** Each stage is a study of its own: its warnings say which stage they come from. */
    @org.junit.jupiter.api.Test
    void aStagesWarningsNameTheStage() throws Exception {
        TuningRequest request = oneParameter(Accuracy.class, "accuracy:min", 3, 7, "warned", List.of(),
                new Stage("coarse", 3, "random"), new Stage("fine", 2, "random"));
        List<String> warnings = new java.util.ArrayList<>();
        Tuning.run(request, new dev.tuner.study.StudyListener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        });
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("Stage coarse: <objectives><objective>accuracy:min")),
                warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("Stage fine: <objectives><objective>accuracy:min")),
                warnings.toString());
    }

    /** Fewer complete trials than the fine stage's top: the narrowing line says why it is around fewer. */
    @org.junit.jupiter.api.Test
    void aFineStageAroundFewerTrialsThanItsTopSaysWhy() throws Exception {
        TuningRequest request = oneParameter(Peak.class, "score:max", 3, 3, "few", List.of(),
                new Stage("coarse", 3, "random"), new Stage("fine", 2, "random"));
        List<String> lines = Tuning.run(request, null).summaryLines();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Stage fine: space narrowed around coarse's top 3 trials")
                && l.contains(" (of <top>" + Stage.DEFAULT_TOP + "</top>: only 3 completed and met the constraints)")),
                lines.toString());
    }

    private TuningOutcome staged(long seed, List<Map<String, String>> enqueue) throws Exception {
        return Tuning.run(oneParameter(Peak.class, "score:max", 8, seed, "staged-" + seed, enqueue,
                new Stage("coarse", 8, "random"), new Stage("fine", 2, "random")), null);
    }

    /** A staged study of a project's objective over one float {@code x}, stored in its own database. */
    private TuningRequest oneParameter(Class<?> objective, String metric, int trials, long seed, String name,
                                       List<Map<String, String>> enqueue, Stage... stages) {
        return new TuningRequest(null, null, objective.getName(), getClass().getClassLoader(),
                Map.of("x", "float(0, 1)"), List.of(metric), trials, "random", "none", List.of(1.0), 2, 1, seed,
                dir.resolve(name + ".db").toString(), name, null,
                new StudyOptions(List.of(), enqueue, Map.of(), Map.of(), 20, 3, List.of(stages)), Map.of(), dir);
    }

    /**
     * A staged run's estimate plans every stage (estimate.json's finished and remaining trials are the stages' sums),
     * so the run it is compared with counts the trials of every stage, not the last stage's study alone.
     */
    @org.junit.jupiter.api.Test
    void aStagedRunCountsTheTrialsOfEveryStage() throws Exception {
        assertEquals(new TuningOutcome.RunTrials(0, 10), staged(3, List.of()).trials());
        assertEquals(new TuningOutcome.RunTrials(10, 0), staged(3, List.of()).trials(), "run again: nothing left");
    }

    /** A stage's own unknown sampler is named as the stage's element, before any stage runs. */
    @org.junit.jupiter.api.Test
    void aStagesUnknownSamplerNamesTheStagesElement() {
        TuningRequest request = new TuningRequest(null, null, Peak.class.getName(), getClass().getClassLoader(),
                Map.of("x", "float(0, 1)"), List.of("score:max"), 8, "gp", "none", List.of(1.0), 2, 1, 1,
                dir.resolve("bad-stage.db").toString(), "staged", null,
                new StudyOptions(List.of(), List.of(), Map.of(), Map.of(), 20, 3,
                        List.of(new Stage("coarse", 8, "cmaess"))), Map.of(), dir);
        dev.tuner.config.InvalidSettingException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.tuner.config.InvalidSettingException.class, () -> Tuning.run(request, null));
        org.junit.jupiter.api.Assertions.assertEquals(Stage.STAGE.child("sampler"), e.setting());
        assertTrue(e.getMessage().startsWith("stages/stage/sampler = cmaess: unknown sampler"), e.getMessage());
        assertTrue(java.nio.file.Files.notExists(dir.resolve("bad-stage.db")), "nothing stored");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void aFineStageNeverEndsWorseThanTheStageItNarrows(long seed) throws Exception {
        List<StageReport> stages = staged(seed, List.of()).report().stages();
        double coarse = stages.get(0).best().values().get("score");
        double fine = stages.get(1).best().values().get("score");
        assertTrue(fine >= coarse, "fine's best " + fine + " is worse than coarse's " + coarse);
    }

    /** {@code <enqueue>} trials are evaluated by the first stage; the narrowed fine space may not hold them. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void enqueuedTrialsOutsideTheNarrowedSpaceDoNotFailTheFineStage(long seed) throws Exception {
        List<StageReport> stages = staged(seed, List.of(Map.of("x", "0.999"))).report().stages();
        assertEquals(2, stages.size());
        assertEquals(2L, stages.get(1).complete());
    }
}
