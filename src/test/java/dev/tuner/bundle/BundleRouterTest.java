package dev.tuner.bundle;

import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tuning.TuningRequest;
import org.junit.jupiter.params.provider.CsvSource;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundleRouterTest {
    private static final int KEYS = 100_000;

    @TempDir
    static Path dir;
    static Path stableZip;
    static Path candidateZip;

    @BeforeAll
    static void twoBundles() throws IOException {
        stableZip = dir.resolve("stable.zip");
        candidateZip = dir.resolve("candidate.zip");
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        BundleBuilder.build(BundleFixtures.request(dir.resolve("a"), stableZip, dir.resolve("cache"),
                m -> new HashingEmbedder()));
        BundleBuilder.build(BundleFixtures.request(dir.resolve("b"), candidateZip, dir.resolve("cache"),
                m -> new HashingEmbedder()));
    }

    private static BundleRouter router() {
        return BundleRouter.of(BundleLoader.of(stableZip), BundleLoader.of(candidateZip));
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            keys.add("user-" + i);
        }
        return keys;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.1, 0.25, 0.5, 0.9, 0.99})
    void theCandidateServesItsShareOfKeysWithinOnePercent(double share) {
        BundleRouter router = router().candidateShare(share);
        for (String key : keys()) {
            router.route(key);
        }
        BundleRouter.Served served = router.served();
        assertEquals(KEYS, served.total());
        assertEquals(share, served.candidate() / (double) KEYS, 0.01);
    }

    @Test
    void aKeyAlwaysGetsTheSameVersionForAShareInEveryRouter() {
        BundleRouter one = router().candidateShare(0.3);
        BundleRouter two = router().candidateShare(0.3);
        for (String key : keys().subList(0, 5_000)) {
            boolean first = one.route(key) == one.candidate().orElseThrow();
            for (int repeat = 0; repeat < 3; repeat++) {
                assertEquals(first, one.route(key) == one.candidate().orElseThrow(), key);
            }
            assertEquals(first, two.routesToCandidate(key), key);
        }
    }

    @Test
    void raisingTheShareOnlyMovesKeysFromStableToCandidate() {
        BundleRouter router = router();
        double[] shares = {0.0, 0.05, 0.2, 0.5, 0.8, 1.0};
        List<String> keys = keys().subList(0, 20_000);
        boolean[] before = new boolean[keys.size()];
        for (double share : shares) {
            router.candidateShare(share);
            for (int i = 0; i < keys.size(); i++) {
                boolean now = router.routesToCandidate(keys.get(i));
                assertFalse(before[i] && !now, "key " + keys.get(i) + " left the candidate when the share rose to "
                        + share);
                before[i] = now;
            }
        }
    }

    @Test
    void shareZeroIsRollbackAndOneIsPromotion() {
        BundleRouter router = router().candidateShare(0.7);
        router.candidateShare(0.0);
        for (String key : keys().subList(0, 10_000)) {
            assertSame(router.stable(), router.route(key));
        }
        router.candidateShare(1.0);
        for (String key : keys().subList(0, 10_000)) {
            assertSame(router.candidate().orElseThrow(), router.route(key));
        }
        assertEquals(new BundleRouter.Served(10_000, 10_000), router.served());
    }

    @Test
    void aCandidateThatFailsToLoadLeavesEverythingOnStable() throws IOException {
        Path broken = dir.resolve("broken.zip");
        Files.write(broken, new byte[] {'P', 'K', 3, 4, 0, 0});
        for (Path candidate : List.of(broken, dir.resolve("missing.zip"))) {
            BundleRouter router = BundleRouter.of(BundleLoader.of(stableZip), BundleLoader.of(candidate))
                    .candidateShare(1.0);
            assertTrue(router.candidate().isEmpty());
            assertTrue(router.candidateFailure().orElseThrow().contains(candidate.getFileName().toString()),
                    router.candidateFailure().orElseThrow());
            for (String key : keys().subList(0, 1_000)) {
                assertSame(router.stable(), router.route(key));
            }
            assertEquals(new BundleRouter.Served(1_000, 0), router.served());
        }
    }

    /**
     * A candidate that loads but cannot answer the stable bundle's rows, a model of the other task or one sharing
     * no feature column with it, takes no traffic either: the application would read {@code label()} as null, or
     * get answers for rows that are all missing.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"petal_width_cm, iris, a regression model, while the stable bundle",
            "label, credit-g, none of its feature columns"})
    void aCandidateThatCannotAnswerTheStableBundlesRowsLeavesEverythingOnStable(String target, String data,
                                                                                String expected) throws Exception {
        Path other = dir.resolve(data + "-" + target + ".zip");
        Path csv = Path.of(BundleRouterTest.class.getResource("/data/" + data + ".csv").toURI());
        TuningRequest study = new TuningRequest(new DatasetSpec(csv.toFile(), target, 0.2, "auto"), "cart", null,
                BundleRouterTest.class.getClassLoader(), Map.of(), List.of(), 4, "random", "none", List.of(1.0), 2,
                1, 42, dir.resolve(data + ".db").toString(), "router-test", null);
        BundleBuilder.build(new BundleRequest(study, Map.of("maxDepth", "3"), null, null, null, dir.resolve("cache"),
                other, dir.resolve(data + ".json"), Instant.parse("2026-11-23T00:00:00Z"), "test", null));
        BundleRouter router = BundleRouter.of(BundleLoader.of(stableZip), BundleLoader.of(other)).candidateShare(1.0);
        assertTrue(router.candidate().isEmpty());
        String reason = router.candidateFailure().orElseThrow();
        assertTrue(reason.startsWith(other + ": " + expected), reason);
        for (String key : keys().subList(0, 1_000)) {
            assertSame(router.stable(), router.route(key));
        }
    }

    @Test
    void aStableBundleThatFailsToLoadIsTheApplicationsToHandle() {
        assertThrows(BundleException.class, () -> BundleRouter.of(BundleLoader.of(dir.resolve("missing.zip")),
                BundleLoader.of(candidateZip)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
    void aShareOutsideZeroToOneIsRefused(double share) {
        BundleRouter router = router().candidateShare(0.4);
        assertThrows(IllegalArgumentException.class, () -> router.candidateShare(share));
        assertEquals(0.4, router.candidateShare());
    }

    @Test
    void positionsAreFractionsInTheUnitInterval() {
        for (String key : keys().subList(0, 10_000)) {
            double p = BundleRouter.position(key);
            assertTrue(p >= 0.0 && p < 1.0, key + " -> " + p);
        }
        assertEquals(BundleRouter.position("user-42"), BundleRouter.position("user-42"));
    }
}
