package dev.tuner.bundle;

import dev.tuner.neighbours.PlantedVectors;
import dev.tuner.neighbours.Similarity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KMeansTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void kUnitCentroidsTheSameForTheSameSeed(int k) {
        List<float[]> rows = Arrays.asList(PlantedVectors.generate(400, 32, 0.0, 0.0, 3).rows);
        List<float[]> one = KMeans.centroids(rows, k, 42);
        List<float[]> two = KMeans.centroids(rows, k, 42);
        assertEquals(k, one.size());
        for (int i = 0; i < k; i++) {
            assertArrayEquals(one.get(i), two.get(i));
            assertEquals(1.0, Similarity.cosine(one.get(i), one.get(i)), 1e-6);
        }
    }

    @Test
    void fewerDistinctRowsThanKGiveTheDistinctRows() {
        float[] a = {1, 0};
        float[] b = {0, 1};
        List<float[]> centroids = KMeans.centroids(List.of(a, b, a.clone(), b.clone(), a.clone()), 4, 1);
        assertEquals(2, centroids.size());
        assertArrayEquals(a, centroids.get(0));
        assertArrayEquals(b, centroids.get(1));
    }

    @Test
    void centroidsFindSeparatedGroups() {
        float[][] rows = new float[40][];
        for (int i = 0; i < rows.length; i++) {
            float spread = (i % 20) * 0.001f;
            rows[i] = Similarity.unit(i < 20 ? new float[] {1, spread, 0} : new float[] {0, spread, 1});
        }
        List<float[]> centroids = KMeans.centroids(Arrays.asList(rows), 2, 7);
        assertEquals(2, centroids.size());
        assertTrue(centroids.stream().anyMatch(c -> c[0] > 0.99), "one centroid near x");
        assertTrue(centroids.stream().anyMatch(c -> c[2] > 0.99), "one centroid near z");
    }
}
