package dev.tuner.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recorded baseline file read back: every malformed field refused, and both sides computed alike. */
class BaselineFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path bundles;
    static Path good;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildBundle() throws Exception {
        good = GateFixtures.bundle(bundles, "good.zip", GateFixtures.GOOD);
    }

    private Gate.Request request(String trainer, Path candidate, Path file, boolean update, List<Rule> rules) {
        return new Gate.Request(GateFixtures.study(dir, trainer), new GateSpec(null, rules, null, null, 200),
                candidate, file, null, null, dir.resolve("tuner"), update, file);
    }

    private static void edit(Path file, Consumer<ObjectNode> change) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        change.accept(root);
        JSON.writeValue(file.toFile(), root);
    }

    private static ObjectNode row(ObjectNode root, int i) {
        return (ObjectNode) root.get("predictions").get(i);
    }

    static Stream<Arguments> corruptions() {
        return Stream.of(
                Arguments.of("a score that is text", (Consumer<ObjectNode>) r -> ((ObjectNode) row(r, 3).get("scores"))
                        .put("setosa", "abc"), ": predictions[3].scores.setosa is not a number: \"abc\""),
                Arguments.of("a null score", (Consumer<ObjectNode>) r -> ((ObjectNode) row(r, 0).get("scores"))
                        .putNull("virginica"), ": predictions[0].scores.virginica is not a number: null"),
                Arguments.of("a score that is true", (Consumer<ObjectNode>) r -> ((ObjectNode) row(r, 29)
                        .get("scores")).put("versicolor", true),
                        ": predictions[29].scores.versicolor is not a number: true"),
                Arguments.of("no scores", (Consumer<ObjectNode>) r -> row(r, 2).remove("scores"),
                        ": predictions[2] has no \"scores\" object (classification: a score per class)"),
                Arguments.of("scores as an array", (Consumer<ObjectNode>) r -> row(r, 2).putArray("scores").add(1.0),
                        ": predictions[2] has no \"scores\" object (classification: a score per class)"),
                Arguments.of("a score of another class", (Consumer<ObjectNode>) r -> ((ObjectNode) row(r, 5)
                        .get("scores")).put("setoso", 0.5), ": predictions[5].scores names 'setoso', not a class "
                        + "of the data [setosa, versicolor, virginica]"),
                Arguments.of("a label of another class", (Consumer<ObjectNode>) r -> row(r, 7).put("label", "Setosa"),
                        ": predictions[7].label 'Setosa' is not a class of the data [setosa, versicolor, virginica]"),
                Arguments.of("data as text", (Consumer<ObjectNode>) r -> r.put("data", "iris.csv"),
                        ": \"data\" must be an object (file, sha256, target, testFraction, seed, heldOutRows), "
                        + "found string"),
                Arguments.of("data as an array", (Consumer<ObjectNode>) r -> r.putArray("data").add(1),
                        ": \"data\" must be an object (file, sha256, target, testFraction, seed, heldOutRows), "
                        + "found array"),
                Arguments.of("a seed that is text", (Consumer<ObjectNode>) r -> ((ObjectNode) r.get("data"))
                        .put("seed", "42"), ": data.seed is not a number: \"42\""),
                Arguments.of("a sha256 that is a number", (Consumer<ObjectNode>) r -> ((ObjectNode) r.get("data"))
                        .put("sha256", 12), ": data.sha256 is not a string: 12"),
                Arguments.of("probabilistic as text", (Consumer<ObjectNode>) r -> r.put("probabilistic", "yes"),
                        ": \"probabilistic\" must be true or false, found \"yes\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void aMalformedPredictionIsRefusedNamingTheFileAndTheField(String name, Consumer<ObjectNode> change,
                                                               String expected) throws Exception {
        Path file = dir.resolve("baseline.json");
        List<Rule> rules = List.of(Rule.maxDrop("log-loss", 0), Rule.maxDrop("accuracy", 0));
        Gate.run(request("logistic", good, file, true, rules));
        edit(file, change);
        GateException e = assertThrows(GateException.class,
                () -> Gate.run(request("logistic", good, file, false, rules)));
        assertEquals(file + expected, e.getMessage());
    }

    /**
     * A model gated against the baseline it recorded passes a no-drop rule on every metric it reports, and the two
     * sides have the same metrics: a model whose scores are votes that sum to 1 (knn, cart) reports no log-loss,
     * and neither does its baseline. Also for a file recorded before "probabilistic" was written.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"cart, maxDepth, 16", "knn, k, 5", "logistic, epochs, 10", "liblinear, cost, 1.0"})
    void aModelGatedAgainstItsOwnRecordedBaselinePassesEveryRule(String trainer, String param, String value)
            throws Exception {
        Path zip = GateFixtures.bundle(dir, trainer + ".zip", trainer, Map.of(param, value));
        Path file = dir.resolve("baseline.json");
        Gate.run(request(trainer, zip, file, true, List.of(Rule.maxDrop("accuracy", 0))));
        Set<String> reported = new TreeSet<>();
        JSON.readTree(file.toFile()).get("metrics").fieldNames().forEachRemaining(reported::add);
        // The data fingerprint users commit: these fields, in this order.
        List<String> data = new ArrayList<>();
        JSON.readTree(file.toFile()).get("data").fieldNames().forEachRemaining(data::add);
        assertEquals(List.of("file", "sha256", "target", "testFraction", "seed", "heldOutRows"), data);
        List<Rule> rules = new ArrayList<>();
        reported.forEach(m -> rules.add(Rule.maxDrop(m, 0)));

        for (boolean legacy : new boolean[]{false, true}) {
            if (legacy) {
                edit(file, r -> r.remove("probabilistic"));
            }
            GateReport report = Gate.run(request(trainer, zip, file, false, rules)).report();
            assertTrue(report.baseline().paired());
            assertEquals(reported, new TreeSet<>(report.baseline().metrics().keySet()), "legacy file: " + legacy);
            assertEquals("passed", report.status(), report.failureLines().toString());
            for (RuleResult r : report.results()) {
                assertEquals(0.0, r.change(), 0.0, r.message());
            }
            if (!reported.contains("log-loss")) {
                RuleResult logLoss = Gate.run(request(trainer, zip, file, false,
                        List.of(Rule.maxDrop("log-loss", 0)))).report().results().get(0);
                assertNull(logLoss.baseline(), "computed alike on both sides: " + logLoss.message());
                assertNull(logLoss.candidate(), logLoss.message());
            }
        }
    }
}
