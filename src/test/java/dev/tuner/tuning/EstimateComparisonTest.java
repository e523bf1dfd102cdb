package dev.tuner.tuning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimateComparisonTest {
    @TempDir
    Path dir;

    private Path estimate(int finishedTrials) throws Exception {
        Path file = dir.resolve("estimate.json");
        Files.writeString(file, "{\"study\": \"s\", \"expectedSeconds\": 10, \"finishedTrials\": " + finishedTrials
                + ", \"remainingTrials\": 5, \"range\": {\"lowSeconds\": 8, \"highSeconds\": 14}}");
        return file;
    }

    @Test
    void anEstimateIsComparedWithTheRunItPlanned() throws Exception {
        EstimateComparison e = EstimateComparison.of(estimate(5), "s", 12, 5, 5, null).orElseThrow();
        assertEquals(1.2, e.actualOverExpected(), 1e-9);
        assertEquals(true, e.insideRange());
        assertEquals(5, e.trialsThisRun());
    }

    /** A plan that missed says where: each timed phase beside the estimate's split; the rest of the run is other. */
    @Test
    void eachPhaseIsComparedWithTheEstimatesSplit() throws Exception {
        Path file = dir.resolve("estimate.json");
        Files.writeString(file, "{\"study\": \"s\", \"expectedSeconds\": 10, \"finishedTrials\": 0,"
                + " \"remainingTrials\": 5, \"phases\": {\"trialsSeconds\": 7, \"finalChoiceSeconds\": 2,"
                + " \"heldOutRefitsSeconds\": 0.5, \"otherSeconds\": 0.5}}");
        EstimateComparison e = EstimateComparison.of(file, "s", 12, 0, 5, new PhaseSeconds(6, 4, 1)).orElseThrow();
        assertEquals(new EstimateComparison.Phase(7.0, 6), e.phases().trials());
        assertEquals(new EstimateComparison.Phase(2.0, 4), e.phases().finalChoice());
        assertEquals(new EstimateComparison.Phase(0.5, 1), e.phases().heldOutRefits());
        assertEquals(new EstimateComparison.Phase(0.5, 1), e.phases().other());
        // An estimate.json without the split still compares the phases' actual seconds.
        EstimateComparison unsplit = EstimateComparison.of(estimate(0), "s", 12, 0, 5, new PhaseSeconds(6, 4, 1))
                .orElseThrow();
        assertEquals(new EstimateComparison.Phase(null, 6), unsplit.phases().trials());
    }

    @Test
    void aStaleEstimateOfAnotherRunOfAResumedStudyIsNotCompared() throws Exception {
        // Planned when 5 trials were finished; this run started from 10.
        assertTrue(EstimateComparison.of(estimate(5), "s", 12, 10, 5, null).isEmpty());
    }
}
