package dev.tuner.bundle;

import dev.tuner.tuning.TuningRequest;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code tuner:bundle} was asked to do.
 *
 * @param study           the study configuration (data, trainer, search space, storage, ...), as {@code tune} reads it
 * @param pinnedParams    {@code <params>}: fixed hyperparameters, or empty
 * @param paramsFile      {@code <paramsFile>}: JSON with the parameters, or null
 * @param embeddings      {@code <embeddings>}, or null for a bundle without embeddings
 * @param embedders       model name to embedder; {@link Embedders#create} outside tests
 * @param cacheDirectory  where the embedding cache lives
 * @param zipFile         the bundle to write
 * @param reportFile      {@code bundle.json}
 * @param timestamp       the zip entries' time and the model provenance's time
 * @param pluginVersion   recorded in the provenance
 * @param projectDirectory where to look for {@code .git}
 * @param coordinates     the project's Maven coordinates, for the bundle's classpath marker
 *                        ({@link BundleLayout#marker}); null for a bundle without one
 */
public record BundleRequest(TuningRequest study, Map<String, String> pinnedParams, File paramsFile,
                            EmbeddingsSpec embeddings, Function<String, Embedder> embedders, Path cacheDirectory,
                            Path zipFile, Path reportFile, Instant timestamp, String pluginVersion,
                            Path projectDirectory, Coordinates coordinates) {
    /** A request without Maven coordinates: the bundle has no classpath marker. */
    public BundleRequest(TuningRequest study, Map<String, String> pinnedParams, File paramsFile,
                         EmbeddingsSpec embeddings, Function<String, Embedder> embedders, Path cacheDirectory,
                         Path zipFile, Path reportFile, Instant timestamp, String pluginVersion,
                         Path projectDirectory) {
        this(study, pinnedParams, paramsFile, embeddings, embedders, cacheDirectory, zipFile, reportFile, timestamp,
                pluginVersion, projectDirectory, null);
    }

    /** A project's {@code groupId}, {@code artifactId} and {@code version}. */
    public record Coordinates(String groupId, String artifactId, String version) {
    }
}
