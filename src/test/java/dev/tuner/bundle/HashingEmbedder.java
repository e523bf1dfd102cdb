package dev.tuner.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A deterministic stand-in for MiniLM in tests: hashed bag of words in 384 dimensions, unit length. */
final class HashingEmbedder implements Embedder {
    int calls;
    int texts;

    @Override
    public String model() {
        return "test-hashing";
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public List<float[]> embed(List<String> batch) {
        calls++;
        texts += batch.size();
        List<float[]> out = new ArrayList<>();
        for (String t : batch) {
            float[] v = new float[384];
            for (String w : t.toLowerCase(Locale.ROOT).split("\\W+")) {
                if (!w.isEmpty()) {
                    v[Math.floorMod(w.hashCode(), 384)] += 1;
                }
            }
            out.add(VectorMath.normalized(v));
        }
        return out;
    }
}
