package dev.tuner.neighbours;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Unit vectors shaped like sentence embeddings: rows scattered around topic centres, plus planted near-duplicates
 * (a copy of an earlier row with a little noise). Shared by the tests and {@code bench/dedup.sh}.
 */
public final class PlantedVectors {
    /** The rows, in order; a planted row comes after its original. */
    public final float[][] rows;
    /** The planted pairs (original, copy), original < copy. */
    public final List<int[]> planted;

    private PlantedVectors(float[][] rows, List<int[]> planted) {
        this.rows = rows;
        this.planted = planted;
    }

    /**
     * @param n         rows in all
     * @param dimension vector dimension
     * @param share     share of the rows that are planted copies
     * @param noise     noise added to a copy per dimension, relative to a unit vector's typical coordinate
     * @param seed      random seed
     */
    public static PlantedVectors generate(int n, int dimension, double share, double noise, long seed) {
        return generate(n, dimension, share, noise, 0.9, seed);
    }

    /**
     * As {@link #generate(int, int, double, double, long)}, with the spread of the rows around their topic centre:
     * 0.9 gives rows about 0.55 similar to the rest of their topic, 0.5 about 0.8 (many moderately similar rows just
     * below a 0.9 threshold, which a graph must tell apart from the near-duplicates above it).
     *
     * @param spread standard deviation of a row around its topic centre, relative to the centre's
     */
    public static PlantedVectors generate(int n, int dimension, double share, double noise, double spread,
                                          long seed) {
        Random random = new Random(seed);
        int topics = Math.max(1, n / 100);
        float[][] centres = new float[topics][];
        for (int t = 0; t < topics; t++) {
            centres[t] = gaussian(random, dimension, 1.0);
        }
        float[][] rows = new float[n][];
        List<int[]> planted = new ArrayList<>();
        double scale = 1 / Math.sqrt(dimension);
        for (int i = 0; i < n; i++) {
            if (i > 0 && random.nextDouble() < share) {
                int original = random.nextInt(i);
                float[] copy = rows[original].clone();
                for (int d = 0; d < dimension; d++) {
                    copy[d] += (float) (random.nextGaussian() * noise * scale);
                }
                rows[i] = unit(copy);
                planted.add(new int[] {original, i});
            } else {
                float[] centre = centres[random.nextInt(topics)];
                float[] v = gaussian(random, dimension, spread);
                for (int d = 0; d < dimension; d++) {
                    v[d] += centre[d];
                }
                rows[i] = unit(v);
            }
        }
        return new PlantedVectors(rows, planted);
    }

    private static float[] gaussian(Random random, int dimension, double sd) {
        float[] v = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            v[d] = (float) (random.nextGaussian() * sd);
        }
        return v;
    }

    static float[] unit(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        double inv = 1 / Math.sqrt(s);
        for (int d = 0; d < v.length; d++) {
            v[d] = (float) (v[d] * inv);
        }
        return v;
    }
}
