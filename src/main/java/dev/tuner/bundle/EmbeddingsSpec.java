package dev.tuner.bundle;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <embeddings>} element: which corpora the bundle carries embeddings of, with which model, and what is
 * derived from them. Maven fills the fields from the POM.
 */
public class EmbeddingsSpec {
    /** The sentence-embedding model; {@value Embedders#MINILM} is the one supported. */
    String model = Embedders.MINILM;
    /** The corpora to embed. */
    List<CorpusSpec> corpora = new ArrayList<>();
    /**
     * Optional: a row whose cosine similarity to an earlier kept row of its corpus is above this is dropped as a
     * near-duplicate (for example 0.98). Absent or 0: keep every row.
     */
    double dedupThreshold;
    /** Optional: k-means centroids per label of a corpus with a {@code labelColumn}; 0 = none. */
    int centroidsPerLabel;
    /** Texts re-embedded by the safety check and compared with the bundle's rows. */
    int checkSample = 8;

    public EmbeddingsSpec() {
    }

    public EmbeddingsSpec(String model, List<CorpusSpec> corpora, double dedupThreshold, int centroidsPerLabel) {
        this.model = model;
        this.corpora = new ArrayList<>(corpora);
        this.dedupThreshold = dedupThreshold;
        this.centroidsPerLabel = centroidsPerLabel;
    }

    public String getModel() {
        return model;
    }

    public List<CorpusSpec> getCorpora() {
        return corpora == null ? List.of() : corpora;
    }

    public double getDedupThreshold() {
        return dedupThreshold;
    }

    public int getCentroidsPerLabel() {
        return centroidsPerLabel;
    }

    public int getCheckSample() {
        return checkSample;
    }
}
