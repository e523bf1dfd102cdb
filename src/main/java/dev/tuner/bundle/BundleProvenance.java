package dev.tuner.bundle;

import java.util.Map;

/**
 * The {@code provenance} of a bundle's manifest as {@code tuner:bundle} writes it (docs/bundle.md); a loaded
 * bundle reads it back as a plain map ({@link BundleManifest#provenance}), since bundles of other plugin versions
 * may hold other fields. Null fields are written as null.
 *
 * @param params           every hyperparameter the model was trained with
 * @param paramsSource     where they came from: {@code <params>}, a params file or a study's trial
 * @param trainer          the trainer's name
 * @param data             the training data
 * @param embeddings       the corpora's embeddings, or null without them
 * @param gitCommit        the project's commit, or null outside a git work tree
 * @param pluginVersion    the plugin's version
 * @param timestamp        the build's timestamp
 * @param tribuoProvenance the bundle file holding Tribuo's own provenance
 */
public record BundleProvenance(Map<String, Object> params, String paramsSource, String trainer, Data data,
                               Embeddings embeddings, String gitCommit, String pluginVersion, String timestamp,
                               String tribuoProvenance) {

    /** The data file and how it was split. */
    public record Data(String file, String sha256, String target, int trainingRows, int heldOutRows,
                       double testFraction, long seed) {
    }

    /**
     * @param dedupThreshold the near-duplicate threshold, or null when no deduplication ran
     * @param corpora        per corpus name, what was embedded
     */
    public record Embeddings(String model, int dimension, String normalization, Double dedupThreshold,
                             int centroidsPerLabel, Map<String, Corpus> corpora) {
    }

    /** A corpus: its kept rows and the SHA-256 of all its texts. */
    public record Corpus(int rows, String textsSha256) {
    }
}
