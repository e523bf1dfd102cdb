package dev.tuner.bundle;

/** Paths inside a bundle (format version {@value BundleManifest#FORMAT_VERSION}). */
public final class BundleLayout {
    public static final String MODEL = "model/model.tribuo";
    public static final String MODEL_ONNX = "model/model.onnx";
    public static final String PROVENANCE = "model/provenance.json";
    public static final String METRICS = "metrics.json";
    /** The columns' encoding ({@code ModelBundle.predict}); bundles built before row prediction lack it. */
    public static final String FEATURES = "features.json";
    public static final String EMBEDDINGS = "embeddings/";
    public static final String VECTORS = "vectors.f32";
    public static final String INDEX = "index.json";
    public static final String CENTROIDS = "centroids.json";

    private BundleLayout() {
    }

    /**
     * Where a bundle names its own Maven coordinates, so that a bundle that is a class path entry (an IDE, Gradle or
     * {@code java -cp} puts a zip dependency there; Maven does not) is found by coordinates without colliding with
     * another bundle's {@code manifest.json} ({@link BundleLoader#ofDependency}).
     */
    public static String marker(String groupId, String artifactId) {
        return "META-INF/tuner-bundle/" + groupId + "/" + artifactId + ".properties";
    }

    /**
     * Where maven-dependency-plugin's {@code copy-dependencies} with {@code prependGroupId} and {@code stripVersion}
     * copies a bundle dependency under {@code META-INF/tuner-bundles} of the class path (docs/bundle.md).
     */
    public static String copiedBundle(String groupId, String artifactId) {
        return "META-INF/tuner-bundles/" + groupId + "." + artifactId + "-model-bundle.zip";
    }

    static String corpusFile(String corpus, String file) {
        return EMBEDDINGS + corpus + "/" + file;
    }
}
