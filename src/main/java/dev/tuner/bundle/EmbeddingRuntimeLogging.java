package dev.tuner.bundle;

import java.util.Map;

/**
 * Quiets what the embedding runtime logs about the machine rather than about the work. The tokenizer library that
 * langchain4j's all-MiniLM model loads (DJL) probes for a GPU when it starts, and on a machine with the CUDA runtime
 * but no usable driver it warns "Failed to detect GPU count: CUDA driver version is insufficient..." twice per run,
 * then says at INFO which native library it picked; embeddings run on the CPU either way. These are SLF4J loggers;
 * under Maven (and any SLF4J simple logger) a logger's level is read from the system property
 * {@code org.slf4j.simpleLogger.log.<name>} when the logger is created, so setting it before the model loads raises
 * only those two loggers: the GPU probe to ERROR, the platform choice to WARN. A level the user set is kept, and
 * errors still show.
 */
final class EmbeddingRuntimeLogging {
    static final Map<String, String> LEVELS = Map.of(
            "org.slf4j.simpleLogger.log.ai.djl.util.cuda", "error",
            "org.slf4j.simpleLogger.log.ai.djl.util.Platform", "warn");

    private EmbeddingRuntimeLogging() {
    }

    /** Sets each level the user has not set; call before the embedding model is created. */
    static void quiet() {
        LEVELS.forEach((property, level) -> {
            if (System.getProperty(property) == null) {
                System.setProperty(property, level);
            }
        });
    }
}
