package dev.tuner.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.storage.InMemoryStudyStorage;
import dev.tuner.storage.StudyRecord;
import dev.tuner.storage.StudySnapshot;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An exported study reads back, through real CSV and JSON parsers, as what the storage holds. */
class StudyExportTest {
    @TempDir
    Path dir;

    static StudySnapshot study() {
        InMemoryStudyStorage s = new InMemoryStudyStorage();
        StudyRecord r = s.openStudy("iris", "fp", "{\"objectives\":[\"log-loss:min\"]}", List.of(Direction.MINIMIZE));
        s.setStudyAttribute(r.id(), "estimate", "{\"seconds\":3}");
        Trial a = s.claimTrial(r.id(), 5, "h/1/t").orElseThrow();
        s.setParams(a.id(), Map.of("eta", 0.1, "booster", "gbtree"));
        s.reportIntermediate(a.id(), 0.5, 0.4);
        s.reportAndFinishTrial(a.id(), 1.0, 0.3, TrialState.COMPLETE, List.of(0.3), Map.of("accuracy", 0.9), null);
        Trial b = s.claimTrial(r.id(), 5, "h/1/t").orElseThrow();
        s.setParams(b.id(), Map.of("eta", 0.5, "booster", "dart"));
        s.finishTrial(b.id(), TrialState.FAILED, List.of(Double.NaN), Map.of(), "diverged, \"badly\"\nsecond line");
        return s.snapshot("iris").orElseThrow();
    }

    @Test
    void csvHasOneRowPerTrialWithParamsBudgetsObjectivesAndTimes() throws Exception {
        StudySnapshot study = study();
        Path file = dir.resolve("iris.csv");
        StudyExport.write(study, StudyExport.Format.CSV, file);
        try (Reader r = Files.newBufferedReader(file);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().build().parse(r)) {
            List<CSVRecord> rows = csv.getRecords();
            assertEquals(List.of("number", "state", "param:booster", "param:eta", "value@0.5", "value@1", "log-loss",
                    "metric:accuracy", "started", "finished", "seconds", "worker", "message"), csv.getHeaderNames());
            assertEquals(2, rows.size());
            Trial first = study.trials().get(0);
            assertEquals("complete", rows.get(0).get("state"));
            assertEquals("gbtree", rows.get(0).get("param:booster"));
            assertEquals(first.intermediate().get(0.5), Double.parseDouble(rows.get(0).get("value@0.5")));
            assertEquals(first.value(), Double.parseDouble(rows.get(0).get("log-loss")));
            assertEquals(first.started().toString(), rows.get(0).get("started"));
            assertEquals(study.trials().get(1).message(), rows.get(1).get("message"));
            assertEquals("NaN", rows.get(1).get("log-loss"));
        }
    }

    @Test
    void jsonHoldsTheStudyItsAttributesAndEveryTrial() throws Exception {
        StudySnapshot study = study();
        Path file = dir.resolve("iris.json");
        StudyExport.write(study, StudyExport.Format.JSON, file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals("iris", root.get("study").textValue());
        assertEquals("log-loss", root.get("objectives").get(0).get("metric").textValue());
        assertEquals("minimize", root.get("objectives").get(0).get("direction").textValue());
        assertEquals(3, root.get("attributes").get("estimate").get("seconds").intValue());
        JsonNode trials = root.get("trials");
        assertEquals(2, trials.size());
        Trial first = study.trials().get(0);
        assertEquals(first.value(), trials.get(0).get("values").get(0).doubleValue());
        assertEquals(0.5, trials.get(0).get("intermediate").get(0).get("budget").doubleValue());
        assertEquals(first.intermediate().get(0.5), trials.get(0).get("intermediate").get(0).get("value").doubleValue());
        assertEquals("dart", trials.get(1).get("params").get("booster").textValue());
        assertEquals("NaN", trials.get(1).get("values").get(0).textValue());
        assertEquals(study.trials().get(1).message(), trials.get(1).get("message").textValue());
        assertTrue(trials.get(1).get("finished").isTextual());
    }
}
