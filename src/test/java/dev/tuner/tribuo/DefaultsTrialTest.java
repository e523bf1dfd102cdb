package dev.tuner.tribuo;

import dev.tuner.study.StudyListener;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import dev.tuner.tuning.StudyOptions;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningOutcome;
import dev.tuner.tuning.TuningRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A built-in trainer's study evaluates the trainer's defaults first, whatever the sampler, unless told not to. */
class DefaultsTrialTest {
    /** cart's defaults: maxDepth 16, minChildWeight 5.0. */
    private static final Map<String, Object> DEFAULTS = Map.of("maxDepth", 16L, "minChildWeight", 5.0);

    @TempDir
    Path dir;

    private TuningRequest request(String sampler, int trials, String maxDepth, boolean evaluateDefaults) {
        return new TuningRequest(new DatasetSpec(TestData.resource("iris.csv").toFile(), "label", 0.2, null), "cart",
                null, null, Map.of("maxDepth", maxDepth, "minChildWeight", "float(1, 10)"), List.of(), trials,
                sampler, "none", List.of(1.0), 2, 1, 42, dir.resolve("studies.db").toString(), "defaults-" + sampler,
                null, StudyOptions.NONE.withEvaluateDefaults(evaluateDefaults));
    }

    /** Runs the study, collecting its info lines in {@code info}. */
    private static TuningOutcome run(TuningRequest request, List<String> info) throws Exception {
        return Tuning.run(request, new StudyListener() {
            @Override
            public void info(String message) {
                info.add(message);
            }
        });
    }

    private static Map<String, Object> first(TuningOutcome outcome) {
        return outcome.result().trials().stream().filter(t -> t.number() == 0).findFirst().orElseThrow().params();
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "sobol", "tpe", "tpe-multivariate", "gp", "cmaes", "auto", "nsga2", "motpe"})
    void theFirstTrialIsTheTrainersDefaults(String sampler) throws Exception {
        List<String> info = new ArrayList<>();
        TuningOutcome outcome = run(request(sampler, 4, "int(1, 20)", true), info);
        assertEquals(DEFAULTS, first(outcome));
        assertTrue(info.stream().anyMatch(l -> l.startsWith("Trial of the trainer's defaults first")), info.toString());
    }

    @Test
    void switchedOffTheFirstTrialIsSampled() throws Exception {
        assertNotEquals(DEFAULTS, first(Tuning.run(request("tpe", 2, "int(1, 20)", false), null)));
    }

    @Test
    void aDefaultOutsideTheSpaceIsNotEvaluatedAndTheLogSaysWhy() throws Exception {
        List<String> info = new ArrayList<>();
        TuningOutcome outcome = run(request("tpe", 2, "int(1, 8)", true), info);
        assertNotEquals(16L, first(outcome).get("maxDepth"));
        assertEquals(List.of("The trainer's defaults are not evaluated first: its default maxDepth=16 lies outside"
                + " <searchSpace><maxDepth>int(1, 8)</maxDepth>"), info);
    }

    @Test
    void aOneValueEntryOtherThanTheDefaultIsNoDefaultsTrial() throws Exception {
        // <maxDepth>4</maxDepth> is what every trial uses, not the defaults: saying so would mislead.
        List<String> info = new ArrayList<>();
        TuningOutcome outcome = run(request("tpe", 2, "4", true), info);
        assertEquals("4", String.valueOf(first(outcome).get("maxDepth")));
        assertTrue(info.contains("The trainer's defaults are not evaluated first: its default maxDepth=16 lies outside"
                + " <searchSpace><maxDepth>4</maxDepth>"), info.toString());
        assertTrue(info.stream().noneMatch(l -> l.startsWith("Trial of the trainer's defaults first")), info.toString());
    }

    @Test
    void aOneValueEntryThatIsTheDefaultKeepsTheDefaultsTrial() throws Exception {
        assertEquals(DEFAULTS, first(Tuning.run(request("tpe", 2, "16", true), null)));
    }

    @Test
    void aFinishedStudyIsNotGivenTheDefaultsTrialWhenRunAgain() throws Exception {
        // A study tuned without the defaults trial, then run again with it: nothing to add, nothing left waiting.
        Tuning.run(request("tpe", 3, "int(1, 20)", false), null);
        TuningOutcome again = Tuning.run(request("tpe", 3, "int(1, 20)", true), null);
        List<Trial> trials = again.result().trials();
        assertEquals(3, trials.size());
        assertTrue(trials.stream().allMatch(t -> t.state() == TrialState.COMPLETE), trials.toString());
        // Extending it runs the defaults first.
        List<String> info = new ArrayList<>();
        TuningOutcome extended = run(request("tpe", 4, "int(1, 20)", true), info);
        assertTrue(extended.result().trials().stream().anyMatch(t -> t.number() == 3 && t.params().equals(DEFAULTS)),
                extended.result().trials().toString());
        assertTrue(info.stream().anyMatch(l -> l.startsWith("Trial of the trainer's defaults first")), info.toString());
    }

    /** A resumed or extended study that measured the defaults says which trial did, not that they run first. */
    @Test
    void aStudyThatMeasuredTheDefaultsSaysWhichTrialDid() throws Exception {
        Tuning.run(request("tpe", 3, "int(1, 20)", true), null);
        for (int trials : new int[]{3, 5}) {
            List<String> info = new ArrayList<>();
            TuningOutcome outcome = run(request("tpe", trials, "int(1, 20)", true), info);
            assertEquals(trials, outcome.result().trials().size());
            assertTrue(info.stream().anyMatch(l -> l.startsWith("The trainer's defaults are trial #0 of the study: {")),
                    info.toString());
            assertTrue(info.stream().noneMatch(l -> l.startsWith("Trial of the trainer's defaults first")),
                    info.toString());
        }
    }

    /**
     * In stages, the first stage measures the defaults and the fine stage starts from the best trial before it, as
     * its log line says: the defaults are not trained again there.
     */
    @Test
    void aFineStageStartsFromThePreviousStagesBestNotTheDefaults() throws Exception {
        TuningRequest plain = request("random", 5, "int(1, 20)", true);
        TuningRequest staged = new TuningRequest(plain.dataset(), plain.trainer(), null, null, plain.searchSpace(),
                plain.objectives(), 5, "random", "none", List.of(1.0), 2, 1, 42, plain.storage(), "staged", null,
                StudyOptions.NONE.withStages(List.of(new dev.tuner.study.Stage("coarse", 5, "random"),
                        new dev.tuner.study.Stage("fine", 2, "random"), new dev.tuner.study.Stage("refit", null,
                                null))));
        TuningOutcome outcome = Tuning.run(staged, null);
        int best = outcome.report().stages().get(0).best().number();
        String refit = outcome.summaryLines().stream().filter(l -> l.startsWith("Stage refit:")).findFirst()
                .orElseThrow(() -> new AssertionError(outcome.summaryLines().toString()));
        assertTrue(refit.matches(".*held-out \\(\\d+ rows\\) \\{accuracy=\\d\\.\\d{4}}, cross-validated"
                + " \\{accuracy=\\d\\.\\d{4}}"), "four decimals, as the other stage lines: " + refit);
        try (dev.tuner.storage.StudyStorage storage = dev.tuner.storage.StudyStorages.openExisting(
                plain.storage())) {
            List<Trial> coarse = storage.trials(storage.findStudy("staged:coarse").orElseThrow().id());
            List<Trial> fine = storage.trials(storage.findStudy("staged:fine").orElseThrow().id());
            assertEquals(DEFAULTS, coarse.get(0).params());
            Map<String, Object> coarseBest = coarse.stream().filter(t -> t.number() == best).findFirst()
                    .orElseThrow().params();
            assertEquals(coarseBest, fine.get(0).params(), "fine's first trial is coarse's best");
            assertTrue(coarseBest.equals(DEFAULTS) || fine.stream().noneMatch(t -> t.params().equals(DEFAULTS)),
                    "the defaults are not trained again: " + fine);
        }
    }

    @Test
    void aFinishedStudyWithoutTheDefaultsDoesNotAnnounceThem() throws Exception {
        Tuning.run(request("tpe", 3, "int(1, 20)", false), null);
        List<String> info = new ArrayList<>();
        run(request("tpe", 3, "int(1, 20)", true), info);
        assertTrue(info.stream().noneMatch(l -> l.contains("defaults")), info.toString());
    }
}
