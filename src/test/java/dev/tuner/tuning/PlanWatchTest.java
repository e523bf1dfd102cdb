package dev.tuner.tuning;

import dev.tuner.study.StudyProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanWatchTest {
    @TempDir
    Path dir;

    /** An estimate of 40 trials from a fresh study: 10 s expected, at most 15 s. */
    private Path estimate() throws Exception {
        Path file = dir.resolve("estimate.json");
        Files.writeString(file, "{\"study\": \"s\", \"expectedSeconds\": 10, \"finishedTrials\": 0,"
                + " \"remainingTrials\": 40, \"range\": {\"lowSeconds\": 7, \"highSeconds\": 15},"
                + " \"generated\": \"2026-11-30T09:56:30Z\"}");
        return file;
    }

    /** {@code finished} trials in {@code elapsed} seconds at a steady pace, of 40. */
    private static StudyProgress after(int finished, double elapsed) {
        return new StudyProgress(finished, 40, null, 0, elapsed, elapsed / finished * (40 - finished));
    }

    @Test
    void aStudyOnCourseBeyondTheRangeIsToldOnceAfterAQuarterOfItsTrials() throws Exception {
        PlanWatch watch = PlanWatch.of(estimate(), "s", 0).orElseThrow();
        // Twice the planned pace (0.5 s a trial against 0.25): on course for 20 s.
        assertTrue(watch.check(after(5, 2.5)).isEmpty(), "5 of 40 trials are too few to judge the pace by");
        Optional<String> said = watch.check(after(10, 5.0));
        assertTrue(said.isPresent());
        assertTrue(said.get().contains("After 10 of 40 trials") && said.get().contains("on course for 20 s")
                && said.get().contains("at most 15.0 s") && said.get().contains("2.0x"), said.get());
        assertTrue(watch.check(after(20, 10.0)).isEmpty(), "said once");
    }

    @Test
    void aStudyWithinItsRangeOrAheadOfItIsNotWarnedAbout() throws Exception {
        PlanWatch watch = PlanWatch.of(estimate(), "s", 0).orElseThrow();
        for (int finished = 1; finished < 40; finished++) {
            // 0.35 s a trial: on course for 14 s, inside the range; faster than planned is no warning either.
            assertEquals(Optional.empty(), watch.check(after(finished, 0.35 * finished)));
            assertEquals(Optional.empty(), watch.check(after(finished, 0.1 * finished)));
        }
    }

    /** A study of seconds that overruns its range ends before anyone could act on a warning: none is given. */
    @Test
    void aStudyWithLittleTimeLeftIsNotWarnedAbout() throws Exception {
        PlanWatch watch = PlanWatch.of(estimate(), "s", 0).orElseThrow();
        // Twice the planned pace, but past the 30th trial: 10 trials of 0.5 s, 5 s, are left.
        assertEquals(Optional.empty(), watch.check(after(30, 15.0)));
        // A sub-second plan (0.05 s a trial at three times its pace): 1.5 s left after 10 trials.
        Path small = dir.resolve("small.json");
        Files.writeString(small, "{\"study\": \"s\", \"expectedSeconds\": 0.7, \"finishedTrials\": 0,"
                + " \"remainingTrials\": 40, \"range\": {\"lowSeconds\": 0.5, \"highSeconds\": 1.0},"
                + " \"generated\": \"2026-11-30T09:56:30Z\"}");
        assertEquals(Optional.empty(), PlanWatch.of(small, "s", 0).orElseThrow().check(after(10, 0.5)));
    }

    @Test
    void anEstimateOfAnotherStudyOrAnotherRunIsNotWatched() throws Exception {
        assertTrue(PlanWatch.of(estimate(), "other", 0).isEmpty());
        assertTrue(PlanWatch.of(estimate(), "s", 12).isEmpty(), "planned from 0 finished trials, this run from 12");
        assertTrue(PlanWatch.of(dir.resolve("missing.json"), "s", 0).isEmpty());
        Files.writeString(dir.resolve("broken.json"), "{\"study\": ");
        assertTrue(PlanWatch.of(dir.resolve("broken.json"), "s", 0).isEmpty());
    }
}
