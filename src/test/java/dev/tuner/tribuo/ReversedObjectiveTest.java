package dev.tuner.tribuo;

import dev.tuner.study.StudyListener;
import dev.tuner.tuning.StudyOptions;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code rmse:max} tunes towards the worst models; tune warns before the first trial, the study still runs. */
class ReversedObjectiveTest {
    @TempDir
    Path dir;

    @Test
    void aKnownMetricTurnedTheWrongWayIsWarnedAbout() throws Exception {
        List<String> warnings = new ArrayList<>();
        TuningRequest request = new TuningRequest(new DatasetSpec(TestData.resource("iris.csv").toFile(), "label",
                0.2, null), "cart", null, null, Map.of("maxDepth", "int(1, 4)"), List.of("accuracy:min"), 1, "tpe",
                "none", List.of(1.0), 2, 1, 42, dir.resolve("studies.db").toString(), "reversed", null,
                StudyOptions.NONE);
        Tuning.run(request, new StudyListener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        });
        assertEquals(List.of("<objectives><objective>accuracy:min</objective> minimizes accuracy, which is better"
                + " higher: the study searches for the worst models; write accuracy to take its own direction"),
                warnings);
    }
}
