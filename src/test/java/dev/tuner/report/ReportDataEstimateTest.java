package dev.tuner.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report sets an estimate against the run it planned, not against every run of a resumed study. */
class ReportDataEstimateTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static List<Trial> trials() {
        List<Trial> out = new ArrayList<>();
        // A first run of 3 trials (0-30 s), then, a day later, the resumed run of 2 trials.
        for (int i = 0; i < 5; i++) {
            Instant start = i < 3 ? T0.plusSeconds(10L * i) : T0.plusSeconds(86_400 + 10L * (i - 3));
            out.add(new Trial(i, i, TrialState.COMPLETE, Map.of(), new TreeMap<>(), List.of(0.5), Map.of(), start,
                    start.plusSeconds(10), "w", null));
        }
        return out;
    }

    @Test
    void aResumedStudysEstimateCoversOnlyTheRunItPlanned() throws Exception {
        var estimate = new ObjectMapper().readTree("{\"expectedSeconds\": 20, \"finishedTrials\": 3, \"generated\": \""
                + T0.plusSeconds(86_000) + "\"}");
        // Everything before the resumed run's first trial counts as it was taken.
        assertEquals(86_400, ReportData.earlierRunsSeconds(estimate, trials()).orElseThrow(), 1e-9);
    }

    @Test
    void aFreshStudysEstimateCoversTheWholeStudy() throws Exception {
        var estimate = new ObjectMapper().readTree("{\"expectedSeconds\": 20, \"finishedTrials\": 0, \"generated\": \""
                + T0.minusSeconds(5) + "\"}");
        assertTrue(ReportData.earlierRunsSeconds(estimate, trials()).isEmpty());
    }
}
