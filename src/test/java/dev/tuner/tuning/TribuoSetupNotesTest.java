package dev.tuner.tuning;

import dev.tuner.tribuo.DatasetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notes a study's setup prints about its budgets: what a user would otherwise learn only from the bill. */
class TribuoSetupNotesTest {
    private static File iris() throws URISyntaxException {
        return new File(TribuoSetupNotesTest.class.getResource("/data/iris.csv").toURI());
    }

    @ParameterizedTest(name = "pruner {0}, budgets {1}")
    @CsvSource(delimiter = ';', value = {
            "none; 0.2,1.0; budgets [0.2] are not used: without a pruner every trial runs at the last budget only",
            "; 0.1,0.5,1.0; budgets [0.1, 0.5] are not used: without a pruner every trial runs at the last budget only",
            "hyperband; 0.1,1.0; budget 0.1 trains on 8 rows per fold; models that small often score alike",
            "hyperband; 0.5,1.0; ",
            "hyperband; 1.0; budget 1.0 is the only one: pruner hyperband never stops a trial, as it judges trials at"
                    + " the budgets before the last; give rising <budgets> such as 0.25,1.0 to prune",
            "median; 1.0; budget 1.0 is the only one: pruner median never stops a trial",
            "none; 1.0; ",
            "hyperband; 0.25,0.5; budget 0.5 is the last: every trial trains on at most that share of its fold's"
                    + " training rows",
            "none; 0.2,0.5; budgets [0.2] are not used: without a pruner every trial runs at the last budget only (a"
                    + " pruner such as hyperband or successive-halving judges trials there); and budget 0.5 is the"
                    + " last: every trial trains"})
    void budgetsNobodyJudgesOrThatAreTooSmallAreNamed(String pruner, String budgets, String note) throws Exception {
        List<Double> ladder = Arrays.stream(budgets.split(",")).map(Double::valueOf).toList();
        TuningRequest request = new TuningRequest(new DatasetSpec(iris(), "label", 0.2, "classification"), "cart",
                null, getClass().getClassLoader(), Map.of("maxDepth", "int(1, 6)"), List.of(), 10, "tpe", pruner,
                ladder, 3, 1, 42, null, "notes", null, StudyOptions.NONE);
        List<String> notes = TribuoSetup.of(request).notes().stream().filter(n -> n.startsWith("budget")).toList();
        if (note == null) {
            assertEquals(List.of(), notes);
        } else {
            assertEquals(1, notes.size(), notes.toString());
            assertEquals(note, notes.get(0).substring(0, Math.min(note.length(), notes.get(0).length())));
        }
    }

    /** A sanity stage trains at the smallest budget by design: no note that its last budget is below 1.0. */
    @Test
    void aSanityStageGetsNoNoteOnItsSingleSmallBudget() throws Exception {
        TuningRequest request = new TuningRequest(new DatasetSpec(iris(), "label", 0.2, "classification"), "cart",
                null, getClass().getClassLoader(), Map.of("maxDepth", "int(1, 6)"), List.of(), 10, "tpe", "hyperband",
                List.of(0.25, 1.0), 3, 1, 42, null, "notes", null, StudyOptions.NONE);
        TuningRequest sanity = StagedTuning.requestFor(request, new dev.tuner.study.Stage("sanity", null, null),
                "cart", Map.of("maxDepth", "int(1, 6)"), StudyOptions.NONE);
        assertEquals(List.of(0.25), sanity.budgets());
        assertTrue(TribuoSetup.of(sanity).notes().stream().noneMatch(n -> n.contains("is the last")),
                TribuoSetup.of(sanity).notes().toString());
        TuningRequest coarse = StagedTuning.requestFor(request, new dev.tuner.study.Stage("coarse", null, null),
                "cart", Map.of("maxDepth", "int(1, 6)"), StudyOptions.NONE);
        assertEquals(List.of(0.25, 1.0), coarse.budgets());
    }

    /** A regression's small models all predict about the mean, not a majority class. */
    @Test
    void theSmallBudgetNoteOfARegressionSpeaksOfTheMean() throws Exception {
        DatasetSpec regression = new DatasetSpec(iris(), "sepal_length_cm", 0.2, "regression");
        TuningRequest request = new TuningRequest(regression, "cart", null, getClass().getClassLoader(),
                Map.of("maxDepth", "int(1, 6)"), List.of(), 10, "tpe", "hyperband", List.of(0.1, 1.0), 3, 1, 42, null,
                "notes", null, StudyOptions.NONE);
        List<String> notes = TribuoSetup.of(request).notes().stream().filter(n -> n.startsWith("budget")).toList();
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("all predicting the mean"), notes.get(0));
    }
}
