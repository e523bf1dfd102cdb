package dev.tuner.tribuo;

import dev.tuner.tuning.BundleTraining;
import dev.tuner.tuning.FinalChoice;
import dev.tuner.tuning.StudyOptions;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningOutcome;
import dev.tuner.tuning.TuningRequest;

import dev.tuner.storage.StudyRecord;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The final choice re-scores the study's top trials on more folds, so that one lucky fold average does not win. */
class FinalChoiceTest {
    private static final int FOLDS = 3;
    private static final ObjectiveSpec LOG_LOSS = new ObjectiveSpec("log-loss", Direction.MINIMIZE);

    @TempDir
    Path dir;

    /** A trial whose study value is {@code study} and whose true value (what more folds measure) is {@code truth}. */
    private record Fake(int number, double study, double truth) {
        Trial trial() {
            return new Trial(number, number, TrialState.COMPLETE, Map.of("x", (long) number), null,
                    List.of(study), Map.of("log-loss", study), null, null, null, null);
        }
    }

    private static StudyResult result(List<Fake> fakes, ObjectiveSpec... objectives) {
        List<Trial> trials = fakes.stream().map(Fake::trial).toList();
        return new StudyResult(new StudyRecord(1, "s", "f", "{}", List.of(Direction.MINIMIZE)), trials,
                List.of(objectives), trials.size(), trials.size(), 0);
    }

    /** Each fold of a repeat scores a trial at its true value, off by a fold-dependent amount that averages out. */
    private static FinalChoice.RepeatEvaluator truthOf(List<Fake> fakes) {
        return (repeat, params, fold) -> {
            Fake f = fakes.get(((Long) params.get("x")).intValue());
            return Map.of("log-loss", f.truth() + 0.01 * (fold - (FOLDS - 1) / 2.0) * repeat);
        };
    }

    private static Fake truest(List<Fake> fakes, List<Trial> among) {
        return fakes.stream().filter(f -> among.stream().anyMatch(t -> t.number() == f.number()))
                .min(java.util.Comparator.comparingDouble(Fake::truth)).orElseThrow();
    }

    @Test
    void aLuckyFoldAverageDoesNotPickTheWorseTrial() throws Exception {
        // #1 looks best to the study by luck of its folds; #2 is better on any other folds.
        List<Fake> fakes = List.of(new Fake(0, 0.45, 0.45), new Fake(1, 0.40, 0.50), new Fake(2, 0.42, 0.42),
                new Fake(3, 0.60, 0.60));
        StudyResult result = result(fakes, LOG_LOSS);
        FinalChoice.Outcome outcome = FinalChoice.choose(result, FinalChoice.Settings.DEFAULT, null, null, FOLDS,
                1, truthOf(fakes));

        assertNotNull(outcome);
        assertEquals(result.best(), outcome.studyBest());
        assertNotEquals(result.best(), outcome.chosen());
        assertEquals(truest(fakes, FinalChoice.candidates(result, FinalChoice.Settings.DEFAULT.top(), null, null))
                .number(), outcome.chosen().number());
        assertTrue(outcome.changed());
        assertTrue(outcome.line().contains("the study's best by its own folds was #" + result.best().number()),
                outcome.line());
    }

    /**
     * The study's folds carry the luck the top trials were selected for, so they take no part in the choice: a mean
     * over every fold (0.4333 for #1 against 0.4467 for #2 here) would still pick the trial that is worse on any
     * other folds.
     */
    @Test
    void theFoldsThatRankedTheTrialsDoNotVoteInTheChoice() throws Exception {
        List<Fake> fakes = List.of(new Fake(0, 0.50, 0.50), new Fake(1, 0.40, 0.45), new Fake(2, 0.46, 0.44));
        FinalChoice.Outcome outcome = FinalChoice.choose(result(fakes, LOG_LOSS), FinalChoice.Settings.DEFAULT, null,
                null, FOLDS, 1, truthOf(fakes));

        assertEquals(2, outcome.chosen().number(), outcome.line());
        FinalChoice.Candidate lucky = outcome.candidates().stream().filter(c -> c.number() == 1).findFirst()
                .orElseThrow();
        FinalChoice.Candidate chosen = outcome.candidates().get(0);
        assertTrue(lucky.combined() < chosen.combined(), "the all-folds mean favours the lucky trial: " + outcome);
        assertEquals(0.44, chosen.repeatsValue(), 1e-9);
    }

    @ParameterizedTest(name = "{0} folds")
    @CsvSource({"1, 'on 2 new validation splits (log-loss: '", "3, 'on 2 new cross-validations of 3 folds (log-loss: '"})
    void theLogLineSaysWhatTheChoiceRestsOn(int folds, String evidence) throws Exception {
        List<Fake> fakes = List.of(new Fake(0, 0.45, 0.45), new Fake(1, 0.40, 0.50), new Fake(2, 0.42, 0.42));
        FinalChoice.Outcome outcome = FinalChoice.choose(result(fakes, LOG_LOSS), FinalChoice.Settings.DEFAULT, null,
                null, folds, 1, truthOf(fakes));
        assertTrue(outcome.line().startsWith("Final choice: trial #" + outcome.chosen().number() + " " + evidence),
                outcome.line());
    }

    @Test
    void theDefaultsTrialIsACandidateWhereverTheStudyRankedIt() throws Exception {
        // The defaults trial is last by the study's folds but truly the best.
        List<Fake> fakes = List.of(new Fake(0, 0.70, 0.40), new Fake(1, 0.41, 0.55), new Fake(2, 0.42, 0.56),
                new Fake(3, 0.43, 0.57), new Fake(4, 0.44, 0.44));
        StudyResult result = result(fakes, LOG_LOSS);
        Map<String, Object> defaults = fakes.get(0).trial().params();
        List<Trial> candidates = FinalChoice.candidates(result, FinalChoice.Settings.DEFAULT.top(), defaults, null);

        assertTrue(candidates.contains(fakes.get(0).trial()), candidates.toString());
        assertEquals(FinalChoice.Settings.DEFAULT.top() + 1, candidates.size());
        FinalChoice.Outcome outcome = FinalChoice.choose(result, FinalChoice.Settings.DEFAULT, defaults, null,
                FOLDS, 2, truthOf(fakes));
        assertEquals(truest(fakes, candidates).number(), outcome.chosen().number());
        assertTrue(outcome.candidates().stream().filter(FinalChoice.Candidate::defaults)
                .allMatch(c -> c.number() == fakes.get(0).number()));
    }

    /**
     * The defaults trial holds a trainer's own value (the int 1) where the sampler's copy of it holds the choice's
     * text ("1", from {@code choice(1, 8, 32)}): one configuration, re-scored once, and the third candidate is not
     * lost to the copy.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aSampledCopyOfTheDefaultsIsNotASecondCandidate(boolean withSpace) throws Exception {
        List<Map<String, Object>> params = List.of(Map.of("minibatchSize", 1, "scale", true),
                Map.of("minibatchSize", "8", "scale", "true"), Map.of("minibatchSize", "1", "scale", "true"),
                Map.of("minibatchSize", "32", "scale", "false"));
        double[] study = {0.0875, 0.0970, 0.0875, 0.1010};
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            trials.add(new Trial(i, i, TrialState.COMPLETE, params.get(i), null, List.of(study[i]),
                    Map.of("log-loss", study[i]), null, null, null, null));
        }
        StudyResult result = new StudyResult(new StudyRecord(1, "s", "f", "{}", List.of(Direction.MINIMIZE)), trials,
                List.of(LOG_LOSS), trials.size(), trials.size(), 0);
        dev.tuner.space.SearchSpace space = withSpace ? dev.tuner.space.SearchSpace.parse(Map.of(
                "minibatchSize", "choice(1, 8, 32)", "scale", "choice(true, false)")) : null;

        List<Trial> candidates = FinalChoice.candidates(result, 3, params.get(0), space);

        assertEquals(List.of(0, 1, 3), candidates.stream().map(Trial::number).toList());
    }

    /**
     * The study's folds favour one configuration, found three times over (#1-#3: the same x, or x within a tenth of
     * its range); #4, elsewhere, is truly better. Re-scoring the three copies cannot tell; the best of another
     * region has to be among the candidates.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"2.0, 2.0, false", "2.3, 2.6, true"})
    void copiesOfOneConfigurationAreReScoredOnce(double second, double third, boolean withSpace) throws Exception {
        double[] xs = {9, 2.0, second, third, 6};
        double[] study = {0.60, 0.40, 0.401, 0.402, 0.41};
        double[] truth = {0.60, 0.50, 0.50, 0.50, 0.42};
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            trials.add(new Trial(i, i, TrialState.COMPLETE, Map.of("x", xs[i]), null, List.of(study[i]),
                    Map.of("log-loss", study[i]), null, null, null, null));
        }
        StudyResult result = new StudyResult(new StudyRecord(1, "s", "f", "{}", List.of(Direction.MINIMIZE)), trials,
                List.of(LOG_LOSS), trials.size(), trials.size(), 0);
        dev.tuner.space.SearchSpace space = withSpace
                ? dev.tuner.space.SearchSpace.parse(Map.of("x", "float(0, 10)")) : null;
        FinalChoice.RepeatEvaluator evaluator = (repeat, params, fold) -> {
            for (int i = 0; i < xs.length; i++) {
                if (params.get("x").equals(xs[i])) {
                    return Map.of("log-loss", truth[i]);
                }
            }
            throw new AssertionError(params.toString());
        };
        FinalChoice.Outcome outcome = FinalChoice.choose(result, FinalChoice.Settings.DEFAULT, null, space, FOLDS, 1,
                evaluator);

        assertEquals(java.util.Set.of(1, 4, 0), outcome.candidates().stream().map(FinalChoice.Candidate::number)
                .collect(java.util.stream.Collectors.toSet()));
        assertEquals(4, outcome.chosen().number());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void switchedOffTheStudysBestStands(int top) throws Exception {
        List<Fake> fakes = List.of(new Fake(0, 0.40, 0.50), new Fake(1, 0.42, 0.42));
        assertNull(FinalChoice.choose(result(fakes, LOG_LOSS), new FinalChoice.Settings(top, 2), null, null, FOLDS,
                1, truthOf(fakes)));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"-1, 2, 'rescoreTop = -1: must be >= 0'",
            "3, 0, 'rescoreRepeats = 0: must be >= 1'"})
    void badSettingsNameTheirElement(int top, int repeats, String message) {
        assertEquals(message, org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new FinalChoice.Settings(top, repeats)).getMessage());
    }

    @Test
    void severalObjectivesAreLeftToTheParetoSet() throws Exception {
        List<Fake> fakes = List.of(new Fake(0, 0.40, 0.50), new Fake(1, 0.42, 0.42));
        assertNull(FinalChoice.choose(result(fakes, LOG_LOSS, new ObjectiveSpec("model-size", Direction.MINIMIZE)),
                FinalChoice.Settings.DEFAULT, null, null, FOLDS, 1, truthOf(fakes)));
    }

    @Test
    void aChoiceMadeBeforeALaterTrialIsStale() throws Exception {
        List<Fake> fakes = new ArrayList<>(List.of(new Fake(0, 0.45, 0.45), new Fake(1, 0.40, 0.50),
                new Fake(2, 0.42, 0.42)));
        StudyResult result = result(fakes, LOG_LOSS);
        FinalChoice.Outcome outcome = FinalChoice.choose(result, FinalChoice.Settings.DEFAULT, null, null, FOLDS,
                1, truthOf(fakes));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(outcome.report());
        assertEquals(outcome.chosen(), FinalChoice.stored(result, json).orElseThrow());

        fakes.add(new Fake(3, 0.30, 0.30));
        assertTrue(FinalChoice.stored(result(fakes, LOG_LOSS), json).isEmpty());
    }

    @Test
    void aChoiceMadeUnderOtherConstraintsIsStale() throws Exception {
        List<Fake> fakes = List.of(new Fake(0, 0.45, 0.45), new Fake(1, 0.40, 0.50), new Fake(2, 0.42, 0.42));
        StudyResult result = result(fakes, LOG_LOSS);
        FinalChoice.Outcome outcome = FinalChoice.choose(result, FinalChoice.Settings.DEFAULT, null, null, FOLDS,
                1, truthOf(fakes));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(outcome.report());
        // bundle with a constraint the chosen trial breaks: the choice does not apply.
        StudyResult constrained = new StudyResult(result.study(), result.trials(), result.objectives(),
                result.target(), result.ranHere(), 0, List.of(new dev.tuner.trial.Constraint("log-loss", null,
                outcome.chosen().value() - 1e-9)));
        assertTrue(FinalChoice.stored(constrained, json).isEmpty());
    }

    /**
     * The stored choice stands in for re-scoring when nothing it rests on changed; another trial, another
     * {@code <rescoreTop>} or {@code <rescoreRepeats>} or other folds re-score.
     */
    @Test
    void anUnchangedStudyReusesItsStoredChoice() throws Exception {
        List<Fake> fakes = new ArrayList<>(List.of(new Fake(0, 0.45, 0.45), new Fake(1, 0.40, 0.50),
                new Fake(2, 0.42, 0.42), new Fake(3, 0.50, 0.50)));
        StudyResult result = result(fakes, LOG_LOSS);
        FinalChoice.Outcome made = FinalChoice.choose(result, FinalChoice.Settings.DEFAULT, null, null, FOLDS, 1,
                truthOf(fakes));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(made.report());

        FinalChoice.Outcome reused = FinalChoice.reusable(json, result, FinalChoice.Settings.DEFAULT, null, null,
                FOLDS).orElseThrow();
        assertEquals(made.report(), reused.report());
        assertEquals(made.chosen(), reused.chosen());
        assertEquals(made.studyBest(), reused.studyBest());

        assertTrue(FinalChoice.reusable(json, result, new FinalChoice.Settings(2, 2), null, null, FOLDS).isEmpty());
        assertTrue(FinalChoice.reusable(json, result, new FinalChoice.Settings(3, 3), null, null, FOLDS).isEmpty());
        assertTrue(FinalChoice.reusable(json, result, FinalChoice.Settings.DEFAULT, null, null, 2).isEmpty());
        fakes.add(new Fake(4, 0.60, 0.60));
        assertTrue(FinalChoice.reusable(json, result(fakes, LOG_LOSS), FinalChoice.Settings.DEFAULT, null, null,
                FOLDS).isEmpty());
        assertTrue(FinalChoice.reusable("{not json", result, FinalChoice.Settings.DEFAULT, null, null, FOLDS)
                .isEmpty());
    }

    /** tune run again on a finished study makes the same choice without training the candidates again. */
    @Test
    void tuneRunAgainOnAFinishedStudyDoesNotReScore() throws Exception {
        TuningRequest request = request(FinalChoice.Settings.DEFAULT, "again");
        List<String> firstLog = new ArrayList<>();
        List<String> againLog = new ArrayList<>();
        TuningOutcome first = Tuning.run(request, logTo(firstLog));
        TuningOutcome again = Tuning.run(request, logTo(againLog));
        assertEquals(first.report().finalChoice(), again.report().finalChoice());
        assertEquals(first.report().heldOut().bestTrial(), again.report().heldOut().bestTrial());
        assertTrue(again.summaryLines().stream().anyMatch(l -> l.startsWith("Final choice: trial #")),
                again.summaryLines().toString());
        java.util.function.Predicate<String> reused = l -> l.startsWith("Final choice: as the last run made it");
        assertTrue(firstLog.stream().noneMatch(reused), firstLog.toString());
        assertTrue(againLog.stream().anyMatch(reused), againLog.toString());
    }

    private static dev.tuner.study.StudyListener logTo(List<String> lines) {
        return new dev.tuner.study.StudyListener() {
            @Override
            public void info(String message) {
                lines.add(message);
            }
        };
    }

    private TuningRequest request(FinalChoice.Settings settings, String study) {
        return new TuningRequest(new DatasetSpec(TestData.resource("iris.csv").toFile(), "label", 0.2, null), "cart",
                null, null, Map.of("maxDepth", "int(1, 20)", "minChildWeight", "float(1, 10)"), List.of("accuracy"),
                6, "random", "none", List.of(1.0), 2, 1, 42, dir.resolve("studies.db").toString(), study, null,
                StudyOptions.NONE.withFinalChoice(settings));
    }

    @Test
    void tuneHeldOutRowsAndBundleUseTheFinalChoice() throws Exception {
        TuningRequest request = request(FinalChoice.Settings.DEFAULT, "rescored");
        TuningOutcome outcome = Tuning.run(request, null);

        FinalChoice.Report choice = outcome.report().finalChoice();
        assertNotNull(choice, outcome.report().toString());
        assertEquals(choice.chosen(), outcome.report().heldOut().bestTrial());
        assertEquals(choice.chosen(), BundleTraining.prepare(request).bestStoredTrial().number());
        assertEquals(choice.chosen(), dev.tuner.report.BestJsonWriter.toJson(outcome.result(), 5,
                outcome.report()).get("best").get("number").asInt());
        assertTrue(outcome.summaryLines().stream().anyMatch(l -> l.startsWith("Final choice: trial #")),
                outcome.summaryLines().toString());
        // The run times its phases, for the estimate's comparison in best.json.
        assertTrue(outcome.phases().trials() > 0 && outcome.phases().finalChoice() > 0
                && outcome.phases().heldOutRefits() > 0, outcome.phases().toString());
    }

    /** Stages store each stage as a study of its own: bundle says so, and how to bundle the staged result. */
    @Test
    void bundlingAStagedStudyNamesItsStagesAndTheParamsFile() throws Exception {
        TuningRequest plain = request(FinalChoice.Settings.DEFAULT, "staged");
        TuningRequest staged = new TuningRequest(plain.dataset(), plain.trainer(), null, null, plain.searchSpace(),
                plain.objectives(), 4, "random", "none", List.of(1.0), 2, 1, 42, plain.storage(), "staged", null,
                StudyOptions.NONE.withStages(List.of(new dev.tuner.study.Stage("coarse", 4, "random"),
                        new dev.tuner.study.Stage("fine", 2, "random"))));
        Tuning.run(staged, null);
        dev.tuner.config.ConfigurationException e = assertThrows(dev.tuner.config.ConfigurationException.class,
                () -> BundleTraining.prepare(plain).bestStoredTrial());
        assertTrue(e.getMessage().contains("was tuned in stages, stored as 'staged:coarse', 'staged:fine': bundle "
                + "the last stage's best with paramsFile set to tune's best.json"), e.getMessage());
    }

    @Test
    void switchedOffTuneAndBundleTakeTheStudysBest() throws Exception {
        TuningRequest request = request(new FinalChoice.Settings(0, 2), "as-measured");
        TuningOutcome outcome = Tuning.run(request, null);

        assertNull(outcome.report().finalChoice(), outcome.report().toString());
        assertEquals(0, outcome.phases().finalChoice());
        assertTrue(outcome.phases().heldOutRefits() > 0, outcome.phases().toString());
        assertEquals(outcome.result().best().number(), outcome.report().heldOut().bestTrial());
        assertEquals(outcome.result().best(), BundleTraining.prepare(request).bestStoredTrial());
    }

    @Test
    void repeatsKeepTheHeldOutRowsAndChangeTheFolds() {
        DataSplits first = new DataSplits(TestData.iris(), 0.2, 3, 42);
        DataSplits repeat = new DataSplits(TestData.iris(), 0.2, 3, 42, 1);
        assertEquals(java.util.Arrays.toString(first.heldOutRows()), java.util.Arrays.toString(repeat.heldOutRows()));
        assertNotEquals(java.util.Arrays.toString(first.validationRows(0)),
                java.util.Arrays.toString(repeat.validationRows(0)));
    }
}
