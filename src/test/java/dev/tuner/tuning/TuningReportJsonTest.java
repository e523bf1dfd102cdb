package dev.tuner.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.sampler.SweepSampler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * best.json's sections around the study are records: their JSON keeps the names and order that docs/tune.md,
 * docs/stages.md, docs/multi-objective.md and the ITs read, and leaves out what does not apply.
 */
class TuningReportJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySectionKeepsItsNamesAndOrder() {
        StageReport sanity = StageReport.searched("sanity", null, "s:sanity", 5, "random", "none", List.of(0.3),
                Map.of("maxDepth", "int(1, 6)"), new StageReport.Best(2, Map.of("accuracy", 0.9), Map.of("maxDepth", 3L)),
                5, new StageReport.Trivial("majority class", "accuracy", 0.33), true);
        StageReport fine = StageReport.searched("fine", new StageReport.NarrowedFrom("coarse", List.of(4, 7), 0.1),
                "s:fine", 10, "tpe", "median", List.of(0.3, 1.0), Map.of(), null, 0, null, null);
        StageReport refit = StageReport.refit("fine", 7, Map.of("maxDepth", 4L), 30, Map.of("accuracy", 0.93),
                Map.of("accuracy", 0.91));
        TuningReport report = new TuningReport(null,
                new TuningReport.HeldOut(30, 7, Map.of("accuracy", 0.93), Map.of("accuracy", 0.9)), 2L,
                new SweepSampler.Comparison(new SweepSampler.Baseline(0, Map.of("maxDepth", 4L), Map.of("accuracy", 0.9)),
                        List.of(new SweepSampler.Variant(1, "complete", Map.of("maxDepth", 2L), Map.of("accuracy", 0.8),
                                        Map.of("accuracy", -11.1), Map.of("accuracy", false)),
                                new SweepSampler.Variant(2, "failed", Map.of("maxDepth", 6L), null, null, null))),
                List.of(new TuningReport.ParetoPick(3, Map.of("maxDepth", 2L), Map.of("accuracy", 0.9), null)),
                new TuningReport.Hypervolume(0.5, new double[]{-0.1, 12}), List.of(sanity, fine, refit),
                new EstimateComparison(60, 75, null, null, null, null, 40, 20, 0, 20, "2026-01-01T00:00:00Z", null));

        JsonNode json = JSON.valueToTree(report);

        assertEquals(List.of("heldOut", "infeasibleTrials", "sweep", "paretoTopK", "hypervolume", "stages", "estimate"),
                names(json));
        assertEquals(List.of("rows", "bestTrial", "tuned", "defaults"), names(json.get("heldOut")));
        assertEquals(List.of("baseline", "variants"), names(json.get("sweep")));
        assertEquals(List.of("number", "params", "values"), names(json.get("sweep").get("baseline")));
        assertEquals(List.of("number", "state", "changed", "values", "changePercent", "better"),
                names(json.get("sweep").get("variants").get(0)));
        assertEquals(List.of("number", "state", "changed"), names(json.get("sweep").get("variants").get(1)));
        assertEquals(List.of("number", "params", "crossValidated"), names(json.get("paretoTopK").get(0)));
        assertEquals(List.of("value", "referenceLosses"), names(json.get("hypervolume")));
        assertEquals(List.of("name", "study", "trials", "sampler", "pruner", "budgets", "searchSpace", "best",
                "complete", "trivial", "passed"), names(json.get("stages").get(0)));
        assertEquals(List.of("number", "values", "params"), names(json.get("stages").get(0).get("best")));
        assertEquals(List.of("predictor", "accuracy"), names(json.get("stages").get(0).get("trivial")));
        assertEquals(0.33, json.get("stages").get(0).get("trivial").get("accuracy").asDouble());
        assertEquals(List.of("name", "narrowedFrom", "study", "trials", "sampler", "pruner", "budgets",
                "searchSpace", "complete"), names(json.get("stages").get(1)));
        assertEquals(List.of("stage", "top", "margin"), names(json.get("stages").get(1).get("narrowedFrom")));
        assertEquals(List.of("name", "from", "trial", "params", "heldOutRows", "heldOut", "crossValidated"),
                names(json.get("stages").get(2)));
        assertEquals(List.of("expectedSeconds", "actualSeconds", "actualOverExpected", "expectedRuns",
                "remainingTrials", "finishedBefore", "trialsThisRun", "estimateGenerated"), names(json.get("estimate")));
        assertTrue(json.get("estimate").get("actualOverExpected").isNull(), "an unknown ratio is written as null");
    }

    @Test
    void sectionsThatDoNotApplyAreLeftOut() {
        assertEquals(List.of(), names(JSON.valueToTree(TuningReport.NONE)));
        JsonNode sweepWithoutBaseline = JSON.valueToTree(new TuningReport(null, null, null,
                new SweepSampler.Comparison(null, null), null, null, null, null));
        assertEquals(List.of("sweep"), names(sweepWithoutBaseline));
        assertEquals(List.of(), names(sweepWithoutBaseline.get("sweep")), "the sweep without a baseline is {}");
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
