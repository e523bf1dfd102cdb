package dev.tuner.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application's side of a bundle beyond {@code model()}: bundles found by Maven coordinates on a class path,
 * bundles that predate row prediction, the query embedder, and a JVM with only what an application gets from the
 * plugin's POM. (Row prediction on every trainer: {@code BuiltInTrainerMatrixTest}.)
 */
class ApplicationSideTest {
    private static final String GROUP = "dev.tuner.test";
    /** The jars an application that depends on the plugin gets, plus the logistic model's trainer module. */
    private static final Pattern APPLICATION_JAR = Pattern.compile("(tribuo-(core|math|util-[a-z]+|classification-core"
            + "|regression-core|classification-sgd|common-sgd)|olcut-[a-z-]+|jackson-[a-z]+|protobuf-java)-[0-9].*\\.jar");

    @TempDir
    Path dir;

    /**
     * An iris logistic bundle of {@code artifactId}, trained for {@code epochs}, with a corpus embedded by a fast
     * stand-in recorded under MiniLM's name (what the loader looks at to choose the query embedder).
     */
    private Path bundle(String artifactId, String epochs) throws IOException {
        Path home = Files.createDirectories(dir.resolve(artifactId));
        Path zip = home.resolve(artifactId + "-1.0-model-bundle.zip");
        Embedder hashing = new HashingEmbedder();
        Embedder standIn = new Embedder() {
            @Override
            public String model() {
                return Embedders.MINILM;
            }

            @Override
            public int dimension() {
                return hashing.dimension();
            }

            @Override
            public List<float[]> embed(List<String> texts) {
                return hashing.embed(texts);
            }
        };
        BundleRequest r = BundleFixtures.request(home, zip, dir.resolve("cache-" + artifactId), m -> standIn);
        BundleBuilder.build(new BundleRequest(r.study(), Map.of("scale", "false", "epochs", epochs), null,
                r.embeddings(), r.embedders(), r.cacheDirectory(), zip, r.reportFile(), r.timestamp(),
                r.pluginVersion(), null, new BundleRequest.Coordinates(GROUP, artifactId, "1.0")));
        return zip;
    }

    private static String epochs(ModelBundle bundle) {
        return String.valueOf(((Map<?, ?>) bundle.manifest().provenance().get("params")).get("epochs"));
    }

    @Test
    void twoBundleDependenciesLoadSideBySideAsZipsOnTheClassPathOrCopiedUnderTheClasses() throws Exception {
        Path a = bundle("model-a", "5");
        Path b = bundle("model-b", "6");
        // Both zips as class path entries: both have manifest.json at their root, the markers tell them apart.
        try (URLClassLoader loader = new URLClassLoader(new URL[]{a.toUri().toURL(), b.toUri().toURL()}, null)) {
            assertEquals("5", epochs(BundleLoader.ofDependency(loader, GROUP + ":model-a").load()));
            assertEquals("6", epochs(BundleLoader.ofDependency(loader, GROUP + ":model-b").load()));
        }
        // As maven-dependency-plugin's copy-dependencies (prependGroupId, stripVersion) puts them under the classes.
        Path classes = Files.createDirectories(dir.resolve("classes/META-INF/tuner-bundles"));
        Files.copy(a, classes.resolve(GROUP + ".model-a-model-bundle.zip"));
        Files.copy(b, classes.resolve(GROUP + ".model-b-model-bundle.zip"));
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.resolve("classes").toUri().toURL()}, null)) {
            assertEquals("5", epochs(BundleLoader.ofDependency(loader, GROUP + ":model-a").load()));
            assertEquals("6", epochs(BundleLoader.ofDependency(loader, GROUP + ":model-b").load()));
            BundleException e = assertThrows(BundleException.class,
                    () -> BundleLoader.ofDependency(loader, GROUP + ":model-c").load());
            assertEquals("dependency dev.tuner.test:model-c: not on the class path (neither "
                    + "META-INF/tuner-bundles/dev.tuner.test.model-c-model-bundle.zip nor a bundle holding "
                    + "META-INF/tuner-bundle/dev.tuner.test/model-c.properties); see docs/bundle.md, \"Loading a "
                    + "bundle dependency\"", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> BundleLoader.ofDependency("model-a"));
    }

    @Test
    void aBundleFromBeforeRowPredictionLoadsButPredictSaysSoInOneLine() throws Exception {
        Path zip = bundle("model-a", "5");
        Path old = dir.resolve("old.zip");
        withoutFeatures(zip, old);
        ModelBundle bundle = BundleLoader.load(old);
        assertTrue(bundle.file(BundleLayout.FEATURES).isEmpty());
        BundleException e = assertThrows(BundleException.class, () -> bundle.predict(Map.of("sepal_length_cm", "5")));
        assertEquals(old + ": the bundle predates row prediction (it has no features.json); rebuild it with this "
                + "plugin's tuner:bundle, or predict Tribuo Examples with model()", e.getMessage());
        // The same bundle with its features.json predicts, ignoring a column it does not know.
        assertFalse(BundleLoader.load(zip).predict(Map.of("sepal_length_cm", "5", "colour", "blue")).label()
                .isEmpty());
    }

    /** {@code zip} rewritten without {@code features.json}, in the manifest too, as bundles were before it. */
    private static void withoutFeatures(Path zip, Path out) throws IOException {
        try (ZipFile in = new ZipFile(zip.toFile());
             ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e : in.stream().toList()) {
                byte[] content = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(BundleLayout.FEATURES)) {
                    continue;
                }
                if (e.getName().equals(BundleManifest.PATH)) {
                    ObjectNode manifest = (ObjectNode) BundleJson.JSON.readTree(content);
                    ArrayNode files = (ArrayNode) manifest.get("files");
                    for (int i = files.size() - 1; i >= 0; i--) {
                        if (files.get(i).get("path").asText().equals(BundleLayout.FEATURES)) {
                            files.remove(i);
                        }
                    }
                    content = BundleJson.JSON.writeValueAsBytes(manifest);
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(content);
                z.closeEntry();
            }
        }
    }

    @Test
    void theQueryEmbedderGivesTheBundlesVectorForTheSameText() throws Exception {
        Path zip = dir.resolve("minilm.zip");
        BundleRequest r = BundleFixtures.request(dir, zip, dir.resolve("cache"), Embedders::create);
        EmbeddingsSpec minilm = new EmbeddingsSpec(Embedders.MINILM, r.embeddings().getCorpora(), 0, 0);
        BundleBuilder.build(new BundleRequest(r.study(), r.pinnedParams(), null, minilm, Embedders::create,
                r.cacheDirectory(), zip, r.reportFile(), r.timestamp(), r.pluginVersion(), null));
        ModelBundle bundle = BundleLoader.load(zip);
        CorpusEmbeddings docs = bundle.embeddings("docs");
        int row = docs.ids().indexOf("m8");
        float[] query = bundle.embedder().embed(List.of("dollar weakens against yen")).get(0);
        assertArrayEquals(docs.vector(row), query, 1e-6f);
        assertEquals("m8", docs.nearest(query, 1).get(0).id());
    }

    @Test
    void thePomDeclaresTheEmbeddingArtifactTheMessageNames() throws IOException {
        String[] gav = Embedders.MINILM_ARTIFACT.split(":");
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<artifactId>" + gav[1] + "</artifactId>\n      <version>" + gav[2] + "</version>"),
                "pom.xml declares " + Embedders.MINILM_ARTIFACT);
    }

    /**
     * A JVM with an application's class path (what the plugin's POM brings, plus tribuo-classification-sgd for the
     * logistic model): it loads the bundle and predicts without a plugin-only class, and the embedder names the
     * dependency to add. Without the trainer module, the load names that module.
     */
    @Test
    void anApplicationClassPathLoadsPredictsAndIsToldWhatToAdd() throws Exception {
        Path zip = bundle("model-a", "5");
        List<String> application = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p) || APPLICATION_JAR.matcher(p.getFileName().toString()).matches()) {
                application.add(entry);
            }
        }
        assertFalse(application.stream().anyMatch(e -> e.contains("langchain4j") || e.contains("commons-")),
                application.toString());
        String output = runApplication(application, zip);
        assertTrue(output.contains("loaded\nlabel="), output);
        assertTrue(output.contains("embedder: " + zip + ": embedding a query with all-MiniLM-L6-v2 needs the "
                + "dependency " + Embedders.MINILM_ARTIFACT + " on the class path"), output);

        List<String> withoutSgd = application.stream().filter(e -> !e.contains("tribuo-classification-sgd")).toList();
        output = runApplication(withoutSgd, zip);
        assertTrue(output.contains("load failed: " + zip + ": model/model.tribuo: the model needs class "
                + "org.tribuo.classification.sgd."), output);
        assertTrue(output.contains("add the dependency org.tribuo:tribuo-classification-sgd, version 4.3.2"), output);
    }

    private static String runApplication(List<String> classPath, Path zip) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, classPath),
                ApplicationMain.class.getName(), zip.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        return output;
    }
}
