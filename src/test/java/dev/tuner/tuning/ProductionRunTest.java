package dev.tuner.tuning;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.report.ProductionSummary;
import dev.tuner.storage.StudyMismatchException;
import dev.tuner.trial.Constraint;
import dev.tuner.study.Objective;
import dev.tuner.study.ObjectiveContext;
import dev.tuner.trial.ParetoFront;
import dev.tuner.study.ProductionRun;
import dev.tuner.trial.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProductionRunTest {
    @TempDir
    Path dir;

    /** Two objectives; on the full data {@code a} doubles, which breaks the constraint for x above 0.5. */
    public static final class FullDataObjective implements Objective {
        ObjectiveContext context;

        @Override
        public void prepare(ObjectiveContext context) {
            this.context = context;
            if (!context.property("scale").equals("1")) {
                throw new IllegalStateException("prepare saw " + context.properties());
            }
        }

        @Override
        public Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) {
            if (context == null) {
                throw new IllegalStateException("evaluate before prepare");
            }
            double x = ((Number) params.get("x")).doubleValue();
            return Map.of("a", x, "b", 1 - x);
        }

        @Override
        public Map<String, Double> evaluateFull(Map<String, Object> params) {
            double x = ((Number) params.get("x")).doubleValue();
            return Map.of("a", 2 * x, "b", 1 - x);
        }
    }

    /** The SPI as it was: evaluate only. */
    public static final class EvaluateOnly implements Objective {
        @Override
        public Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) {
            return Map.of("a", ((Number) params.get("x")).doubleValue(), "b", 0.5);
        }
    }

    private TuningRequest request(Class<?> objective) {
        return request(objective, 42, "production");
    }

    private TuningRequest request(Class<?> objective, long seed, String study) {
        return new TuningRequest(null, null, objective.getName(), getClass().getClassLoader(),
                Map.of("x", "float(0, 1)"), List.of("a:max", "b:max"), 12, "random", "none", List.of(1.0), 2, 1, seed,
                dir.resolve(objective.getSimpleName() + ".db").toString(), study, null,
                new StudyOptions(List.of(new Constraint("a", null, 1.0)), List.of(), Map.of(), Map.of(), 20, 3,
                        List.of()), Map.of("scale", "1"), dir);
    }

    /**
     * The notes on budgets and pruner hold for a project's objective as for a built-in trainer, and are said before
     * the first trial.
     */
    @Test
    void budgetsThatNoPrunerUsesAreNotedForAProjectsObjective() throws Exception {
        TuningRequest base = request(EvaluateOnly.class, 42, "notes");
        TuningRequest unused = new TuningRequest(null, null, base.objective(), base.classLoader(), base.searchSpace(),
                base.objectives(), 4, "random", "none", List.of(0.5, 1.0), 2, 1, 42, base.storage(), "unused", null,
                StudyOptions.NONE, Map.of("scale", "1"), dir);
        List<String> log = new java.util.ArrayList<>();
        Tuning.run(unused, new dev.tuner.study.StudyListener() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void started(String studyName, int finishedBefore, int target, int requeued) {
                log.add("started");
            }
        });
        int note = log.indexOf("budgets [0.5] are not used: without a pruner every trial runs at the last budget only"
                + " (a pruner such as hyperband or successive-halving judges trials there)");
        assertTrue(note >= 0 && note < log.indexOf("started"), log.toString());
    }

    @Test
    void anEnqueuedTrialWithoutEveryParameterIsRefusedBeforeAnyTrial() {
        TuningRequest request = request(EvaluateOnly.class, 42, "partial");
        TuningRequest partial = request.withOptions(new StudyOptions(List.of(), List.of(Map.of()), Map.of(),
                Map.of(), 20, 3, List.of()));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Tuning.run(partial, null));
        assertEquals("enqueue/trial = {}: sets no value for x; an enqueued trial sets every parameter of the search"
                + " space it uses", e.getMessage());
        assertFalse(Files.exists(dir.resolve("EvaluateOnly.db")), "nothing stored");
    }

    @Test
    void aStudyOfTheProjectsObjectiveResumedWithAnotherSeedIsRefused() throws Exception {
        Tuning.run(request(EvaluateOnly.class), null);
        StudyMismatchException fromDefault = assertThrows(StudyMismatchException.class,
                () -> Tuning.run(request(EvaluateOnly.class, 7, "production"), null));
        assertTrue(fromDefault.getMessage().contains("<seed>: (the default) -> 7"), fromDefault.getMessage());

        Tuning.run(request(EvaluateOnly.class, 7, "seven"), null);
        Tuning.run(request(EvaluateOnly.class, 7, "seven"), null);
        StudyMismatchException changed = assertThrows(StudyMismatchException.class,
                () -> Tuning.run(request(EvaluateOnly.class, 8, "seven"), null));
        assertTrue(changed.getMessage().contains("<seed>: 7 -> 8"), changed.getMessage());
    }

    @Test
    void theTopKParetoTrialsAreReRunOnTheFullDataAndWritten() throws Exception {
        TuningOutcome outcome = Tuning.run(request(FullDataObjective.class), null);
        List<ProductionRun.Row> rows = outcome.production();
        List<Trial> expected = ParetoFront.topK(outcome.result().paretoFront(), outcome.result().objectives(), 3);
        assertEquals(expected.stream().map(Trial::number).toList(), rows.stream().map(ProductionRun.Row::number)
                .toList());
        for (ProductionRun.Row r : rows) {
            double x = ((Number) r.params().get("x")).doubleValue();
            assertEquals(x, r.sample().get("a"));
            assertEquals(2 * x, r.full().get("a"));
            assertEquals(2 * x <= 1.0, r.feasible());
        }
        ProductionSummary.write(dir, "production", outcome.result().objectives(), rows);
        String md = Files.readString(dir.resolve("production.md"));
        assertTrue(md.contains("Best trial: #" + rows.get(0).number()), md);
        assertTrue(md.contains("| trial | feasible | a (sample) | a (full) | b (sample) | b (full) |"), md);
        assertTrue(Files.readString(dir.resolve("production.json")).contains("\"full\""));
    }

    @Test
    void eachStageOfAStagedStudyPreparesTheObjectiveWithItsProperties() throws Exception {
        TuningRequest request = request(FullDataObjective.class);
        TuningRequest staged = request.withOptions(request.options().withStages(List.of(
                new dev.tuner.study.Stage("coarse", 6, "random"), new dev.tuner.study.Stage("fine", 4, "random"))));
        // FullDataObjective.prepare throws unless it sees <objectiveProperties><scale>1</scale>.
        TuningOutcome outcome = Tuning.run(staged, null);
        assertFalse(outcome.result().trials().isEmpty());
    }

    @Test
    void anObjectiveWithoutAFullRunTunesAsBeforeAndWritesNoProductionSummary() throws Exception {
        TuningOutcome outcome = Tuning.run(request(EvaluateOnly.class), null);
        assertEquals(12, outcome.result().trials().size());
        assertTrue(outcome.production().isEmpty());
    }
}
