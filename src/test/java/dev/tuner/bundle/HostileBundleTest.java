package dev.tuner.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every malformed file or field of a bundle, read from a file and from a URL: the loader refuses it with a one-line
 * {@link BundleException} naming the entry (and the field), never another exception or an Error, and
 * {@code loadOrElse} returns the fallback.
 */
class HostileBundleTest {
    private static final String INDEX = "embeddings/docs/index.json";
    private static final String VECTORS = "embeddings/docs/vectors.f32";
    private static final String CENTROIDS = "embeddings/docs/centroids.json";
    private static final String METRICS = BundleLayout.METRICS;
    private static final String FEATURES = BundleLayout.FEATURES;
    private static final String MODEL = BundleLayout.MODEL;
    private static final String MANIFEST = BundleManifest.PATH;

    @TempDir
    static Path dir;
    static Path good;
    static HostileBundles original;
    static ModelBundle fallback;

    /** A hostile bundle and the fragments its refusal must contain. */
    record Case(Function<HostileBundles, HostileBundles> make, List<String> expected) {
    }

    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    private static void hostile(String name, Function<HostileBundles, HostileBundles> make, String... expected) {
        CASES.put(name, new Case(make, List.of(expected)));
    }

    static {
        // embeddings/<corpus>/index.json, forged so that its checksum matches: only the field checks stand.
        hostile("index count -1", b -> b.forgeJson(INDEX, i -> i.put("count", -1)), INDEX, "\"count\"", "-1");
        hostile("index count huge", b -> b.forgeJson(INDEX, i -> i.put("count", Integer.MAX_VALUE)), INDEX,
                "\"count\"");
        hostile("index count beyond long", b -> b.forgeJson(INDEX, i -> i.put("count",
                new java.math.BigInteger("99999999999999999999999"))), INDEX, "\"count\"");
        hostile("index count text", b -> b.forgeJson(INDEX, i -> i.put("count", "abc")), INDEX, "\"count\"");
        hostile("index count fraction", b -> b.forgeJson(INDEX, i -> i.put("count", 1.5)), INDEX, "\"count\"");
        hostile("index count missing", b -> b.forgeJson(INDEX, i -> i.remove("count")), INDEX, "\"count\"");
        hostile("index count off by one", b -> b.forgeJson(INDEX, i -> i.put("count", i.get("count").asInt() - 1)),
                INDEX, VECTORS, "\"count\"");
        hostile("index dimension 0", b -> b.forgeJson(INDEX, i -> i.put("dimension", 0)), INDEX, "\"dimension\"");
        hostile("index dimension negative", b -> b.forgeJson(INDEX, i -> i.put("dimension", -384)), INDEX,
                "\"dimension\"");
        hostile("index dimension text", b -> b.forgeJson(INDEX, i -> i.put("dimension", "384")), INDEX,
                "\"dimension\"");
        hostile("index ids short", b -> b.forgeJson(INDEX, i -> ((ArrayNode) i.get("ids")).remove(0)), INDEX,
                "\"ids\"");
        hostile("index ids not strings", b -> b.forgeJson(INDEX, i -> ((ArrayNode) i.get("ids")).set(0, 7)), INDEX,
                "\"ids[0]\"");
        hostile("index ids not an array", b -> b.forgeJson(INDEX, i -> i.put("ids", "g1")), INDEX, "\"ids\"");
        hostile("index labels short", b -> b.forgeJson(INDEX, i -> ((ArrayNode) i.get("labels")).remove(0)), INDEX,
                "\"labels\"");
        hostile("index model missing", b -> b.forgeJson(INDEX, i -> i.remove("model")), INDEX, "\"model\"");
        hostile("index normalization number", b -> b.forgeJson(INDEX, i -> i.put("normalization", 2)), INDEX,
                "\"normalization\"");
        hostile("index not JSON", b -> b.forge(INDEX, utf8("{\"count\": ")), INDEX + " line 1, column 11: not valid JSON");
        hostile("index an array", b -> b.forge(INDEX, utf8("[1, 2]")), INDEX, "not a JSON object");
        hostile("index deeply nested", b -> b.forge(INDEX, utf8("{\"a\":" + "[".repeat(100_000))), INDEX);
        hostile("vectors truncated", b -> b.forge(VECTORS, Arrays.copyOf(b.content(VECTORS),
                b.content(VECTORS).length - 4)), VECTORS, "\"count\"");
        hostile("vectors missing", b -> b.removeEverywhere(VECTORS), INDEX, VECTORS);
        hostile("centroids of another dimension", b -> b.forge(CENTROIDS, utf8("{\"grain\": [[1, 2]]}")),
                CENTROIDS, "\"grain[0]\"");
        hostile("centroids text", b -> b.forge(CENTROIDS, utf8("{\"grain\": [" + textRow(384) + "]}")),
                CENTROIDS, "\"grain[0][0]\"");
        hostile("centroids not a list", b -> b.forge(CENTROIDS, utf8("{\"grain\": 3}")), CENTROIDS, "\"grain\"");
        hostile("metrics text", b -> b.forgeJson(METRICS, m -> m.put("accuracy", "abc")), METRICS,
                "\"accuracy\"");
        hostile("metrics not JSON", b -> b.forge(METRICS, utf8("{accuracy: 1}")), METRICS + " line 1, column 3: not valid JSON");
        hostile("features kind unknown", b -> b.forgeJson(FEATURES, f -> ((ObjectNode) f.get("columns").get(2))
                .put("kind", "date")), FEATURES, "\"columns[2].kind\"", "numeric, categorical or text");
        hostile("features complete text", b -> b.forgeJson(FEATURES, f -> ((ObjectNode) f.get("columns").get(0))
                .put("complete", "yes")), FEATURES, "\"columns[0].complete\"", "true or false");
        hostile("features columns not an array", b -> b.forgeJson(FEATURES, f -> f.put("columns", "all")), FEATURES,
                "\"columns\"");
        hostile("features target missing", b -> b.forgeJson(FEATURES, f -> f.remove("target")), FEATURES,
                "\"target\" is missing");
        hostile("features of another data set", b -> b.forgeJson(FEATURES, f -> ((ObjectNode) f.get("columns").get(0))
                .put("name", "petal_colour")), MODEL, FEATURES, "'sepal_length_cm'", "not from the same build");
        hostile("model not protobuf", b -> b.forge(MODEL, utf8("not a model at all")), MODEL);
        hostile("model absent", b -> b.removeEverywhere(MODEL), MODEL);

        // manifest.json: every field.
        hostile("manifest size -1", b -> b.editManifest(m -> HostileBundles.listed(m, METRICS).put("size", -1)),
                MANIFEST, ".size\"");
        hostile("manifest size text", b -> b.editManifest(m -> HostileBundles.listed(m, METRICS).put("size", "12")),
                MANIFEST, ".size\"");
        hostile("manifest size beyond an array", b -> b.editManifest(m -> HostileBundles.listed(m, METRICS)
                .put("size", 1L << 40)), MANIFEST, ".size\"");
        hostile("manifest sizes beyond the limit", b -> b.editManifest(m -> {
            HostileBundles.listed(m, METRICS).put("size", 1L << 30);
            HostileBundles.listed(m, MODEL).put("size", 1L << 30);
        }), "BundleLoader.maxBytes");
        hostile("manifest sha256 missing", b -> b.editManifest(m -> HostileBundles.listed(m, METRICS)
                .remove("sha256")), MANIFEST, ".sha256\"");
        hostile("manifest sha256 not hex", b -> b.editManifest(m -> HostileBundles.listed(m, METRICS)
                .put("sha256", "z".repeat(64))), MANIFEST, ".sha256\"");
        hostile("manifest path number", b -> b.editManifest(m -> HostileBundles.listed(m, METRICS).put("path", 3)),
                MANIFEST, ".path\"");
        hostile("manifest path twice", b -> b.editManifest(m -> ((ArrayNode) m.get("files"))
                .add(HostileBundles.listed(m, METRICS).deepCopy())), MANIFEST, ".path\"", "a second time");
        hostile("manifest lists itself", b -> b.editManifest(m -> ((ArrayNode) m.get("files"))
                .add(HostileBundles.listed(m, METRICS).deepCopy().put("path", MANIFEST))), MANIFEST, ".path\"");
        hostile("manifest formatVersion text", b -> b.editManifest(m -> m.put("formatVersion", "1")), MANIFEST,
                "\"formatVersion\"");
        hostile("manifest formatVersion 2", b -> b.editManifest(m -> {
            m.put("formatVersion", 2);
            ((ObjectNode) m.get("provenance")).put("pluginVersion", "9.1.0");
        }), "format version 2 is newer", "tuner-maven-plugin version that built it (9.1.0)");
        hostile("manifest formatVersion 0", b -> b.editManifest(m -> m.put("formatVersion", 0)),
                "format version 0 is not supported");
        hostile("manifest files missing", b -> b.editManifest(m -> m.remove("files")), MANIFEST, "\"files\"");
        hostile("manifest formatVersion missing", b -> b.editManifest(m -> m.remove("formatVersion")), MANIFEST,
                "\"formatVersion\"");
        hostile("manifest file path missing", b -> b.editManifest(m -> HostileBundles.listed(m, METRICS)
                .remove("path")), MANIFEST, ".path\"");
        hostile("manifest files not an array", b -> b.editManifest(m -> m.put("files", "all")), MANIFEST,
                "\"files\"");
        hostile("manifest file not an object", b -> b.editManifest(m -> ((ArrayNode) m.get("files")).add(1)),
                MANIFEST, "\"files[");
        hostile("manifest provenance not an object", b -> b.editManifest(m -> m.put("provenance", "x")), MANIFEST,
                "\"provenance\"");
        hostile("manifest not JSON", b -> b.replace(MANIFEST, utf8("{\"formatVersion\": 1,")), MANIFEST,
                "not valid JSON");
        hostile("manifest too large", b -> b.editManifest(m -> m.put("padding",
                " ".repeat(BundleLoader.MAX_MANIFEST_BYTES))), MANIFEST, "larger than");
        hostile("manifest absent", b -> b.remove(MANIFEST), "no " + MANIFEST);

        // Entries against the manifest.
        hostile("entry truncated", b -> b.replace(METRICS, Arrays.copyOf(b.content(METRICS),
                b.content(METRICS).length - 1)), "'" + METRICS + "'", "the manifest declares");
        hostile("entry longer", b -> b.replace(METRICS, utf8(new String(b.content(METRICS),
                StandardCharsets.UTF_8) + "  ")), "'" + METRICS + "'", "holds more than");
        hostile("entry changed", b -> b.replace(METRICS, flipped(b.content(METRICS))), "checksum mismatch for '"
                + METRICS + "'", "modified after it was built");
        hostile("entry missing", b -> b.remove(METRICS), "'" + METRICS + "' is listed in the manifest but missing");
        hostile("entry unlisted", b -> b.add("model/extra.bin", new byte[]{42}), "'model/extra.bin' is not listed");
        hostile("entry twice", b -> b.add(METRICS, b.content(METRICS)), "'" + METRICS + "' appears twice");
        hostile("manifest twice", b -> b.add(MANIFEST, b.content(MANIFEST)), "'" + MANIFEST + "' appears twice");
        hostile("directory with data", b -> b.add("model/", new byte[]{1, 2, 3}), "model/");

        // Path tricks (zip-slip and friends).
        for (String name : List.of("../evil.txt", "/etc/passwd", "a/../../b", "C:/x", "a\\b", "./model.tribuo",
                "a//b", "model/./x", "nul\0byte")) {
            hostile("path " + name.replace("\0", "\\0"), b -> b.add(name, new byte[]{1}), "unsafe entry name");
        }
    }

    @BeforeAll
    static void buildBundle() throws Exception {
        good = dir.resolve("good.zip");
        BundleBuilder.build(BundleFixtures.request(dir, good, dir.resolve("cache"), m -> new HashingEmbedder()));
        original = HostileBundles.of(good);
        fallback = BundleLoader.load(good);
    }

    static Stream<Arguments> cases() {
        return CASES.keySet().stream().flatMap(name -> Stream.of(Arguments.of(name, "file"),
                Arguments.of(name, "url")));
    }

    private static BundleLoader loader(Path zip, String how) throws MalformedURLException {
        return how.equals("file") ? BundleLoader.of(zip) : BundleLoader.of(zip.toUri().toURL());
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("cases")
    void aHostileBundleIsRefusedWithOneLineNamingTheEntry(String name, String how) throws Exception {
        Case c = CASES.get(name);
        Path zip = c.make().apply(original.copy()).write(dir.resolve(name.replaceAll("[^A-Za-z0-9]", "_") + ".zip"));
        BundleLoader loader = loader(zip, how);
        BundleException e = assertThrows(BundleException.class, loader::load);
        String message = e.getMessage();
        assertNotNull(message);
        assertTrue(message.contains(zip.getFileName().toString()), "names the bundle: " + message);
        for (String fragment : c.expected()) {
            assertTrue(message.contains(fragment), "'" + fragment + "' in: " + message);
        }
        assertFalse(message.contains("\n"), "one line: " + message);
        // Nothing of the forged file is quoted at length (a parser's source excerpt would be 500 characters).
        assertTrue(message.length() < 400, "short: " + message.length() + " characters: " + message);
        assertSame(fallback, loader.loadOrElse(fallback));
    }

    /** Bytes that are not a whole zip say what they are, in the same words from a path as from a URL. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("notZips")
    void whatIsNotAZipIsRefused(String name, byte[] bytes, String expected) throws Exception {
        Path zip = Files.write(dir.resolve(name + ".zip"), bytes);
        List<String> reasons = new ArrayList<>();
        for (String how : List.of("file", "url")) {
            BundleException e = assertThrows(BundleException.class, () -> loader(zip, how).load(), how);
            assertTrue(e.getMessage().contains(zip.getFileName().toString()), e.getMessage());
            assertTrue(e.getMessage().contains(expected), how + ": '" + expected + "' in: " + e.getMessage());
            reasons.add(e.getMessage().substring(e.getMessage().indexOf(".zip: ")));
            assertSame(fallback, loader(zip, how).loadOrElse(fallback));
        }
        assertEquals(reasons.get(0), reasons.get(1), "the same reason from a path and from a URL");
    }

    static Stream<Arguments> notZips() throws IOException {
        byte[] zip = Files.readAllBytes(good);
        String notAZip = "not a zip file (no zip entry in its ";
        String cut = "it ends before its last entry (cut short";
        return Stream.of(Arguments.of("empty", new byte[0], notAZip + "0 bytes)"),
                Arguments.of("text", utf8("PK but not a zip"), notAZip + "16 bytes)"),
                Arguments.of("cut-in-half", Arrays.copyOf(zip, zip.length / 2), cut),
                Arguments.of("cut-early", Arrays.copyOf(zip, 200), cut),
                Arguments.of("cut-late", Arrays.copyOf(zip, zip.length * 3 / 4), cut),
                Arguments.of("random-bytes", random(zip.length), notAZip + zip.length + " bytes)"));
    }

    /** A directory or an empty download is named as such, not as a missing file or a bundle without a manifest. */
    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("notBundleFiles")
    void whatIsNotABundleFileSaysWhatItIs(String name, String how, String expected) throws Exception {
        Path path = name.equals("directory") ? Files.createDirectories(dir.resolve("a-directory"))
                : Files.write(dir.resolve("empty-download.zip"), new byte[0]);
        BundleLoader loader = loader(path, how);
        BundleException e = assertThrows(BundleException.class, loader::load);
        assertTrue(e.getMessage().contains(path.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertSame(fallback, loader.loadOrElse(fallback));
    }

    /** Opening a named pipe for reading waits for a writer: the load would never return. */
    @Test
    void aNamedPipeIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("bundle-pipe.zip");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        Assumptions.assumeTrue(made, "mkfifo is not available here");
        BundleException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(BundleException.class, BundleLoader.of(fifo)::load));
        assertTrue(e.getMessage().contains("bundle-pipe.zip: is not a regular file"), e.getMessage());
    }

    static Stream<Arguments> notBundleFiles() {
        return Stream.of(Arguments.of("directory", "file", "is a directory, not a bundle file"),
                Arguments.of("directory", "url", "not a zip file"),
                Arguments.of("empty", "url", "not a zip file"));
    }

    /** The rewriting itself keeps a bundle loadable: each refusal above is the change's doing. */
    @Test
    void anUnchangedRewriteLoads() throws Exception {
        Path zip = original.copy().forge(METRICS, original.content(METRICS)).write(dir.resolve("rewritten.zip"));
        for (String how : List.of("file", "url")) {
            ModelBundle bundle = loader(zip, how).load();
            assertEquals(fallback.metrics(), bundle.metrics());
            assertEquals(24, bundle.embeddings("docs").size());
            assertEquals(fallback.embeddings("docs").centroids().keySet(),
                    bundle.embeddings("docs").centroids().keySet());
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int length) {
        byte[] out = new byte[length];
        new java.util.Random(7).nextBytes(out);
        return out;
    }

    private static byte[] flipped(byte[] content) {
        byte[] out = content.clone();
        out[out.length / 2] ^= 1;
        return out;
    }

    private static String textRow(int dimension) {
        return "[" + String.join(", ", java.util.Collections.nCopies(dimension, "\"abc\"")) + "]";
    }
}
