package dev.tuner.bundle;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One loaded bundle shared by an application's threads, as docs/bundle.md promises: nothing it hands out changes
 * it, and predictions, neighbours and routes from many threads at once are those of one thread.
 */
class SharedBundleTest {
    private static final int THREADS = 8;

    @TempDir
    static Path dir;
    static ModelBundle bundle;
    static Path stableZip;
    static Path candidateZip;

    @BeforeAll
    static void load() throws Exception {
        stableZip = BundleFixtures.built(Files.createDirectories(dir.resolve("a")), "stable.zip");
        candidateZip = BundleFixtures.built(Files.createDirectories(dir.resolve("b")), "candidate.zip");
        bundle = BundleLoader.load(stableZip);
    }

    @Test
    void metricsCannotBeChangedThroughTheBundle() {
        assertThrows(UnsupportedOperationException.class, () -> bundle.metrics().put("accuracy", 0.0));
    }

    @Test
    void theManifestCannotBeChangedThroughTheBundle() {
        BundleManifest manifest = bundle.manifest();
        assertThrows(UnsupportedOperationException.class, () -> manifest.files().clear());
        assertThrows(UnsupportedOperationException.class, () -> manifest.provenance().put("trainer", "other"));
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) manifest.provenance().get("params");
        assertThrows(UnsupportedOperationException.class, () -> params.put("epochs", 1));
    }

    @Test
    void writingIntoACentroidChangesNothingForOtherCallers() {
        CorpusEmbeddings docs = bundle.embeddings("docs");
        String label = docs.centroids().keySet().iterator().next();
        float[] before = docs.centroids().get(label).get(0).clone();
        docs.centroids().get(label).get(0)[0] = 99f;
        assertArrayEquals(before, docs.centroids().get(label).get(0));
        assertThrows(UnsupportedOperationException.class, () -> docs.centroids().get(label).clear());
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void aQueryWithANonFiniteValueIsRefused(float bad) {
        CorpusEmbeddings docs = bundle.embeddings("docs");
        float[] query = docs.vector(0);
        query[3] = bad;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> docs.nearest(query, 3));
        assertTrue(e.getMessage().contains("query[3]"), e.getMessage());
    }

    @Test
    void theZeroVectorIsRefusedAsAQuery() {
        CorpusEmbeddings docs = bundle.embeddings("docs");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> docs.nearest(new float[docs.dimension()], 3));
        assertTrue(e.getMessage().contains("zero vector"), e.getMessage());
    }

    @Test
    void aNegativeKIsRefused() {
        CorpusEmbeddings docs = bundle.embeddings("docs");
        assertThrows(IllegalArgumentException.class, () -> docs.nearest(docs.vector(0), -1));
        assertEquals(List.of(), docs.nearest(docs.vector(0), 0));
    }

    /** Raw rows with every kind of cell: numbers, missing markers, absent columns, text, extra columns. */
    private static List<Map<String, String>> rows() {
        Random random = new Random(5);
        String[] columns = {"sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"};
        String[] odd = {"", "?", "NA", "abc", " 1.5 ", "1e3"};
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, String> row = new HashMap<>();
            for (String c : columns) {
                int pick = random.nextInt(10);
                if (pick < 7) {
                    row.put(c, String.valueOf(random.nextInt(70) / 10.0));
                } else if (pick < 9) {
                    row.put(c, odd[random.nextInt(odd.length)]);
                }
            }
            row.put("unrelated", "x");
            rows.add(row);
        }
        return rows;
    }

    @Test
    void predictionsAndNeighboursFromManyThreadsAreThoseOfOne() throws Exception {
        List<Map<String, String>> rows = rows();
        List<RowPrediction> alone = rows.stream().map(bundle::predict).toList();
        CorpusEmbeddings docs = bundle.embeddings("docs");
        List<List<CorpusEmbeddings.Neighbour>> nearestAlone = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            nearestAlone.add(docs.nearest(docs.vector(i), 5));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t * 37;
                results.add(pool.submit(() -> {
                    start.await();
                    int differing = 0;
                    for (int k = 0; k < rows.size(); k++) {
                        int i = (k + offset) % rows.size();
                        differing += bundle.predict(rows.get(i)).equals(alone.get(i)) ? 0 : 1;
                        int j = i % docs.size();
                        differing += docs.nearest(docs.vector(j), 5).equals(nearestAlone.get(j)) ? 0 : 1;
                    }
                    return differing;
                }));
            }
            start.countDown();
            for (Future<Integer> f : results) {
                assertEquals(0, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void routesWhileTheShareRisesStayStickyAndMonotoneAndRollBackAtZero() throws Exception {
        BundleRouter router = BundleRouter.of(BundleLoader.of(stableZip), BundleLoader.of(candidateZip));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            keys.add("user-" + i);
        }
        ModelBundle candidate = router.candidate().orElseThrow();
        AtomicBoolean rising = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<String>> routers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                routers.add(pool.submit(() -> {
                    // A key seen on the candidate must stay there while the share only rises.
                    boolean[] onCandidate = new boolean[keys.size()];
                    do {
                        for (int i = 0; i < keys.size(); i++) {
                            boolean now = router.route(keys.get(i)) == candidate;
                            if (onCandidate[i] && !now) {
                                return keys.get(i) + " went back to stable while the share rose";
                            }
                            onCandidate[i] |= now;
                        }
                    } while (rising.get());
                    return null;
                }));
            }
            for (int step = 1; step <= 100; step++) {
                router.candidateShare(step / 100.0);
                Thread.sleep(1);
            }
            rising.set(false);
            for (Future<String> f : routers) {
                assertEquals(null, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(keys.stream().allMatch(k -> router.route(k) == candidate), "share 1 is a promotion");
        router.candidateShare(0.0);
        assertFalse(keys.stream().anyMatch(k -> router.routesToCandidate(k)), "share 0 is a rollback");
    }

    @Test
    void aCandidateThatFailsToLoadStaysEmptyUnderConcurrentRoutes() throws Exception {
        Path broken = Files.write(dir.resolve("broken.zip"), Arrays.copyOf(Files.readAllBytes(candidateZip), 100));
        BundleRouter router = BundleRouter.of(BundleLoader.of(stableZip), BundleLoader.of(broken));
        router.candidateShare(1.0);
        assertTrue(router.candidate().isEmpty());
        assertTrue(router.candidateFailure().orElseThrow().contains("broken.zip"));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Boolean>> all = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        if (router.route("k" + (i + offset)) != router.stable()) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : all) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
