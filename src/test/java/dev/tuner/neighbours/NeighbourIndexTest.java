package dev.tuner.neighbours;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NeighbourIndexTest {
    /** Rows of the approximate tests: enough for a graph of several levels, few enough for a quick test. */
    private static final int LARGE = 3_000;
    private static final double THRESHOLD = 0.9;

    /** The nested loop the bundle used before the index: the reference for exact search. */
    private static List<NeighbourPair> everyPair(float[][] rows, double similarity) {
        List<NeighbourPair> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            for (int j = i + 1; j < rows.length; j++) {
                double s = Similarity.cosine(rows[i], rows[j]);
                if (s > similarity) {
                    out.add(new NeighbourPair(i, j, s));
                }
            }
        }
        return out;
    }

    private static boolean[] greedyLoop(float[][] rows, double threshold) {
        boolean[] removed = new boolean[rows.length];
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            for (int k : kept) {
                if (Similarity.cosine(rows[i], rows[k]) > threshold) {
                    removed[i] = true;
                    break;
                }
            }
            if (!removed[i]) {
                kept.add(i);
            }
        }
        return removed;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, ExactNeighbourIndex.BLOCK - 1, ExactNeighbourIndex.BLOCK + 1, 300})
    void exactSearchIsTheNestedLoopBitForBit(int n) {
        PlantedVectors data = PlantedVectors.generate(n, 48, 0.2, 0.3, n);
        ExactNeighbourIndex index = new ExactNeighbourIndex(data.rows);
        assertEquals(everyPair(data.rows, THRESHOLD), index.allAbove(THRESHOLD));
        assertArrayEquals(greedyLoop(data.rows, THRESHOLD), NearDuplicates.removed(index, THRESHOLD));
        for (int i = 0; i < Math.min(n, 20); i++) {
            List<Neighbour> all = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    all.add(new Neighbour(j, Similarity.cosine(data.rows[i], data.rows[j])));
                }
            }
            all.sort(Neighbour.BEST_FIRST);
            assertEquals(all.subList(0, Math.min(5, all.size())), index.kNearestOf(i, 5));
        }
    }

    /**
     * Spread 0.9: rows about 0.55 similar within a topic; 0.5: about 0.8, many moderately similar rows just below the
     * threshold. 64 dimensions: the graph holds the rows themselves; 384: their projection.
     */
    @ParameterizedTest
    @CsvSource({"384, 0.9", "384, 0.5", "64, 0.9"})
    void theApproximateIndexFindsThePlantedNearDuplicatesTheExactOneFinds(int dimension, double spread) {
        PlantedVectors data = PlantedVectors.generate(LARGE, dimension, 0.05, 0.3, spread, 7);
        NeighbourIndex approximate = HnswNeighbourIndex.build(data.rows);
        Set<Long> exact = keys(new ExactNeighbourIndex(data.rows).allAbove(THRESHOLD));
        List<NeighbourPair> found = approximate.allAbove(THRESHOLD);
        Set<Long> approx = keys(found);
        assertTrue(exact.containsAll(approx), "every reported pair is a true pair");
        long planted = data.planted.stream().filter(p -> exact.contains(key(p[0], p[1]))).count();
        long plantedFound = data.planted.stream().filter(p -> approx.contains(key(p[0], p[1]))).count();
        assertTrue(planted > data.planted.size() * 0.9, "the planted pairs lie above the threshold: " + planted);
        double recall = (double) plantedFound / planted;
        assertTrue(recall >= 0.98, "recall of the planted pairs " + recall);
        double allRecall = (double) approx.size() / exact.size();
        assertTrue(allRecall >= 0.98, "recall of every pair above the threshold " + allRecall);
        for (NeighbourPair p : found) {
            assertEquals(Similarity.cosine(data.rows[p.first()], data.rows[p.second()]), p.similarity(),
                    "similarities are exact");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 384})
    void theSameRowsGiveTheSameGraphAndTheSameRemovedRows(int dimension) {
        PlantedVectors data = PlantedVectors.generate(LARGE, dimension, 0.05, 0.3, 11);
        HnswNeighbourIndex one = HnswNeighbourIndex.build(data.rows);
        HnswNeighbourIndex two = HnswNeighbourIndex.build(copy(data.rows));
        assertEquals(one.allAbove(THRESHOLD), two.allAbove(THRESHOLD));
        assertArrayEquals(NearDuplicates.removed(one, THRESHOLD), NearDuplicates.removed(two, THRESHOLD));
        for (int i = 0; i < 50; i++) {
            assertEquals(one.kNearestOf(i * 7, 10), two.kNearestOf(i * 7, 10));
        }
    }

    /** allAbove searches from every row in parallel: the number of threads must not change the answer. */
    @Test
    void theNumberOfThreadsDoesNotChangeTheGraph() throws Exception {
        PlantedVectors data = PlantedVectors.generate(LARGE, 384, 0.05, 0.3, 17);
        HnswNeighbourIndex index = HnswNeighbourIndex.build(data.rows);
        List<List<NeighbourPair>> graphs = new ArrayList<>();
        for (int threads : new int[] {1, 4}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                graphs.add(pool.submit(() -> index.allAbove(THRESHOLD)).get());
            } finally {
                pool.shutdown();
            }
        }
        assertEquals(graphs.get(0), graphs.get(1));
        assertTrue(graphs.get(0).size() > 0, "the planted pairs make a graph");
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HnswNeighbourIndex.Settings(12, 32, 32, 8, 0));
        assertTrue(e.getMessage().contains("projection=0"), e.getMessage());
    }

    @Test
    void aPlantedCopyIsItsOriginalsNearestNeighbour() {
        PlantedVectors data = PlantedVectors.generate(LARGE, 384, 0.05, 0.3, 13);
        NeighbourIndex index = HnswNeighbourIndex.build(data.rows);
        ExactNeighbourIndex exact = new ExactNeighbourIndex(data.rows);
        int hits = 0;
        int checked = 0;
        for (int[] p : data.planted.subList(0, Math.min(200, data.planted.size()))) {
            int truth = exact.kNearest(data.rows[p[1]], 2).get(1).row();
            hits += index.kNearest(data.rows[p[1]], 2).get(1).row() == truth ? 1 : 0;
            checked++;
        }
        assertTrue(hits >= 0.98 * checked, hits + " of " + checked);
    }

    @Test
    void theIndexIsChosenBySize() {
        PlantedVectors data = PlantedVectors.generate(NeighbourIndex.EXACT_LIMIT + 1, 2, 0.1, 0.3, 3);
        assertInstanceOf(HnswNeighbourIndex.class, NeighbourIndex.of(data.rows));
        assertInstanceOf(ExactNeighbourIndex.class, NeighbourIndex.of(Arrays.copyOf(data.rows,
                NeighbourIndex.EXACT_LIMIT)));
    }

    @Test
    void withoutHnswlibLargeCorporaAreSearchedExactly() throws Exception {
        // An application's class path: the plugin's classes without the optional hnswlib-core.
        java.net.URL classes = NeighbourIndex.class.getProtectionDomain().getCodeSource().getLocation();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> index = loader.loadClass(NeighbourIndex.class.getName());
            assertEquals(false, index.getMethod("approximateAvailable").invoke(null));
            float[][] rows = PlantedVectors.generate(NeighbourIndex.EXACT_LIMIT + 1, 2, 0.1, 0.3, 3).rows;
            Object built = index.getMethod("of", float[][].class).invoke(null, (Object) rows);
            assertEquals(ExactNeighbourIndex.class.getName(), built.getClass().getName());
            assertEquals(new ExactNeighbourIndex(rows).allAbove(THRESHOLD).size(),
                    ((List<?>) built.getClass().getMethod("allAbove", double.class).invoke(built, THRESHOLD)).size());
        }
    }

    @Test
    void badInputIsRefusedWithTheRowAtFault() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExactNeighbourIndex(new float[][] {{1, 0}, {1, 0, 0}}));
        assertEquals("row 1 has 3 dimensions, row 0 has 2", e.getMessage());
        ExactNeighbourIndex index = new ExactNeighbourIndex(new float[][] {{1, 0}});
        assertEquals("query has 3 dimensions, the index 2",
                assertThrows(IllegalArgumentException.class, () -> index.kNearest(new float[3], 1)).getMessage());
        assertEquals("k must be at least 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> index.kNearest(new float[2], -1)).getMessage());
    }

    private static float[][] copy(float[][] rows) {
        return Arrays.stream(rows).map(float[]::clone).toArray(float[][]::new);
    }

    private static Set<Long> keys(List<NeighbourPair> pairs) {
        Set<Long> out = new HashSet<>();
        pairs.forEach(p -> out.add(key(p.first(), p.second())));
        return out;
    }

    private static long key(int a, int b) {
        return (long) Math.min(a, b) << 32 | Math.max(a, b);
    }
}
