package dev.tuner.tuning;

import dev.tuner.storage.StudyRecord;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warning when the trainer's defaults beat the tuned model on the held-out rows. */
class DefaultsWinTest {
    private static final ObjectiveSpec RMSE = ObjectiveSpec.parse("rmse");
    private static final ObjectiveSpec ACCURACY = ObjectiveSpec.parse("accuracy");

    @Test
    void defaultsOutsideTheSpaceThatWinAreNamedWithTheWayOut() {
        String warning = Tuning.defaultsWin(RMSE, Map.of("rmse", 1.2769), Map.of("rmse", 0.8726), 36,
                Tuning.whyNotChosen(request(null, true), null, SPACE, result(), 36)).orElseThrow();
        assertEquals("The trainer's defaults beat the tuned model on the 36 held-out rows (rmse 0.8726 against"
                + " 1.2769): the study never tried them, as they lie outside <searchSpace>: widen it, or bundle the"
                + " defaults with <params>", warning);
    }

    @Test
    void defaultsTheStudyMeasuredThatWinAreCalledPossibleChance() {
        String warning = Tuning.defaultsWin(ACCURACY, Map.of("accuracy", 0.93), Map.of("accuracy", 0.95), 200,
                Tuning.whyNotChosen(request(null, true), DEFAULTS, SPACE, result(trial(0, TrialState.COMPLETE, 0.5)),
                        200)).orElseThrow();
        assertTrue(warning.contains("(accuracy 0.9500 against 0.9300)"), warning);
        assertTrue(warning.contains("on 200 rows the difference may be chance"), warning);
    }

    /** Two figures that agree to four decimals get the decimals that tell them apart. */
    @Test
    void figuresCloseToEachOtherAreWrittenWithTheDigitsThatTellThemApart() {
        String warning = Tuning.defaultsWin(ObjectiveSpec.parse("macro-f1"), Map.of("macro-f1", 0.991584),
                Map.of("macro-f1", 0.991625), 359, "why").orElseThrow();
        assertTrue(warning.contains("(macro-f1 0.99163 against 0.99158)"), warning);
        assertEquals(4, Tuning.decimalsApart(0.95, 0.93));
        assertEquals(10, Tuning.decimalsApart(0.5, 0.5 + 1e-13), "at most ten decimals");
    }

    @Test
    void aTunedModelAsGoodOrBetterOrAMissingFigureSaysNothing() {
        assertEquals(Optional.empty(), Tuning.defaultsWin(ACCURACY, Map.of("accuracy", 0.95),
                Map.of("accuracy", 0.93), 50, "why"));
        assertEquals(Optional.empty(), Tuning.defaultsWin(RMSE, Map.of("rmse", 0.5), Map.of("rmse", 0.5), 50, "why"));
        assertEquals(Optional.empty(), Tuning.defaultsWin(RMSE, Map.of("rmse", Double.NaN), Map.of("rmse", 0.5), 50,
                "why"));
        assertEquals(Optional.empty(), Tuning.defaultsWin(RMSE, Map.of(), Map.of("rmse", 0.5), 50, "why"));
    }

    /**
     * The advice follows what happened to the defaults in the study: more evidence helps only when cross-validation
     * measured them and preferred another trial.
     */
    @Test
    void theReasonFollowsWhatHappenedToTheDefaultsInTheStudy() {
        assertTrue(Tuning.whyNotChosen(request(null, true), DEFAULTS, SPACE,
                result(trial(0, TrialState.COMPLETE, 60_000)), 114)
                .startsWith("they break <constraints> (model-size <= 50000.0) on the study's folds"));
        assertTrue(Tuning.whyNotChosen(request(null, true), DEFAULTS, SPACE,
                result(trial(0, TrialState.PRUNED, 100)), 114)
                .startsWith("the pruner stopped the defaults' trial #0 at a small budget"));
        assertTrue(Tuning.whyNotChosen(request(null, false), null, SPACE, result(), 114)
                .startsWith("the study did not evaluate them (<evaluateDefaults> is off)"));
        assertTrue(Tuning.whyNotChosen(request("grid", true), null, SPACE, result(), 114)
                .startsWith("sampler grid proposes its own points"));
    }

    private static final dev.tuner.space.SearchSpace SPACE = dev.tuner.space.SearchSpace.parse(
            Map.of("maxDepth", "int(2, 10)"));
    private static final Map<String, Object> DEFAULTS = Map.of("maxDepth", 6);
    private static final java.util.List<dev.tuner.trial.Constraint> SMALL = java.util.List.of(
            new dev.tuner.trial.Constraint("model-size", null, 50_000.0));

    private static TuningRequest request(String sampler, boolean evaluateDefaults) {
        StudyOptions options = new StudyOptions(SMALL, java.util.List.of(), Map.of(), Map.of(), 20, 5,
                java.util.List.of()).withEvaluateDefaults(evaluateDefaults);
        return new TuningRequest(null, "xgboost", null, null, Map.of(), java.util.List.of("accuracy"), 10, sampler,
                "none", java.util.List.of(1.0), 3, 1, 42, null, "s", null, options);
    }

    private static Trial trial(int number, TrialState state, double modelSize) {
        return new Trial(number, number, state, Map.of("maxDepth", "6"), null,
                state == TrialState.COMPLETE ? java.util.List.of(0.9) : java.util.List.of(),
                Map.of("accuracy", 0.9, "model-size", modelSize), null, null, null, null);
    }

    private static StudyResult result(Trial... trials) {
        return new StudyResult(new StudyRecord(1, "s", "f", "{}", java.util.List.of(Direction.MAXIMIZE)),
                java.util.List.of(trials), java.util.List.of(ACCURACY), trials.length, trials.length, 0, SMALL);
    }
}
