package dev.tuner.neighbours;

/** The one similarity every index reports, so that exact and approximate search agree to the last bit. */
public final class Similarity {
    private Similarity() {
    }

    /**
     * The dot product of {@code a} and {@code b}, accumulated in double in index order: the cosine similarity of
     * two unit-length vectors. Deterministic (Java's floating point is strict), whatever the index.
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** A unit-length copy of {@code v} (a zero vector stays zero). */
    public static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float[] out = v.clone();
        if (sum > 0) {
            double inv = 1 / Math.sqrt(sum);
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] * inv);
            }
        }
        return out;
    }
}
