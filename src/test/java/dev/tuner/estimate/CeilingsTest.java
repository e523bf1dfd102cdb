package dev.tuner.estimate;

import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CeilingsTest {

    @Test
    void parsesJvmStyleSizes() {
        assertEquals(2L << 30, MemorySize.parse("maxMemory", "2g"));
        assertEquals(512L << 20, MemorySize.parse("maxMemory", "512m"));
        assertEquals(512L << 20, MemorySize.parse("maxMemory", "512MB"));
        assertEquals(3L << 29, MemorySize.parse("maxMemory", "1.5G"));
        assertEquals(800L << 10, MemorySize.parse("maxMemory", "800k"));
        assertEquals(1000, MemorySize.parse("maxMemory", "1000"));
    }

    @Test
    void aBadSizeNamesTheElement() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> MemorySize.parse("maxMemory", "2 gigs"));
        assertEquals(Setting.of("maxMemory"), e.setting());
        assertEquals("2 gigs", e.value());
        assertEquals("not a memory size such as 512m or 2g", e.problem());
        assertThrows(IllegalArgumentException.class, () -> MemorySize.parse("maxMemory", "0"));
    }

    @Test
    void namesEachExceededCeilingAndByHowMuch() {
        Estimate e = EstimateFixtures.estimate(150.0, 3L << 30);
        List<String> v = new Ceilings(Duration.ofMinutes(2), 2L << 30).violations(e);
        assertEquals(2, v.size());
        assertEquals("<maxWallTime>PT2M</maxWallTime> exceeded: expected 2m30s (150.0 s), 30.0 s (25%) over", v.get(0));
        assertEquals("<maxMemory> exceeded: expected peak heap 3.0 GiB, 1.0 GiB (50%) over the ceiling of 2.0 GiB",
                v.get(1));
        assertTrue(new Ceilings(Duration.ofMinutes(3), 4L << 30).violations(e).isEmpty());
        assertTrue(new Ceilings(null, null).violations(e).isEmpty());
    }

    /** A ceiling given as -Dtuner.maxWallTime or -Dtuner.maxMemory is named so, as the user wrote it. */
    @Test
    void aCeilingFromTheCommandLineIsNamedAsGiven() {
        Estimate e = EstimateFixtures.estimate(150.0, 3L << 30);
        List<String> v = new Ceilings(Duration.ofMinutes(2), 2L << 30, "-Dtuner.maxWallTime=PT2M",
                "-Dtuner.maxMemory=2g").violations(e);
        assertEquals("-Dtuner.maxWallTime=PT2M exceeded: expected 2m30s (150.0 s), 30.0 s (25%) over", v.get(0));
        assertEquals("-Dtuner.maxMemory=2g exceeded: expected peak heap 3.0 GiB, 1.0 GiB (50%) over the ceiling of"
                + " 2.0 GiB", v.get(1));
    }

    @Test
    void theFullCorpusReRunsHeapIsHeldToTheMemoryCeilingToo() {
        Estimate study = EstimateFixtures.estimate(10.0, 1L << 30);
        Estimate.FullCorpus corpus = new Estimate.FullCorpus("100000", 100_000, 800, 1.1, 3, 2.0, 6.0, 4.0, 9.0,
                3L << 30, List.of());
        Estimate e = new Estimate(study.study(), study.trainer(), study.pruner(), study.sampler(), study.trials(),
                study.finishedTrials(), study.remainingTrials(), study.folds(), study.jobs(), study.plannedRuns(),
                study.expectedRuns(), study.expectedStopped(), study.expectedSeconds(), study.lowSeconds(),
                study.highSeconds(), study.peakMemoryBytes(), study.diskBytes(), study.databaseBytes(),
                study.reportsBytes(), study.modelBytes(), study.prunerMath(), study.budgets(), study.calibration(),
                study.cpuHours(), study.cost(), corpus, study.origins(), study.warnings(), study.notes(),
                study.phases(), study.defaultsTrial(), study.stages());
        assertEquals(List.of("<maxMemory> exceeded by the <fullCorpus> re-run (100000 rows): expected peak heap "
                        + "3.0 GiB, 1.0 GiB (50%) over the ceiling of 2.0 GiB"),
                new Ceilings(null, 2L << 30).violations(e));
        assertTrue(new Ceilings(null, 4L << 30).violations(e).isEmpty());
        assertTrue(new Ceilings(Duration.ofSeconds(1), null).violations(e).stream()
                .noneMatch(v -> v.contains("fullCorpus")), "the time ceiling is the study's");
    }
}
