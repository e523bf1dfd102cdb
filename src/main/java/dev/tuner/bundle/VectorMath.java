package dev.tuner.bundle;

/** Small float-vector helpers shared by the writer and the loader. */
final class VectorMath {
    private VectorMath() {
    }

    /** A unit-length copy of {@code v} (a zero vector stays zero). */
    static float[] normalized(float[] v) {
        return dev.tuner.neighbours.Similarity.unit(v);
    }

    static double dot(float[] a, float[] b) {
        return dev.tuner.neighbours.Similarity.cosine(a, b);
    }
}
