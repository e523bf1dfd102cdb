package dev.tuner.gate;

import dev.tuner.trial.Direction;
import dev.tuner.tribuo.HeldOutPredictions;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.trial.MetricDirections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules, directions and the decision without and with paired rows. */
class RuleTest {
    private static Baseline aggregate(Map<String, Double> metrics) {
        return new Baseline("baseline.json", Baseline.Kind.FILE, metrics, null, null);
    }

    @Test
    void directionComesFromTheMetricOrItsSuffix() {
        assertEquals(Direction.MAXIMIZE, Rule.maxDrop("accuracy", 0).direction());
        assertEquals(Direction.MINIMIZE, Rule.maxDrop("rmse", 0).direction());
        assertEquals(Direction.MINIMIZE, Rule.maxDrop("log-loss", 0).direction());
        assertEquals(Direction.MAXIMIZE, Rule.maxDrop("my-score:max", 0).direction());
        assertEquals("my-score", Rule.maxDrop("my-score:max", 0).metricName());
        assertNull(new Rule("my-score", 0.5, null, null, null).direction());
        new Rule("my-score", 0.5, null, null, null).validate(); // absolute limits need no direction
    }

    @Test
    void badRulesNameTheSetting() {
        InvalidSettingException unknown = assertThrows(InvalidSettingException.class,
                () -> Rule.maxDrop("my-score", 0.1).validate());
        assertEquals(Rule.METRIC, unknown.setting());
        assertEquals("my-score", unknown.value());
        assertEquals("gate/rules/rule/metric = my-score: unknown metric, so a drop has no direction; known metrics "
                + "are " + MetricDirections.known() + ", or write 'my-score:max' / 'my-score:min'", unknown.getMessage());
        assertEquals("gate/rules/rule/metric = accuracy: has no limit: set gate/rules/rule/minimum, "
                + "gate/rules/rule/maximum, gate/rules/rule/maxDrop or gate/rules/rule/maxRelativeDrop",
                assertThrows(InvalidSettingException.class,
                        () -> new Rule("accuracy", null, null, null, null).validate()).getMessage());
        assertTrue(assertThrows(InvalidSettingException.class, () -> Rule.maxDrop("accuracy", -0.1).validate())
                .getMessage().startsWith("gate/rules/rule/maxDrop = -0.1: is negative"));
        assertEquals(Rule.METRIC, assertThrows(InvalidSettingException.class,
                () -> new Rule(null, 1.0, null, null, null).validate()).setting());
        assertTrue(assertThrows(InvalidSettingException.class,
                () -> new GateSpec(null, List.of(), 1.5, null, null).validate())
                .getMessage().startsWith("gate/significance = 1.5: must be in (0, 1)"));
        assertTrue(assertThrows(InvalidSettingException.class,
                () -> new GateSpec(null, List.of(), null, null, null).overriddenBy(null, 1.5, null, null).validate())
                .getMessage().startsWith("significance = 1.5: must be in (0, 1)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rmse:max|gate/rules/rule/metric = rmse:max: rmse is better lower; a suffix against its direction would"
                    + " pass worse models: write rmse",
            "accuracy:min|gate/rules/rule/metric = accuracy:min: accuracy is better higher; a suffix against its"
                    + " direction would pass worse models: write accuracy"})
    void aSuffixAgainstAKnownMetricsDirectionIsRefused(String metric, String message) {
        assertEquals(message, assertThrows(InvalidSettingException.class,
                () -> Rule.maxDrop(metric, 0).validate()).getMessage());
        Rule.maxDrop(metric.substring(0, metric.indexOf(':')) + (metric.endsWith("max") ? ":min" : ":max"), 0)
                .validate(); // the metric's own direction, written out, is fine
    }

    @Test
    void changeLimitsJudgeTheDropInTheMetricsDirection() {
        Map<String, Double> base = Map.of("accuracy", 0.90, "rmse", 2.0);
        // accuracy 0.90 -> 0.88: drop 0.02.
        assertEquals(RuleResult.Status.FAILED, judge(Rule.maxDrop("accuracy", 0.01), Map.of("accuracy", 0.88), base));
        assertEquals(RuleResult.Status.PASSED, judge(Rule.maxDrop("accuracy", 0.02), Map.of("accuracy", 0.88), base));
        assertEquals(RuleResult.Status.PASSED, judge(Rule.maxDrop("accuracy", 0), Map.of("accuracy", 0.95), base));
        // rmse 2.0 -> 2.3 is a drop of 0.3 (15%); 2.0 -> 1.5 is an improvement.
        assertEquals(RuleResult.Status.FAILED, judge(new Rule("rmse", null, null, null, 10.0), Map.of("rmse", 2.3), base));
        assertEquals(RuleResult.Status.PASSED, judge(new Rule("rmse", null, null, null, 20.0), Map.of("rmse", 2.3), base));
        assertEquals(RuleResult.Status.PASSED, judge(Rule.maxDrop("rmse", 0), Map.of("rmse", 1.5), base));
        // both limits: the stricter applies (10% of 2.0 = 0.2 < 0.5).
        assertEquals(0.2, GateEvaluator.tolerance(new Rule("rmse", null, null, 0.5, 10.0), 2.0), 1e-12);
    }

    @Test
    void absoluteLimitsAndMissingMetrics() {
        Map<String, Double> base = Map.of("accuracy", 0.9);
        assertEquals(RuleResult.Status.FAILED, judge(new Rule("macro-f1", 0.9, null, null, null),
                Map.of("macro-f1", 0.85), base));
        assertEquals(RuleResult.Status.FAILED, judge(new Rule("model-size", null, 1000.0, null, null),
                Map.of("model-size", 1200.0), base));
        RuleResult missing = GateEvaluator.judge(new Rule("log-loss", null, 0.5, null, null),
                Map.of("accuracy", 0.9), aggregate(base), null, null, 0.05);
        assertEquals(RuleResult.Status.FAILED, missing.status());
        assertTrue(missing.message().startsWith("log-loss: missing in the candidate's metrics [accuracy]"),
                missing.message());
        RuleResult notInBaseline = GateEvaluator.judge(Rule.maxDrop("macro-f1", 0.01), Map.of("macro-f1", 0.9),
                aggregate(base), null, null, 0.05);
        assertEquals(RuleResult.Status.FAILED, notInBaseline.status());
        assertTrue(notInBaseline.message().contains("missing in the baseline"), notInBaseline.message());
    }

    @Test
    void withoutBaselineChangeLimitsAreSkippedButAbsoluteLimitsApply() {
        RuleResult r = GateEvaluator.judge(Rule.maxDrop("accuracy", 0), Map.of("accuracy", 0.5), null, null, null,
                0.05);
        assertEquals(RuleResult.Status.SKIPPED, r.status());
        RuleResult both = GateEvaluator.judge(new Rule("accuracy", 0.9, null, 0.0, null), Map.of("accuracy", 0.5),
                null, null, null, 0.05);
        assertEquals(RuleResult.Status.FAILED, both.status());
    }

    @Test
    void theFailureLineHasBaselineCandidateChangeToleranceAndInterval() {
        RuleResult r = GateEvaluator.judge(new Rule("accuracy", null, null, 0.005, null), Map.of("accuracy", 0.8),
                aggregate(Map.of("accuracy", 0.9)), new PairedBootstrap.Interval(-0.2, -0.05, 0.95, 1000),
                McNemar.test(1, 9), 0.05);
        assertEquals("accuracy: drop 0.1000 beyond tolerance 0.0050 | baseline 0.9000, candidate 0.8000, "
                + "change -0.1000 (-11.11%), tolerance maxDrop 0.005, 95% interval of change [-0.2000, -0.0500], "
                + "McNemar p = 0.0215 (exact, 1 vs 9 discordant)", r.message());
        assertEquals(RuleResult.Status.FAILED, r.status());
    }

    @Test
    void aDropBeyondToleranceThatIsNotSignificantPasses() {
        Baseline base = aggregate(Map.of("accuracy", 0.9));
        // The interval reaches a drop of 0.01 only (upper change -0.01 < tolerance 0.02): not beyond it throughout.
        RuleResult r = GateEvaluator.judge(Rule.maxDrop("accuracy", 0.02), Map.of("accuracy", 0.85), base,
                new PairedBootstrap.Interval(-0.1, -0.01, 0.95, 1000), McNemar.test(2, 8), 0.05);
        assertEquals(RuleResult.Status.PASSED, r.status());
        assertTrue(r.notes().get(0).contains("not significant"), r.notes().toString());
        // Interval beyond the tolerance, but McNemar does not find a difference.
        RuleResult m = GateEvaluator.judge(Rule.maxDrop("accuracy", 0.02), Map.of("accuracy", 0.85), base,
                new PairedBootstrap.Interval(-0.1, -0.03, 0.95, 1000), McNemar.test(3, 8), 0.05);
        assertEquals(RuleResult.Status.PASSED, m.status());
        assertTrue(m.notes().get(0).contains("McNemar p = 0.2266"), m.notes().toString());
    }

    @Test
    void pairedEvaluationFailsOnlyASignificantDrop() {
        HeldOutPredictions[] clearlyWorse = GateFixtures.paired(300, 0.60, 0.90, 0.5, new Random(4));
        GateReport report = GateEvaluator.evaluate("c.zip", List.of(Rule.maxDrop("accuracy", 0.01),
                        Rule.maxDrop("macro-f1", 0.01)), clearlyWorse[0].metrics(), clearlyWorse[0],
                new Baseline("b", Baseline.Kind.FILE, clearlyWorse[1].metrics(), clearlyWorse[1], null), 0.05, 500, 1);
        assertTrue(report.failed());
        assertEquals(2, report.failureLines().size());
        HeldOutPredictions[] same = GateFixtures.paired(60, 0.85, 0.86, 0.0, new Random(5));
        GateReport noise = GateEvaluator.evaluate("c.zip", List.of(Rule.maxDrop("accuracy", 0)), same[0].metrics(),
                same[0], new Baseline("b", Baseline.Kind.FILE, same[1].metrics(), same[1], null), 0.05, 500, 1);
        RuleResult r = noise.results().get(0);
        assertEquals(RuleResult.Status.PASSED, r.status(), r.message());
        assertTrue(r.interval().lower() < 0 && r.interval().upper() > 0, r.message());
    }

    private static RuleResult.Status judge(Rule rule, Map<String, Double> candidate, Map<String, Double> baseline) {
        rule.validate();
        return GateEvaluator.judge(rule, candidate, aggregate(baseline), null, null, 0.05).status();
    }
}
