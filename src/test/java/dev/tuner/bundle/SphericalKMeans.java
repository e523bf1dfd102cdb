package dev.tuner.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The hand-written seeded spherical k-means (k-means++ start, cosine similarity, unit-length centroids) that the
 * bundle used before Tribuo's k-means ({@link KMeans}); kept for {@code bench/kmeans.sh} only.
 */
final class SphericalKMeans {
    private static final int MAX_ITERATIONS = 50;

    private SphericalKMeans() {
    }

    /** Up to {@code k} unit-length centroids of the unit-length {@code vectors}. */
    static List<float[]> centroids(List<float[]> vectors, int k, long seed) {
        int n = vectors.size();
        int clusters = Math.min(k, n);
        Random random = new Random(seed);
        List<float[]> centres = new ArrayList<>();
        centres.add(vectors.get(random.nextInt(n)));
        double[] distance = new double[n];
        while (centres.size() < clusters) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                double best = Double.MAX_VALUE;
                for (float[] c : centres) {
                    best = Math.min(best, 1 - VectorMath.dot(vectors.get(i), c));
                }
                distance[i] = Math.max(0, best);
                total += distance[i];
            }
            if (total <= 0) {
                break; // fewer distinct points than k
            }
            double r = random.nextDouble() * total;
            int pick = 0;
            for (; pick < n - 1; pick++) {
                r -= distance[pick];
                if (r <= 0) {
                    break;
                }
            }
            centres.add(vectors.get(pick));
        }
        int dim = vectors.get(0).length;
        int[] assignment = new int[n];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            boolean changed = iteration == 0;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bestSim = -Double.MAX_VALUE;
                for (int c = 0; c < centres.size(); c++) {
                    double sim = VectorMath.dot(vectors.get(i), centres.get(c));
                    if (sim > bestSim) {
                        bestSim = sim;
                        best = c;
                    }
                }
                if (assignment[i] != best) {
                    assignment[i] = best;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            List<float[]> next = new ArrayList<>();
            for (int c = 0; c < centres.size(); c++) {
                double[] sum = new double[dim];
                int members = 0;
                for (int i = 0; i < n; i++) {
                    if (assignment[i] == c) {
                        members++;
                        float[] v = vectors.get(i);
                        for (int d = 0; d < dim; d++) {
                            sum[d] += v[d];
                        }
                    }
                }
                if (members == 0) {
                    next.add(centres.get(c));
                    continue;
                }
                float[] mean = new float[dim];
                for (int d = 0; d < dim; d++) {
                    mean[d] = (float) (sum[d] / members);
                }
                next.add(VectorMath.normalized(mean));
            }
            centres = next;
        }
        return centres;
    }
}
