package dev.tuner.bundle;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zip bombs against a loader in a 256 MB heap (a child JVM, as an application would run it): each returns the
 * application's fallback within seconds, with the reason logged, instead of an OutOfMemoryError.
 */
class ZipBombTest {
    private static final long HEAP = 256L << 20;
    /** What "within seconds" means here, generous for a loaded CI machine: the load itself takes well under one. */
    private static final long WITHIN_MILLIS = 10_000;
    private static final Pattern RESULT = Pattern.compile("outcome=(\\S+) ms=(\\d+) maxHeap=(\\d+)");

    @TempDir
    static Path dir;
    static HostileBundles original;
    /** Each bomb is deflated once (seconds of CPU) and read both from a file and from a URL. */
    private static final java.util.Map<String, Path> BOMBS = new java.util.HashMap<>();

    @BeforeAll
    static void buildBundle() throws Exception {
        Path good = dir.resolve("good.zip");
        BundleBuilder.build(BundleFixtures.request(dir, good, dir.resolve("cache"), m -> new HashingEmbedder()));
        original = HostileBundles.of(good);
    }

    /**
     * @param entry    the entry replaced by zeros, with the manifest left as it was (it declares the real size)
     * @param gib      how many GiB of zeros it inflates to
     * @param reason   what the logged refusal says
     */
    @ParameterizedTest(name = "{0} inflating to {1} GiB, read from a {3}")
    @CsvSource({
            // After manifest.json in the zip: read up to the size the manifest declares, one byte more refused.
            "metrics.json, 2, holds more than, file",
            "metrics.json, 2, holds more than, url",
            // Before manifest.json: from a stream it is skipped to reach the manifest, within the heap.
            "embeddings/docs/index.json, 1, holds more than, file",
            "embeddings/docs/index.json, 1, inflates to more than, url",
    })
    void aZipBombGivesTheFallbackWithinSecondsInA256MbHeap(String entry, int gib, String reason, String how)
            throws Exception {
        Path zip = BOMBS.computeIfAbsent(entry, e -> {
            try {
                return original.copy().write(dir.resolve(e.replace('/', '_') + ".zip"), e, (long) gib << 30);
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        });
        assertTrue(Files.size(zip) < (long) gib << 22, "a small zip: " + Files.size(zip) + " bytes");
        assertFallsBackInSmallHeap(zip, how, reason);
    }

    @ParameterizedTest(name = "read from a {0}")
    @CsvSource({"file", "url"})
    void aManifestDeclaringMoreThanTheHeapIsRefusedBeforeReading(String how) throws Exception {
        Path zip = original.copy().editManifest(m -> HostileBundles.listed(m, BundleLayout.METRICS)
                .put("size", HEAP + 1)).write(dir.resolve("declares-more-" + how + ".zip"));
        assertFallsBackInSmallHeap(zip, how, "more than this JVM's maximum heap");
    }

    private static void assertFallsBackInSmallHeap(Path zip, String how, String reason) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + (HEAP >> 20) + "m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), ZipBombLoad.class.getName(),
                zip.toString(), how));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        Matcher m = RESULT.matcher(output);
        assertTrue(m.find(), output);
        System.out.println(zip.getFileName() + " from a " + how + ": " + m.group());
        assertEquals("fallback", m.group(1), output);
        assertTrue(Long.parseLong(m.group(3)) <= HEAP, output);
        assertTrue(Long.parseLong(m.group(2)) < WITHIN_MILLIS, output);
        assertTrue(output.contains("Model bundle not used, falling back: "), output);
        assertTrue(output.contains(zip.getFileName().toString()), output);
        assertTrue(output.contains(reason), output);
    }
}
