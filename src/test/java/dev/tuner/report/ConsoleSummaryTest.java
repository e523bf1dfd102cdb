package dev.tuner.report;

import dev.tuner.storage.StudyRecord;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsoleSummaryTest {
    private static Trial trial(int n, double accuracy) {
        return new Trial(n, n, TrialState.COMPLETE, Map.of("k", (long) n + 3), new TreeMap<>(), List.of(accuracy),
                Map.of(), null, null, null, null);
    }

    /** The log names the same best trial as best.json and summary.md: the final choice's, when it took another. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-1 | Best trial #1: accuracy=0.8934 {k=4}",
            "1 | Best trial #1: accuracy=0.8934 {k=4}",
            "2 | Best trial #2: accuracy=0.8689 {k=5}, the final choice on more folds (below) over the study's best by"
                    + " its own folds, #1 accuracy=0.8934"})
    void theBestTrialLineNamesTheFinalChoice(int chosen, String expected) {
        StudyResult result = new StudyResult(new StudyRecord(1, "s", "f", "{}", List.of(Direction.MAXIMIZE)),
                List.of(trial(0, 0.8770), trial(1, 0.8934), trial(2, 0.8689)),
                List.of(ObjectiveSpec.parse("accuracy")), 3, 3, 0.1);
        assertEquals(List.of(expected), ConsoleSummary.lines(result, chosen));
    }
}
