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
        EstimateComparison e = EstimateComparison.of(estimate(5), "s", 12, 5, 5).orElseThrow();
        assertEquals(1.2, e.actualOverExpected(), 1e-9);
        assertEquals(true, e.insideRange());
        assertEquals(5, e.trialsThisRun());
    }

    @Test
    void aStaleEstimateOfAnotherRunOfAResumedStudyIsNotCompared() throws Exception {
        // Planned when 5 trials were finished; this run started from 10.
        assertTrue(EstimateComparison.of(estimate(5), "s", 12, 10, 5).isEmpty());
    }
}
