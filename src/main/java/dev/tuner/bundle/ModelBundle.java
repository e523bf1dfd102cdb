package dev.tuner.bundle;

import org.tribuo.Model;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded, verified bundle: the Tribuo model, its ONNX form when there is one, the held-out metrics, the
 * embeddings of each corpus and the manifest. Immutable; safe to share between threads (Tribuo models predict
 * concurrently).
 */
public final class ModelBundle {
    private final BundleManifest manifest;
    private final Map<String, byte[]> files;
    private final Model<?> model;
    private final Map<String, Double> metrics;
    private final Map<String, CorpusEmbeddings> embeddings;

    ModelBundle(BundleManifest manifest, Map<String, byte[]> files, Model<?> model, Map<String, Double> metrics,
                Map<String, CorpusEmbeddings> embeddings) {
        this.manifest = manifest;
        this.files = files;
        this.model = model;
        this.metrics = metrics;
        this.embeddings = embeddings;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** The Tribuo model, read from its protobuf form. */
    public Model<?> model() {
        return model;
    }

    /** The ONNX form ({@code model/model.onnx}) when the model could export one. */
    public Optional<byte[]> onnx() {
        return file(BundleLayout.MODEL_ONNX);
    }

    /** Metrics on the held-out rows ({@code metrics.json}). */
    public Map<String, Double> metrics() {
        return metrics;
    }

    /** Names of the embedded corpora. */
    public Set<String> corpora() {
        return embeddings.keySet();
    }

    /** @throws IllegalArgumentException for a corpus the bundle does not hold */
    public CorpusEmbeddings embeddings(String corpus) {
        CorpusEmbeddings e = embeddings.get(corpus);
        if (e == null) {
            throw new IllegalArgumentException("the bundle has no corpus '" + corpus + "'; it has " + corpora());
        }
        return e;
    }

    /** The verified bytes of one file of the bundle. */
    public Optional<byte[]> file(String path) {
        byte[] b = files.get(path);
        return Optional.ofNullable(b == null ? null : b.clone());
    }
}
