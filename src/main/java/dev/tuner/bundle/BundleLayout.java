package dev.tuner.bundle;

/** Paths inside a bundle (format version {@value BundleManifest#FORMAT_VERSION}). */
public final class BundleLayout {
    public static final String MODEL = "model/model.tribuo";
    public static final String MODEL_ONNX = "model/model.onnx";
    public static final String PROVENANCE = "model/provenance.json";
    public static final String METRICS = "metrics.json";
    public static final String EMBEDDINGS = "embeddings/";
    public static final String VECTORS = "vectors.f32";
    public static final String INDEX = "index.json";
    public static final String CENTROIDS = "centroids.json";

    private BundleLayout() {
    }

    static String corpusFile(String corpus, String file) {
        return EMBEDDINGS + corpus + "/" + file;
    }
}
