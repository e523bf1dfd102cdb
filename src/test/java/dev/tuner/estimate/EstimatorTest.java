package dev.tuner.estimate;

import dev.tuner.study.StudyListener;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimatorTest {

    @TempDir
    Path dir;

    private TuningRequest request(int trials, String storage) throws URISyntaxException {
        Path iris = Path.of(getClass().getResource("/data/iris.csv").toURI());
        return new TuningRequest(new DatasetSpec(iris.toFile(), "label", 0.2, null), "cart", null, null,
                Map.of("maxDepth", "int(1, 6)"), List.of(), trials, "random", "none", List.of(1.0), 2, 1, 42,
                storage, "resume", null);
    }

    @Test
    void aResumedStudyCostsOnlyItsRemainingTrials() throws Exception {
        String storage = dir.resolve("studies.db").toString();
        Tuning.run(request(3, storage), StudyListener.NONE);
        Estimate e = Estimator.estimate(request(8, storage), new Estimator.Options(2, null, 5));
        assertEquals(3, e.finishedTrials());
        assertEquals(5, e.remainingTrials());
        assertEquals(5 * 2, e.plannedRuns());
        assertEquals(10, e.expectedRuns(), 1e-9);
        assertTrue(e.expectedSeconds() > 0 && e.diskBytes() > 0 && e.peakMemoryBytes() > 0, e.toJson().toString());
        Estimate done = Estimator.estimate(request(3, storage), new Estimator.Options(2, null, 5));
        assertEquals(0, done.remainingTrials());
        assertEquals(0, done.expectedRuns(), 1e-12);
    }
}
