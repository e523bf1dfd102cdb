package dev.tuner.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checksums prove integrity, not origin: a forger who rebuilds the manifest passes them. Pinning the SHA-256 that
 * {@code tuner:bundle} reports refuses every bundle but the one released.
 */
class PinnedBundleTest {
    @TempDir
    static Path dir;
    static Path good;
    static String released;
    static Path forged;

    @BeforeAll
    static void build() throws Exception {
        good = dir.resolve("good.zip");
        BundleBuilder.build(BundleFixtures.request(dir, good, dir.resolve("cache"), m -> new HashingEmbedder()));
        released = new ObjectMapper().readTree(dir.resolve("bundle.json").toFile()).get("sha256").asText();
        forged = HostileBundles.of(good).forge(BundleLayout.METRICS,
                "{\"accuracy\": 1.0}".getBytes(StandardCharsets.UTF_8)).write(dir.resolve("forged.zip"));
    }

    private static BundleLoader loader(Path zip, String how) throws Exception {
        return how.equals("file") ? BundleLoader.of(zip) : BundleLoader.of(zip.toUri().toURL());
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "url"})
    void thePinnedBundleLoadsAndAForgedOneWithAMatchingManifestIsRefused(String how) throws Exception {
        ModelBundle bundle = loader(good, how).expectSha256(released).load();
        assertEquals(BundleLoader.load(good).metrics(), bundle.metrics());
        assertEquals(bundle.metrics(), loader(good, how).expectSha256(released.toUpperCase(Locale.ROOT)).load()
                .metrics(), "hex digits in either case");

        // Its manifest matches its files, so only the pin tells it from the released bundle.
        assertEquals(1.0, loader(forged, how).load().metrics().get("accuracy"));
        BundleException e = assertThrows(BundleException.class,
                () -> loader(forged, how).expectSha256(released).load());
        assertTrue(e.getMessage().contains("forged.zip: sha256 "), e.getMessage());
        assertTrue(e.getMessage().contains("is not the expected " + released), e.getMessage());
        assertSame(bundle, loader(forged, how).expectSha256(released).loadOrElse(bundle));
    }

    @Test
    void aPinThatIsNotASha256IsTheApplicationsMistake() {
        for (String bad : new String[]{"", "abc", released.substring(1), released + "0", "g" + released.substring(1)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BundleLoader.of(good).expectSha256(bad), bad);
            assertTrue(e.getMessage().startsWith("expectSha256: not a SHA-256"), e.getMessage());
        }
    }
}
