package dev.tuner.bundle;

import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundleBuilderTest {
    @TempDir
    Path dir;

    @Test
    void twoBuildsGiveTheSameBytesAndTheSecondHitsTheCache() throws Exception {
        HashingEmbedder embedder = new HashingEmbedder();
        Path cache = dir.resolve("cache");
        Path first = dir.resolve("a/bundle.zip");
        Path second = dir.resolve("b/bundle.zip");
        BundleBuilder.Outcome one = BundleBuilder.build(BundleFixtures.request(dir, first, cache, m -> embedder));
        // 25 rows, 24 distinct texts: the duplicate is embedded once.
        assertEquals(24, one.computed());
        assertEquals(1, one.cached());
        BundleBuilder.Outcome two = BundleBuilder.build(BundleFixtures.request(dir, second, cache, m -> embedder));
        assertEquals(0, two.computed());
        assertEquals(25, two.cached());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));

        JsonNode report = new ObjectMapper().readTree(second.resolveSibling("bundle.json").toFile());
        assertEquals(0, report.at("/embeddings/computed").asInt());
        assertEquals(25, report.at("/embeddings/cached").asInt());
        assertEquals("<params>", report.at("/paramsSource").asText());
        assertEquals(30, report.at("/heldOut/rows").asInt());
    }

    /**
     * An ensemble read back from its bytes sums its members' scores in another order: the safety check takes that
     * for the same model (it failed the build on it, for every class name that put the sum in another order).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"random-forest", "extra-trees", "cart"})
    void theSafetyCheckPassesAnEnsembleWhoseScoresDifferInTheLastBits(String trainer) throws Exception {
        Path csv = Path.of(BundleBuilderTest.class.getResource("/data/spaced-labels.csv").toURI());
        dev.tuner.tuning.TuningRequest study = new dev.tuner.tuning.TuningRequest(
                new dev.tuner.tribuo.DatasetSpec(csv.toFile(), "label", 0.2, "auto"), trainer, null,
                getClass().getClassLoader(), Map.of(), List.of(), 1, "random", "none", List.of(1.0), 2, 1, 42,
                dir.resolve("studies.db").toString(), "spaced", null);
        Map<String, String> params = trainer.equals("cart") ? Map.of("maxDepth", "3")
                : Map.of("numTrees", "26", "maxDepth", "3");
        Path zip = dir.resolve("spaced.zip");
        BundleBuilder.Outcome outcome = BundleBuilder.build(new BundleRequest(study, params, null, null, null, null,
                zip, dir.resolve("bundle.json"), Instant.parse("2026-11-23T00:00:00Z"), "test", null));
        assertTrue(Files.exists(zip));
        assertEquals(30, outcome.report().safetyCheck().heldOutPredictions());
    }

    @Test
    void pinnedParamsRefitTheBestTrialTunedAroundThem() throws Exception {
        // tune with the pins (they stay fixed, the rest is tuned), then bundle with the same configuration.
        BundleRequest request = BundleFixtures.request(dir, dir.resolve("pinned.zip"), dir.resolve("cache"),
                m -> new HashingEmbedder());
        dev.tuner.tuning.TuningRequest tuning = request.study().withOptions(new dev.tuner.tuning.StudyOptions(
                List.of(), List.of(), request.pinnedParams(), Map.of(), 20, 5, List.of()));
        dev.tuner.tuning.TuningOutcome outcome = dev.tuner.tuning.Tuning.run(tuning, null);
        // The trial tune's final choice picked (its top trials re-scored on more folds), else the study's best.
        int chosen = outcome.report().finalChoice() != null ? outcome.report().finalChoice().chosen()
                : outcome.result().best().number();
        dev.tuner.trial.Trial best = outcome.result().trials().stream().filter(t -> t.number() == chosen)
                .findFirst().orElseThrow();
        BundleBuilder.build(new BundleRequest(tuning, request.pinnedParams(), null, null, request.embedders(),
                request.cacheDirectory(), request.zipFile(), request.reportFile(), request.timestamp(), "test", null));

        JsonNode report = new ObjectMapper().readTree(request.reportFile().toFile());
        assertEquals("<params> and study 'bundle-test' trial #" + best.number() + ", tuned around them",
                report.at("/paramsSource").asText());
        assertEquals(5, report.at("/params/epochs").asInt());
        assertEquals("false", report.at("/params/scale").asText());
        assertEquals(((Number) best.params().get("learningRate")).doubleValue(),
                report.at("/params/learningRate").asDouble());
    }

    @Test
    void theStudysBestTrialIsTheBestFeasibleOne() throws Exception {
        dev.tuner.tuning.TuningRequest tuning = BundleFixtures.study(dir.resolve("studies.db"));
        List<dev.tuner.trial.Trial> trials = dev.tuner.tuning.Tuning.run(tuning, null).result().trials();
        // The constraint keeps only the trials at the study's lowest accuracy: bundle must refit one of those.
        double lowest = trials.stream().mapToDouble(dev.tuner.trial.Trial::value).min().orElseThrow();
        double best = trials.stream().mapToDouble(dev.tuner.trial.Trial::value).max().orElseThrow();
        assertTrue(best > lowest, "the fixture's trials must differ: " + trials);
        dev.tuner.tuning.TuningRequest constrained = tuning.withOptions(new dev.tuner.tuning.StudyOptions(
                List.of(new dev.tuner.trial.Constraint("accuracy", null, lowest)), List.of(), Map.of(), Map.of(), 20,
                5, List.of()));
        Path zip = dir.resolve("constrained.zip");
        BundleBuilder.build(new BundleRequest(constrained, Map.of(), null, null, m -> new HashingEmbedder(),
                dir.resolve("cache"), zip, zip.resolveSibling("bundle.json"),
                java.time.Instant.parse("2026-11-23T00:00:00Z"), "test", null));
        String source = new ObjectMapper().readTree(zip.resolveSibling("bundle.json").toFile()).at("/paramsSource")
                .asText();
        dev.tuner.trial.Trial chosen = trials.stream().filter(t -> source.endsWith("trial #" + t.number()))
                .findFirst().orElseThrow(() -> new AssertionError(source));
        assertEquals(lowest, chosen.value(), source);
    }

    @Test
    void theBundleHoldsModelOnnxEmbeddingsCentroidsAndAManifestOfEveryFile() throws Exception {
        Path zip = dir.resolve("bundle.zip");
        BundleBuilder.build(BundleFixtures.request(dir, zip, dir.resolve("cache"), m -> new HashingEmbedder()));
        ModelBundle bundle = BundleLoader.load(zip);
        assertTrue(bundle.onnx().isPresent(), "logistic regression without scaling exports ONNX");
        assertTrue(bundle.metrics().get("accuracy") > 0.8, bundle.metrics().toString());
        CorpusEmbeddings docs = bundle.embeddings("docs");
        assertEquals(24, docs.size(), "the exact duplicate is removed at threshold 0.999");
        assertFalse(docs.ids().contains("dup"));
        assertEquals(384, docs.dimension());
        assertEquals("l2", docs.normalization());
        assertEquals(2, docs.centroids().get("grain").size());
        assertEquals(2, docs.centroids().get("money").size());
        CorpusEmbeddings.Neighbour top = docs.nearest(docs.vector(3), 3).get(0);
        assertEquals(docs.ids().get(3), top.id());
        assertEquals(1.0, top.cosine(), 1e-5);

        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<String> names = z.stream().map(ZipEntry::getName).toList();
            assertEquals(names.stream().sorted().toList(), names, "entries are sorted");
            assertEquals(names.size() - 1, bundle.manifest().files().size(), "every file but the manifest is listed");
            z.stream().forEach(e -> assertEquals(
                    java.time.LocalDateTime.of(2026, 11, 23, 0, 0), e.getTimeLocal()));
        }
        assertEquals("unknown-version", bundle.model().getProvenance().getJavaVersion(),
                "machine fields are left out of the model provenance");
        assertEquals("2026-11-23T00:00Z", bundle.model().getProvenance().getTrainingTime().toString());
    }

    @Test
    void theManifestAndTheReportKeepTheirFieldsInOneOrder() throws Exception {
        // Field order is part of the bytes: an unordered map (Map.of iterates in an order that changes from one JVM
        // to the next) would make two builds of the same inputs differ.
        Path zip = dir.resolve("bundle.zip");
        BundleBuilder.build(BundleFixtures.request(dir, zip, dir.resolve("cache"), m -> new HashingEmbedder()));
        JsonNode manifest;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            manifest = new ObjectMapper().readTree(z.getInputStream(z.getEntry(BundleManifest.PATH)));
        }
        assertEquals(List.of("formatVersion", "files", "provenance"), names(manifest));
        assertEquals(List.of("params", "paramsSource", "trainer", "data", "embeddings", "gitCommit", "pluginVersion",
                "timestamp", "tribuoProvenance"), names(manifest.get("provenance")));
        assertEquals(List.of("file", "sha256", "target", "trainingRows", "heldOutRows", "testFraction", "seed"),
                names(manifest.at("/provenance/data")));
        assertEquals(List.of("model", "dimension", "normalization", "dedupThreshold", "centroidsPerLabel",
                "corpora"), names(manifest.at("/provenance/embeddings")));
        assertEquals(List.of("rows", "textsSha256"), names(manifest.at("/provenance/embeddings/corpora/docs")));

        JsonNode report = new ObjectMapper().readTree(dir.resolve("bundle.json").toFile());
        assertEquals(List.of("file", "bytes", "sha256", "paramsSource", "params", "heldOut", "files", "embeddings",
                "safetyCheck", "fitSeconds", "seconds"), names(report));
        assertEquals(List.of("rows", "metrics"), names(report.get("heldOut")));
        assertEquals(List.of("heldOutPredictions", "embeddingsRecomputed", "onnx", "seconds"),
                names(report.get("safetyCheck")));
        assertEquals(List.of("rows", "largestDifference", "leftOutBecause"), names(report.at("/safetyCheck/onnx")));
        assertEquals(List.of("computed", "cached", "seconds", "corpora", "cacheFile"), names(report.get("embeddings")));
        assertEquals(List.of("file", "rows", "kept", "removedDuplicates", "computed", "centroids"),
                names(report.at("/embeddings/corpora/docs")));
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void aTamperedBundleIsRefusedAndLoadOrElseFallsBack() throws Exception {
        Path zip = dir.resolve("bundle.zip");
        BundleBuilder.build(BundleFixtures.request(dir, zip, dir.resolve("cache"), m -> new HashingEmbedder()));
        // Rewrite the zip with one byte of the metrics flipped, keeping the manifest.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipFile z = new ZipFile(zip.toFile()); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e : z.stream().toList()) {
                byte[] content = z.getInputStream(e).readAllBytes();
                if (e.getName().equals(BundleLayout.METRICS)) {
                    content[content.length / 2] ^= 1;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        Path tampered = dir.resolve("tampered.zip");
        Files.write(tampered, bytes.toByteArray());
        BundleException e = assertThrows(BundleException.class, () -> BundleLoader.load(tampered));
        assertTrue(e.getMessage().contains("checksum mismatch for 'metrics.json'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the bundle is corrupt or was modified after it was built"), e.getMessage());
        ModelBundle fallback = BundleLoader.load(zip);
        assertSame(fallback, BundleLoader.of(tampered).loadOrElse(fallback));
        assertNull(BundleLoader.of(dir.resolve("missing.zip")).loadOrElse(null));
    }

    @Test
    void entriesEscapingTheTargetOrNotListedAreRefused() throws Exception {
        for (String name : List.of("../evil.txt", "/etc/passwd", "a/../../b", "C:/x", "a\\b")) {
            Path zip = dir.resolve("evil.zip");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                out.putNextEntry(new ZipEntry(name));
                out.write(1);
                out.closeEntry();
            }
            Files.write(zip, bytes.toByteArray());
            BundleException e = assertThrows(BundleException.class, () -> BundleLoader.load(zip), name);
            assertTrue(e.getMessage().contains("unsafe entry name"), e.getMessage());
        }
        Path good = dir.resolve("bundle.zip");
        BundleBuilder.build(BundleFixtures.request(dir, good, dir.resolve("cache"), m -> new HashingEmbedder()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipFile z = new ZipFile(good.toFile()); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e : z.stream().toList()) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(z.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("model/extra.bin"));
            out.write(42);
            out.closeEntry();
        }
        Path extra = dir.resolve("extra.zip");
        Files.write(extra, bytes.toByteArray());
        BundleException e = assertThrows(BundleException.class, () -> BundleLoader.load(extra));
        assertTrue(e.getMessage().contains("'model/extra.bin' is not listed in the manifest"), e.getMessage());
    }

    @Test
    void loadsFromAUrlAndTheClasspath() throws Exception {
        Path zip = dir.resolve("bundle.zip");
        BundleBuilder.build(BundleFixtures.request(dir, zip, dir.resolve("cache"), m -> new HashingEmbedder()));
        assertEquals(24, BundleLoader.of(zip.toUri().toURL()).load().embeddings("docs").size());
        try (var loader = new java.net.URLClassLoader(new java.net.URL[]{dir.toUri().toURL()}, null)) {
            assertEquals(24, BundleLoader.ofResource(loader, "bundle.zip").load().embeddings("docs").size());
            BundleException e = assertThrows(BundleException.class,
                    () -> BundleLoader.ofResource(loader, "nope.zip").load());
            assertTrue(e.getMessage().contains("no such resource"));
        }
    }

    @Test
    void paramsFileTakesOneTrialOrAWholeBestJson() throws Exception {
        Path trial = dir.resolve("trial.json");
        Files.writeString(trial, "{\"number\": 3, \"params\": {\"epochs\": 7, \"scale\": \"false\"}}");
        assertEquals(7, ((Number) BundleBuilder.readParamsFile(trial).get("epochs")).intValue());
        Path best = dir.resolve("best.json");
        Files.writeString(best, "{\"study\": \"s\", \"best\": {\"params\": {\"epochs\": 9}}}");
        assertEquals(9, ((Number) BundleBuilder.readParamsFile(best).get("epochs")).intValue());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"x\": 1}");
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> BundleBuilder.readParamsFile(bad));
        assertEquals(Setting.of("paramsFile"), e.setting());
    }

    /**
     * A parameters file is checked as {@code <params>} is: a name the trainer does not have (a best.json of another
     * trainer) or a value it cannot take is refused naming the file and the parameter, before any training.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"params\": {\"epochs\": \"many\"}} | params.epochs: int hyperparameter of logistic (>= 1); got 'many'",
            "{\"params\": {\"epochs\": 0}} | params.epochs: int hyperparameter of logistic (>= 1); got '0'",
            "{\"params\": {\"epochs\": null}} | params.epochs: int hyperparameter of logistic (>= 1); got 'null'",
            "{\"params\": {\"maxDepth\": 3}} | params.maxDepth: trainer 'logistic' has no hyperparameter 'maxDepth'; it has: "})
    void aBadParamsFileIsRefusedNamingTheFileAndTheParameter(String json, String expected) throws Exception {
        Path file = dir.resolve("params.json");
        Files.writeString(file, json);
        BundleRequest pinned = BundleFixtures.request(dir, dir.resolve("x.zip"), dir.resolve("cache"),
                m -> new HashingEmbedder());
        BundleRequest fromFile = new BundleRequest(pinned.study(), Map.of(), file.toFile(), null,
                pinned.embedders(), pinned.cacheDirectory(), pinned.zipFile(), pinned.reportFile(),
                pinned.timestamp(), "test", null);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> BundleBuilder.build(fromFile));
        assertEquals(Setting.of("paramsFile"), e.setting());
        assertEquals(file.toString(), e.value());
        assertTrue(e.problem().startsWith(expected), e.problem());
        assertFalse(Files.exists(dir.resolve("x.zip")));
    }

    @Test
    void withoutPinnedParametersAStudyWithoutTrialsIsAClearError() throws Exception {
        BundleRequest pinned = BundleFixtures.request(dir, dir.resolve("x.zip"), dir.resolve("cache"),
                m -> new HashingEmbedder());
        BundleRequest fromStudy = new BundleRequest(pinned.study(), java.util.Map.of(), null, null,
                pinned.embedders(), pinned.cacheDirectory(), pinned.zipFile(), pinned.reportFile(),
                pinned.timestamp(), "test", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BundleBuilder.build(fromStudy));
        // No study database at all: named, and none is created by looking.
        assertTrue(e.getMessage().contains("no study database at " + dir.resolve("studies.db") + ": run tuner:tune "
                + "first"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.zip")));
        assertFalse(Files.exists(dir.resolve("studies.db")));
        // A database without the study's trials: said so.
        dev.tuner.storage.StudyStorages.open(dir.resolve("studies.db").toString()).close();
        e = assertThrows(IllegalArgumentException.class, () -> BundleBuilder.build(fromStudy));
        assertTrue(e.getMessage().contains("has no complete trial"), e.getMessage());
    }
}
