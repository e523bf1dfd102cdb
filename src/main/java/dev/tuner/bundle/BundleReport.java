package dev.tuner.bundle;

import dev.tuner.tribuo.OnnxForm;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * What {@code tuner:bundle} did, written as {@code target/tuner/bundle.json} (docs/bundle.md).
 *
 * @param file         the bundle's file name
 * @param bytes        its size
 * @param sha256       its SHA-256
 * @param paramsSource where the hyperparameters came from
 * @param params       the hyperparameters
 * @param heldOut      the held-out rows and the model's metrics on them
 * @param files        the bundle's files as the manifest lists them
 * @param embeddings   what embedding the corpora did
 * @param safetyCheck  what reloading the bundle checked
 * @param fitSeconds   seconds to train the model
 * @param seconds      seconds for the whole goal
 */
public record BundleReport(String file, long bytes, String sha256, String paramsSource, Map<String, Object> params,
                           HeldOut heldOut, List<BundleManifest.FileEntry> files, Embeddings embeddings,
                           SafetyCheck safetyCheck, double fitSeconds, double seconds) {

    public record HeldOut(int rows, Map<String, Double> metrics) {
    }

    /**
     * @param corpora   per corpus name, what happened to it
     * @param cacheFile the embedding cache, left out when no corpus was embedded
     */
    public record Embeddings(int computed, int cached, double seconds, Map<String, Corpus> corpora,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String cacheFile) {
    }

    /**
     * @param file              the corpus' CSV file name
     * @param rows              its rows
     * @param kept              rows left after removing near-duplicates
     * @param removedDuplicates rows removed as near-duplicates
     * @param computed          texts embedded in this build (the others came from the cache)
     * @param centroids         centroids written
     */
    public record Corpus(String file, int rows, int kept, int removedDuplicates, int computed, int centroids) {
    }

    /**
     * @param heldOutPredictions   held-out predictions of the reloaded model compared with the trained one's
     * @param embeddingsRecomputed embeddings recomputed without the cache and compared with the bundle's
     * @param onnx                 the ONNX form run by ONNX Runtime against the model on the held-out rows; null when
     *                             the model has no ONNX export
     */
    public record SafetyCheck(int heldOutPredictions, int embeddingsRecomputed, OnnxForm.Check onnx, double seconds) {
    }
}
