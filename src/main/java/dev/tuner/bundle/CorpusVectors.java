package dev.tuner.bundle;

import dev.tuner.neighbours.NeighbourIndex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A corpus read from its CSV file and embedded through the shared embedding cache, exactly as {@code tuner:bundle}
 * embeds a {@code <corpus>}: for a project's {@code Objective} that tunes something over sentence embeddings
 * (docs/objectives.md). Texts already in the cache are not embedded again; new ones are embedded with the model and
 * saved to the cache, so the next build (and {@code bundle}) finds them.
 *
 * @param ids      row ids (the id column, or row numbers from 1), unique
 * @param texts    the texts
 * @param labels   labels, or null without a label column
 * @param vectors  one unit-length vector per row
 * @param computed how many texts were embedded now rather than read from the cache
 */
public record CorpusVectors(List<String> ids, List<String> texts, List<String> labels, float[][] vectors,
                            int computed) {

    /**
     * Reads and embeds a corpus with all-MiniLM-L6-v2 (needs the plugin's optional MiniLM dependency, which the
     * plugin's own class path has).
     *
     * @param corpus         the corpus, as in {@code <embeddings><corpora><corpus>}
     * @param cacheDirectory the embedding cache; {@code tuner:bundle} uses
     *                       {@code ${settings.localRepository}/.cache/tuner-embeddings}
     * @throws IllegalArgumentException naming the file, line or element at fault
     */
    public static CorpusVectors load(CorpusSpec corpus, Path cacheDirectory) throws IOException {
        return load(corpus, cacheDirectory, Embedders.create(Embedders.MINILM));
    }

    /** As {@link #load(CorpusSpec, Path)} with another embedder. */
    public static CorpusVectors load(CorpusSpec corpus, Path cacheDirectory, Embedder embedder) throws IOException {
        CorpusText text = CorpusText.read(corpus);
        EmbeddingCache cache = EmbeddingCache.open(cacheDirectory, embedder.model(), embedder.dimension());
        int computed = fill(cache, embedder, text.texts());
        float[][] vectors = new float[text.texts().size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = cache.get(text.texts().get(i)).orElseThrow();
        }
        return new CorpusVectors(text.ids(), text.texts(), text.labels(), vectors, computed);
    }

    /** Embeds the texts the cache lacks (each distinct text once) and saves the cache; returns how many. */
    static int fill(EmbeddingCache cache, Embedder embedder, List<String> texts) throws IOException {
        List<String> missing = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String t : texts) {
            if (cache.get(t).isEmpty() && seen.add(t)) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            List<float[]> fresh = embedder.embed(missing);
            for (int i = 0; i < missing.size(); i++) {
                cache.put(missing.get(i), fresh.get(i));
            }
            cache.save();
        }
        return missing.size();
    }

    public int size() {
        return vectors.length;
    }

    /** The rows {@code rows} (rising row numbers, e.g. {@code ObjectiveContext.rows}) as a corpus of their own. */
    public CorpusVectors subset(int[] rows) {
        List<String> subIds = new ArrayList<>(rows.length);
        List<String> subTexts = new ArrayList<>(rows.length);
        List<String> subLabels = labels == null ? null : new ArrayList<>(rows.length);
        float[][] subVectors = new float[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            subIds.add(ids.get(rows[k]));
            subTexts.add(texts.get(rows[k]));
            if (subLabels != null) {
                subLabels.add(labels.get(rows[k]));
            }
            subVectors[k] = vectors[rows[k]];
        }
        return new CorpusVectors(subIds, subTexts, subLabels, subVectors, 0);
    }

    /** A nearest-neighbour index over the vectors ({@link NeighbourIndex#of}). */
    public NeighbourIndex neighbours() {
        return NeighbourIndex.of(vectors);
    }
}
