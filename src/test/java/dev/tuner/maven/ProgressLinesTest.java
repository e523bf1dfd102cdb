package dev.tuner.maven;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressLinesTest {
    @Test
    void aStudyBeyondItsTargetSaysThereIsNothingToRunAndHowToExtendIt() {
        assertEquals("Study 'iris': 25 trials finished, the target is 10: nothing to run (-Dtuner.moreTrials=N runs N more)",
                ProgressLines.started("iris", 25, 10, 0));
        assertEquals("Study 'iris:coarse': 8 trials finished, the target is 8: nothing to run (raise the stage's"
                + " <trials> to run more)", ProgressLines.started("iris:coarse", 8, 8, 0));
    }

    @Test
    void aStudyBelowItsTargetSaysHowManyAreLeft() {
        assertEquals("Study 'iris': 10 of 20 trials finished before, 10 to run, 2 interrupted trial(s) to retry",
                ProgressLines.started("iris", 10, 20, 2));
    }

    @Test
    void metricsAreShownToFourDecimalsAndCountsWhole() {
        java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        metrics.put("error-rate", 0.30000000000000004);
        metrics.put("model-size", 20923.0);
        metrics.put("auc", Double.NaN);
        assertEquals("{error-rate=0.3000, model-size=20923, auc=n/a}", ProgressLines.metrics(metrics));
    }
}
