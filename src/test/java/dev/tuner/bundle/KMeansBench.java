package dev.tuner.bundle;

import dev.tuner.neighbours.PlantedVectors;
import dev.tuner.neighbours.Similarity;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/kmeans.sh}: the bundle's former hand-written spherical k-means ({@link SphericalKMeans}) against
 * Tribuo 4.3.2's {@code KMeansTrainer} with k-means++ and cosine distance as the bundle now runs it ({@link KMeans}),
 * one thread each, on the same unit vectors: CPU seconds
 * (of the whole process) and the mean cosine of each row to its nearest centroid (higher is better), and whether each gives the same
 * centroids twice. Arguments: rows, dimension, k, repeats (seeds 42, 43, ...).
 */
public final class KMeansBench {
    private KMeansBench() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int dimension = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int repeats = Integer.parseInt(args[3]);
        List<float[]> rows = Arrays.asList(PlantedVectors.generate(n, dimension, 0.0, 0.0, 5).rows);
        // Process CPU time: Tribuo trains inside a ForkJoinPool of its own, so the calling thread's time misses it.
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < repeats; r++) {
            long seed = 42 + r;
            long c0 = os.getProcessCpuTime();
            List<float[]> own = SphericalKMeans.centroids(rows, k, seed);
            long c1 = os.getProcessCpuTime();
            List<float[]> tribuo = KMeans.centroids(rows, k, seed);
            long c2 = os.getProcessCpuTime();
            boolean ownRepeats = same(own, SphericalKMeans.centroids(rows, k, seed));
            boolean tribuoRepeats = same(tribuo, KMeans.centroids(rows, k, seed));
            System.out.println(String.format(Locale.ROOT, "{\"seed\": %d, \"rows\": %d, \"dimension\": %d, \"k\": %d, "
                            + "\"ownCpuSeconds\": %.2f, \"tribuoCpuSeconds\": %.2f, \"ownMeanCosine\": %.5f, "
                            + "\"tribuoMeanCosine\": %.5f, \"ownRepeats\": %b, \"tribuoRepeats\": %b}",
                    seed, n, dimension, k, (c1 - c0) / 1e9, (c2 - c1) / 1e9, meanCosine(rows, own),
                    meanCosine(rows, tribuo), ownRepeats, tribuoRepeats));
        }
    }

    private static double meanCosine(List<float[]> rows, List<float[]> centroids) {
        double sum = 0;
        for (float[] v : rows) {
            double best = -1;
            for (float[] c : centroids) {
                best = Math.max(best, Similarity.cosine(v, c));
            }
            sum += best;
        }
        return sum / rows.size();
    }

    private static boolean same(List<float[]> a, List<float[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
