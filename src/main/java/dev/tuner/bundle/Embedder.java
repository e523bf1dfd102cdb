package dev.tuner.bundle;

import java.util.List;

/** A sentence-embedding model: texts in, one L2-normalized float vector per text out. */
public interface Embedder {
    /** The model's name, part of every cache key and of the bundle's metadata. */
    String model();

    int dimension();

    /** One unit-length vector of {@link #dimension()} floats per text, in order. */
    List<float[]> embed(List<String> texts);
}
