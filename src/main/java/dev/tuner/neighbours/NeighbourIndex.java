package dev.tuner.neighbours;

import java.util.List;

/**
 * Nearest-neighbour search over a fixed set of unit-length vectors (rows), by cosine similarity. Implementations
 * are immutable once built and safe to share between threads. Every similarity they return is exact
 * ({@link Similarity#cosine}); an approximate index may miss a neighbour, never report a wrong similarity.
 */
public interface NeighbourIndex {
    /**
     * Up to this many rows, {@link #of} builds an {@link ExactNeighbourIndex}: every pair of 5,000 rows of 384
     * dimensions costs about 5 s of one core, an HNSW graph about half that ({@code bench/dedup.sh}); exact search
     * misses nothing, and corpora up to this size keep the nested loop's result bit for bit, as bundles always had.
     */
    int EXACT_LIMIT = 5_000;

    /** The number of rows. */
    int size();

    /** The vectors' dimension. */
    int dimension();

    /**
     * The {@code k} rows most similar to {@code query} (unit length, or it is normalized first), best first
     * ({@link Neighbour#BEST_FIRST}).
     */
    List<Neighbour> kNearest(float[] query, int k);

    /** The {@code k} rows most similar to row {@code row}, the row itself left out, best first. */
    List<Neighbour> kNearestOf(int row, int k);

    /**
     * Every pair of distinct rows whose cosine similarity is strictly above {@code similarity}, each pair once
     * ({@code first < second}), ordered by rows ({@link NeighbourPair#BY_ROWS}): the near-duplicate graph.
     */
    List<NeighbourPair> allAbove(double similarity);

    /**
     * The index that suits {@code rows} (unit-length vectors of one dimension; the arrays are shared, not copied):
     * exact up to {@link #EXACT_LIMIT} rows, HNSW above it when {@code com.github.jelmerk:hnswlib-core} is on the
     * class path (the plugin has it; an application adds it to search large corpora approximately), exact otherwise.
     */
    /**
     * Whether {@code com.github.jelmerk:hnswlib-core} (and the eclipse-collections it needs) is on the class path, so
     * that {@link #of} builds an {@link HnswNeighbourIndex} for large corpora. Safe to call without it; touching
     * {@link HnswNeighbourIndex} itself without it is a {@link NoClassDefFoundError}.
     */
    static boolean approximateAvailable() {
        return HnswAvailability.available();
    }

    static NeighbourIndex of(float[][] rows) {
        return rows.length > EXACT_LIMIT && HnswAvailability.available() ? HnswAvailability.build(rows)
                : new ExactNeighbourIndex(rows);
    }
}
