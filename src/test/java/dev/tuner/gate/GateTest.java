package dev.tuner.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import dev.tuner.config.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import dev.tuner.bundle.BundleBuilder;
import dev.tuner.bundle.BundleRequest;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tuning.TuningRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate on real iris bundles: baseline file recorded and read back, released bundle, reports. */
class GateTest {
    @TempDir
    static Path bundles;
    static Path good;
    static Path weak;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildBundles() throws Exception {
        good = GateFixtures.bundle(bundles, "good.zip", GateFixtures.GOOD);
        weak = GateFixtures.bundle(bundles, "weak.zip", GateFixtures.WEAK);
    }

    private Gate.Request request(Path candidate, Path baselineFile, Path baselineBundle, boolean update,
                                 List<Rule> rules) {
        GateSpec spec = new GateSpec(null, rules, null, null, 500);
        return new Gate.Request(GateFixtures.study(dir), spec, candidate, baselineFile, baselineBundle,
                baselineBundle == null ? null : "dev.tuner.test:iris:1.0", dir.resolve("tuner"), update,
                baselineFile);
    }

    private static List<Rule> rules() {
        return List.of(Rule.maxDrop("accuracy", 0.005), new Rule("macro-f1", null, null, null, 2.0),
                new Rule("log-loss", null, null, 0.05, null));
    }

    @Test
    void noBaselinePassesAndSaysHowToRecordOne() throws Exception {
        Gate.Outcome outcome = Gate.run(request(good, dir.resolve("baseline.json"), null, false, rules()));
        assertFalse(outcome.report().failed());
        assertEquals("no-baseline", outcome.report().status());
        assertTrue(outcome.report().notes().stream().anyMatch(n -> n.contains("-Dtuner.gate.updateBaseline")),
                outcome.report().notes().toString());
        assertNull(outcome.baselineWritten());
        assertFalse(Files.exists(dir.resolve("baseline.json")));
    }

    @Test
    void aRecordedBaselineIsPairedAndTheSameModelPasses() throws Exception {
        Path file = dir.resolve("src/test/tuner/baseline.json");
        Gate.Outcome recorded = Gate.run(request(good, file, null, true, rules()));
        assertEquals(file, recorded.baselineWritten());
        // Recording says it recorded, and not, as well, to record one.
        assertEquals(1, recorded.report().notes().stream().filter(n -> n.contains("-Dtuner.gate.updateBaseline"))
                .count(), recorded.report().notes().toString());
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(30, json.get("predictions").size());
        assertEquals(30, json.at("/data/heldOutRows").asInt());
        // metrics.json inside the bundle is computed on the same held-out rows: the figures agree.
        java.util.Map<String, Double> bundled = dev.tuner.bundle.BundleLoader.load(good).metrics();
        assertEquals(bundled.get("accuracy"), json.at("/metrics/accuracy").asDouble(), 1e-12);
        assertEquals(bundled.get("macro-f1"), json.at("/metrics/macro-f1").asDouble(), 1e-12);

        GateReport report = Gate.run(request(good, file, null, false, rules())).report();
        assertEquals("passed", report.status());
        assertTrue(report.baseline().paired());
        for (RuleResult r : report.results()) {
            assertEquals(0.0, r.change(), 0.0, r.message());
            assertEquals(0.0, r.interval().lower(), 0.0);
        }
    }

    @Test
    void theWeakModelFailsAgainstTheRecordedBaselineWithOneLinePerRule() throws Exception {
        Path file = dir.resolve("baseline.json");
        Gate.run(request(good, file, null, true, rules()));
        GateReport report = Gate.run(request(weak, file, null, false, rules())).report();
        assertTrue(report.failed(), report.results().toString());
        RuleResult accuracy = report.results().get(0);
        assertEquals(RuleResult.Status.FAILED, accuracy.status());
        assertTrue(accuracy.interval().upper() < -0.005, accuracy.message());
        assertTrue(accuracy.mcNemar().pValue() < 0.05, accuracy.message());
        assertTrue(accuracy.message().matches("accuracy: drop .* \\| baseline 0\\.\\d{4}, candidate 0\\.\\d{4}, change -.*"
                + "tolerance maxDrop 0.005, 95% interval of change \\[.*\\], McNemar p = .*"), accuracy.message());

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("tuner/TEST-tuner-gate.xml").toFile());
        Element suite = xml.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("tuner-gate", suite.getAttribute("name"));
        assertEquals("3", suite.getAttribute("tests"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(3, cases.getLength());
        Element first = (Element) cases.item(0);
        assertEquals("accuracy (maxDrop 0.005)", first.getAttribute("name"));
        Element failure = (Element) first.getElementsByTagName("failure").item(0);
        assertEquals(accuracy.message(), failure.getAttribute("message"));
        assertEquals(Integer.toString(report.failures().size()), suite.getAttribute("failures"));

        String md = Files.readString(dir.resolve("tuner/gate.md"));
        assertTrue(md.startsWith("### tuner:gate FAILED: "), md);
        assertTrue(md.contains("| accuracy (maxDrop 0.005) | "), md);
        assertTrue(md.contains("**failed**"), md);
        JsonNode gateJson = new ObjectMapper().readTree(dir.resolve("tuner/gate.json").toFile());
        assertEquals("failed", gateJson.get("status").asText());
        assertEquals(accuracy.candidate(), gateJson.at("/rules/0/candidate").asDouble(), 0);
    }

    /**
     * A bundle zip named as the baseline file (a release downloaded by hand) is gated against as a released bundle,
     * paired on the candidate's rows; it was read as JSON, failing with the zip's binary header in the message.
     * Recording over it is refused: a bundle is not a baseline file to overwrite.
     */
    @Test
    void aBundleZipAsTheBaselineFileIsReEvaluatedLikeARelease() throws Exception {
        GateReport report = Gate.run(request(weak, good, null, false, rules())).report();
        assertEquals(Baseline.Kind.BUNDLE, report.baseline().kind());
        assertTrue(report.baseline().paired());
        assertEquals(good.toString(), report.baseline().source());
        assertTrue(report.failed());
        assertEquals("passed", Gate.run(request(good, good, null, false, rules())).report().status());
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Gate.run(request(good, good, null, true, rules())));
        assertTrue(e.getMessage().contains("names the bundle " + good + "; point it at a .json file instead"),
                e.getMessage());
    }

    @Test
    void aReleasedBundleIsReEvaluatedOnTheCandidatesRows() throws Exception {
        GateReport report = Gate.run(request(weak, null, good, false, rules())).report();
        assertTrue(report.baseline().paired());
        assertEquals(Baseline.Kind.BUNDLE, report.baseline().kind());
        assertEquals("bundle", GateReportWriter.toJson(report).baseline().kind(),
                "gate.json keeps the kind's name");
        assertTrue(report.failed());
        GateReport reverse = Gate.run(request(good, null, weak, false, rules())).report();
        assertEquals("passed", reverse.status(), reverse.failureLines().toString());
    }

    @Test
    void anAggregateBaselineFileWithHighMetricsFailsOnThePointComparison() throws Exception {
        Path file = dir.resolve("baseline.json");
        Files.writeString(file, "{\"metrics\": {\"accuracy\": 1.0, \"macro-f1\": 1.0, \"log-loss\": 0.0}}");
        GateReport report = Gate.run(request(good, file, null, false, List.of(Rule.maxDrop("accuracy", 0.0))))
                .report();
        assertFalse(report.baseline().paired());
        RuleResult r = report.results().get(0);
        // The good model is not perfect on iris's held-out rows, so any drop from 1.0 fails without statistics.
        assertTrue(r.candidate() < 1.0);
        assertEquals(RuleResult.Status.FAILED, r.status(), r.message());
        assertNull(r.interval());
    }

    /** The note on the default rule says how it fails: on a significant drop when paired, on any drop otherwise. */
    @Test
    void theDefaultRulesNoteSaysHowItFailsWithEachKindOfBaseline() throws Exception {
        Path aggregate = dir.resolve("aggregate.json");
        Files.writeString(aggregate, "{\"metrics\": {\"accuracy\": 1.0, \"macro-f1\": 1.0}}");
        GateReport onAggregate = Gate.run(request(good, aggregate, null, false, List.of())).report();
        assertFalse(onAggregate.baseline().paired());
        assertTrue(onAggregate.notes().stream().anyMatch(n -> n.startsWith("no <rules>: default rule ")
                && n.endsWith("(fails on any drop: the baseline's rows are not the candidate's, so no test can be"
                + " made)")), onAggregate.notes().toString());
        assertEquals(RuleResult.Status.FAILED, onAggregate.results().get(0).status());

        GateReport paired = Gate.run(request(good, null, good, false, List.of())).report();
        assertTrue(paired.baseline().paired());
        assertTrue(paired.notes().stream().anyMatch(n -> n.startsWith("no <rules>: default rule ")
                && n.endsWith("(fails only on a significant drop)")), paired.notes().toString());
    }

    @Test
    void userMistakesAreOneLineNamingTheCulprit() throws Exception {
        Path missing = dir.resolve("nope.zip");
        GateException e = assertThrows(GateException.class,
                () -> Gate.run(request(missing, null, null, false, rules())));
        assertTrue(e.getMessage().startsWith("candidate bundle " + missing + " not found"), e.getMessage());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"metrics\": {\"accuracy\": \"high\"}}");
        assertEquals(bad + ": metrics.accuracy is not a number: \"high\"", assertThrows(GateException.class,
                () -> Gate.run(request(good, bad, null, false, rules()))).getMessage());
        Gate.Request coordinatesUpdate = new Gate.Request(GateFixtures.study(dir), new GateSpec(), good, null, null,
                "g:a:1", dir.resolve("tuner"), true, null);
        assertTrue(assertThrows(InvalidSettingException.class, () -> Gate.run(coordinatesUpdate)).getMessage()
                .contains("names the released bundle g:a:1"));
    }

    /**
     * A rule on a metric the data's task does not have (rules copied from a classification example onto a
     * regression) is a setting to fix, refused before any model is evaluated, not a failed rule of a worse model.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rmse", "r2:max", "auc", "train-seconds"})
    void aRuleOnAMetricTheTaskDoesNotHaveIsASettingToFix(String metric) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Gate.run(request(good, null,
                null, false, List.of(new Rule(metric, 0.1, null, null, null)))));
        assertEquals("gate/rules/rule/metric = " + metric + ": not available for classification of iris.csv;"
                + " available: [accuracy, error-rate, balanced-accuracy, macro-f1, micro-f1, log-loss, model-size]",
                e.getMessage());
    }

    @Test
    void coordinatesAreToldApartFromFiles() {
        assertTrue(Gate.isCoordinates("com.example:my-model:1.4.0"));
        assertFalse(Gate.isCoordinates("src/test/tuner/baseline.json"));
        assertFalse(Gate.isCoordinates("C:\\baseline.json"));
    }

    /** A cart study of {@code target} in {@code csv}, stored in {@code dir}. */
    private static TuningRequest cartStudy(Path dir, Path csv, String target, String task) {
        return new TuningRequest(new DatasetSpec(csv.toFile(), target, 0.2, task), "cart", null,
                GateFixtures.class.getClassLoader(), Map.of(), List.of(), 4, "random", "none", List.of(1.0), 2, 1,
                42, dir.resolve(target + "-" + task + ".db").toString(), "gate-test", null);
    }

    private static Path regressionBundle(Path dir) throws Exception {
        Path zip = dir.resolve("regression.zip");
        BundleBuilder.build(new BundleRequest(cartStudy(dir, GateFixtures.iris(), "petal_width_cm", "regression"),
                Map.of("maxDepth", "3"), null, null, null, dir.resolve("cache"), zip, dir.resolve("regression.json"),
                Instant.parse("2026-11-23T00:00:00Z"), "test", null));
        return zip;
    }

    /**
     * A released baseline of the other task (a regression bundle gated against a classification, or the reverse)
     * is refused on one line naming it and both tasks; it failed on Tribuo's class cast, naming class loaders.
     */
    @Test
    void aBaselineBundleOfTheOtherTaskIsRefusedNamingIt() throws Exception {
        Path regression = regressionBundle(dir);
        GateException e = assertThrows(GateException.class,
                () -> Gate.run(request(good, null, regression, false, rules())));
        assertEquals("baseline dev.tuner.test:iris:1.0 cannot predict the held-out rows of iris.csv: it is a "
                + "regression model, and 'label' of iris.csv is a classification target: compare models of the same "
                + "task", e.getMessage());

        Gate.Request reverse = new Gate.Request(cartStudy(dir, GateFixtures.iris(), "petal_width_cm", "regression"),
                new GateSpec(null, List.of(Rule.maxDrop("rmse", 0)), null, null, 500), regression, null, good,
                "dev.tuner.test:iris:1.0", dir.resolve("tuner"), false, null);
        e = assertThrows(GateException.class, () -> Gate.run(reverse));
        assertEquals("baseline dev.tuner.test:iris:1.0 cannot predict the held-out rows of iris.csv: it is a "
                + "classification model, and 'petal_width_cm' of iris.csv is a regression target: compare models "
                + "of the same task", e.getMessage());
    }

    /**
     * A candidate built for the same rows but the other task ({@code <task>regression</task>} on integer ratings,
     * then removed, so that the ratings read as classes) is refused likewise.
     */
    @Test
    void aCandidateOfTheOtherTaskIsRefusedNamingIt() throws Exception {
        Path ratings = dir.resolve("ratings.csv");
        List<String> lines = Files.readAllLines(GateFixtures.iris());
        StringBuilder csv = new StringBuilder(lines.get(0).replace(",label", ",rating")).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            csv.append(String.join(",", List.of(cells).subList(0, 4))).append(',')
                    .append(Math.round(Double.parseDouble(cells[2]))).append('\n');
        }
        Files.writeString(ratings, csv);
        Path zip = dir.resolve("ratings.zip");
        BundleBuilder.build(new BundleRequest(cartStudy(dir, ratings, "rating", "regression"), Map.of("maxDepth", "3"), null,
                null, null, dir.resolve("cache"), zip, dir.resolve("ratings.json"),
                Instant.parse("2026-11-23T00:00:00Z"), "test", null));
        Gate.Request asClasses = new Gate.Request(cartStudy(dir, ratings, "rating", "auto"),
                new GateSpec(null, List.of(Rule.maxDrop("accuracy", 0)), null, null, 500), zip, null, null, null,
                dir.resolve("tuner"), false, null);
        GateException e = assertThrows(GateException.class, () -> Gate.run(asClasses));
        assertEquals("candidate bundle " + zip + " cannot predict the held-out rows of ratings.csv: it is a "
                + "regression model, and 'rating' of ratings.csv is a classification target: compare models of "
                + "the same task; rebuild it with tuner:bundle", e.getMessage());
    }

}
