package dev.tuner.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudySummaryMarkdownTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void oneObjectiveShowsTheBestTrialHeldOutAgainstDefaultsPruningAndEstimate() throws Exception {
        String md = StudySummaryMarkdown.render(json("""
                {'study': 'bc', 'objectives': [{'metric': 'log-loss', 'direction': 'min'}],
                 'trials': {'target': 40, 'complete': 12, 'pruned': 28, 'failed': 0, 'ranThisBuild': 40},
                 'seconds': 9.338,
                 'budgetSpent': {'fullTrainings': 29.75, 'withoutPruning': 40, 'fraction': 0.744},
                 'best': {'number': 28, 'params': {'eta': 0.4967883, 'maxDepth': 3, 'booster': 'gbtree'},
                          'values': {'log-loss': 0.07325}},
                 'heldOut': {'rows': 114, 'tuned': {'log-loss': 0.10356, 'accuracy': 0.95614, 'train-seconds': 0.1},
                             'defaults': {'log-loss': 0.12833, 'accuracy': 0.94737, 'train-seconds': 0.1}},
                 'estimate': {'expectedSeconds': 8.363, 'actualSeconds': 9.643, 'actualOverExpected': 1.153}}
                """));
        assertTrue(md.startsWith("### tuner:tune: study `bc`\n"), md);
        assertTrue(md.contains("40 trials finished of a target of 40 (12 complete, 28 pruned, 0 failed; 40 run by this"
                + " build) in 9.3 s."), md);
        assertTrue(md.contains("**Best trial #28**, cross-validated log-loss 0.0733"), md);
        assertTrue(md.contains("| eta | 0.4968 |\n| maxDepth | 3 |\n| booster | gbtree |"), md);
        assertTrue(md.contains("| log-loss | 0.1283 | 0.1036 | -0.0248 |\n| accuracy | 0.9474 | 0.9561 | +0.0088 |"),
                md);
        assertFalse(md.contains("train-seconds"), md);
        assertTrue(md.contains("**Pruning** spent 29.75 full trainings where the same trials without pruning would"
                + " have spent 40 (74%)."), md);
        assertTrue(md.contains("**Estimate** 8.4 s expected, 9.6 s taken (1.15x)."), md);
    }

    @Test
    void theEstimatesPhasesAreSetAgainstTheRuns() throws Exception {
        String md = StudySummaryMarkdown.render(json("""
                {'study': 'bc', 'objectives': [{'metric': 'log-loss', 'direction': 'min'}],
                 'trials': {'target': 4, 'complete': 4, 'pruned': 0, 'failed': 0, 'ranThisBuild': 4}, 'seconds': 3.0,
                 'estimate': {'expectedSeconds': 2.5, 'actualSeconds': 3.0, 'actualOverExpected': 1.2,
                              'phases': {'trials': {'expectedSeconds': 2.0, 'actualSeconds': 1.8},
                                         'finalChoice': {'expectedSeconds': 0.5, 'actualSeconds': 0.9},
                                         'heldOutRefits': {'expectedSeconds': null, 'actualSeconds': 0.2},
                                         'other': {'expectedSeconds': 0.1, 'actualSeconds': 0.1}}}}
                """));
        assertTrue(md.contains("| phase | expected s (mean) | taken s |\n| --- | ---: | ---: |\n| trials | 2.0 | 1.8 |\n"
                + "| final choice | 0.5 | 0.9 |\n| held-out refits | - | 0.2 |\n| other (data, reports) | 0.1 | 0.1 |"),
                md);
    }

    @Test
    void severalObjectivesShowTheParetoFront() throws Exception {
        String md = StudySummaryMarkdown.render(json("""
                {'study': 'mo', 'objectives': [{'metric': 'accuracy', 'direction': 'max'},
                                               {'metric': 'model-size', 'direction': 'min'}],
                 'trials': {'target': 10, 'complete': 10, 'pruned': 0, 'failed': 0, 'ranThisBuild': 10},
                 'seconds': 2.0, 'budgetSpent': {'fullTrainings': 10, 'withoutPruning': 10, 'fraction': 1.0},
                 'paretoFront': [{'number': 3, 'params': {'maxDepth': 2}, 'values': {'accuracy': 0.9, 'model-size': 1200}},
                                 {'number': 7, 'params': {'maxDepth': 6}, 'values': {'accuracy': 0.95, 'model-size': 5400}}]}
                """));
        assertTrue(md.contains("**Pareto front**: 2 trial(s), cross-validated\n\n| trial | accuracy | model-size |"
                + " parameters |\n| ---: | ---: | ---: | --- |\n| #3 | 0.9 | 1200 | maxDepth=2 |\n"
                + "| #7 | 0.95 | 5400 | maxDepth=6 |"), md);
        assertFalse(md.contains("Pruning"), "no pruning line when nothing was pruned: " + md);
        assertFalse(md.contains("Held-out"), md);
    }

    @Test
    void aStudyWithoutACompleteTrialSaysSo() throws Exception {
        String md = StudySummaryMarkdown.render(json("""
                {'study': 's', 'objectives': [{'metric': 'accuracy', 'direction': 'max'}],
                 'trials': {'target': 3, 'complete': 0, 'pruned': 0, 'failed': 3, 'ranThisBuild': 3},
                 'seconds': 0.5, 'best': null}
                """));
        assertEquals(3, md.lines().filter(l -> !l.isBlank()).count(), md);
        assertTrue(md.contains("No trial completed."), md);
    }

    /** Trials that complete but break a constraint are counted as complete: the summary may not deny them. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'best': null | No best trial: 4 of the 4 complete trials break a `<constraint>`",
            "'paretoFront': [] | No Pareto front: 4 of the 4 complete trials break a `<constraint>`"})
    void completeTrialsThatAllBreakAConstraintAreNotCalledUncompleted(String result, String expected)
            throws Exception {
        String md = StudySummaryMarkdown.render(json("""
                {'study': 's', 'objectives': [{'metric': 'accuracy', 'direction': 'max'}],
                 'trials': {'target': 4, 'complete': 4, 'pruned': 0, 'failed': 0, 'ranThisBuild': 4},
                 'seconds': 2.6, %s, 'infeasibleTrials': 4}
                """.formatted(result)));
        assertTrue(md.contains(expected), md);
        assertFalse(md.contains("No trial completed"), md);
        assertFalse(md.contains("| trial |"), "no empty Pareto table: " + md);
    }

    /** When re-scoring picked another trial, the best trial's study value is not the study's highest: say why. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2 | Chosen on 2 new cross-validations of 2 folds, folds that took no part in ranking the trials:"
                    + " accuracy 0.8607, against 0.8361 for #1, the study's best by its own folds (0.8934 there).",
            "1 | Chosen on 2 new validation splits, folds that took no part in ranking the trials: accuracy 0.8607,"
                    + " against 0.8361 for #1, the study's best by its own folds (0.8934 there)."})
    void aFinalChoiceThatChangedTheBestTrialIsExplained(int folds, String expected) throws Exception {
        String md = StudySummaryMarkdown.render(json("""
                {'study': 's', 'objectives': [{'metric': 'accuracy', 'direction': 'max'}],
                 'trials': {'target': 3, 'complete': 3, 'pruned': 0, 'failed': 0, 'ranThisBuild': 3}, 'seconds': 0.1,
                 'folds': %d,
                 'best': {'number': 2, 'params': {'k': 8}, 'values': {'accuracy': 0.86885}},
                 'finalChoice': {'chosen': 2, 'studyBest': 1, 'changed': true, 'metric': 'accuracy', 'folds': %d,
                                 'repeats': 2, 'completeTrials': 3, 'constraints': '[]',
                                 'candidates': [{'number': 2, 'defaults': false, 'study': 0.86885, 'repeats': 0.86066,
                                                 'combined': 0.86339},
                                                {'number': 1, 'defaults': false, 'study': 0.89344, 'repeats': 0.83607,
                                                 'combined': 0.85519},
                                                {'number': 0, 'defaults': true, 'study': 0.87705, 'repeats': 0.79098,
                                                 'combined': 0.81967}]}}
                """.formatted(folds, folds)));
        // One fold is a single validation split: its value is not cross-validated.
        assertTrue(md.contains("**Best trial #2**, " + (folds == 1 ? "on the validation split" : "cross-validated")
                + " accuracy 0.8689\n"), md);
        assertTrue(md.contains(expected), md);
        String unchanged = StudySummaryMarkdown.render(json("""
                {'study': 's', 'objectives': [{'metric': 'accuracy', 'direction': 'max'}],
                 'trials': {'target': 3, 'complete': 3, 'pruned': 0, 'failed': 0, 'ranThisBuild': 3}, 'seconds': 0.1,
                 'best': {'number': 1, 'params': {'k': 3}, 'values': {'accuracy': 0.89344}},
                 'finalChoice': {'chosen': 1, 'studyBest': 1, 'changed': false, 'metric': 'accuracy', 'folds': 2,
                                 'repeats': 2, 'candidates': [{'number': 1, 'defaults': false, 'study': 0.89344,
                                                               'repeats': 0.86, 'combined': 0.87}]}}
                """));
        assertFalse(unchanged.contains("Chosen on"), unchanged);
    }
}
