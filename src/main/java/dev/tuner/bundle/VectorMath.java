package dev.tuner.bundle;

/** Small float-vector helpers shared by the writer and the loader. */
final class VectorMath {
    private VectorMath() {
    }

    /** A unit-length copy of {@code v} (a zero vector stays zero). */
    static float[] normalized(float[] v) {
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

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
