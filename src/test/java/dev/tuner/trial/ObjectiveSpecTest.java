package dev.tuner.trial;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A direction suffix that turns a known metric the wrong way round is warned about; any other is quiet. */
class ObjectiveSpecTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "rmse:max| <objectives><objective>rmse:max</objective> maximizes rmse, which is better lower: the study"
                    + " searches for the worst models; write rmse to take its own direction",
            "accuracy:minimize| <objectives><objective>accuracy:min</objective> minimizes accuracy, which is better"
                    + " higher: the study searches for the worst models; write accuracy to take its own direction"})
    void aReversedKnownMetricIsWarnedAbout(String text, String warning) {
        assertEquals(warning, ObjectiveSpec.parse(text).reversedWarning().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rmse", "rmse:min", "accuracy:max", "model-size:min", "my-score:max", "my-loss:min"})
    void aMetricInItsOwnDirectionOrOfTheProjectIsQuiet(String text) {
        assertTrue(ObjectiveSpec.parse(text).reversedWarning().isEmpty(), text);
    }
}
