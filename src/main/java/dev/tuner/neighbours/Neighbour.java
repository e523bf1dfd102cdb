package dev.tuner.neighbours;

import java.util.Comparator;

/**
 * A row of an index and its cosine similarity to a query.
 *
 * @param row        the row's position in the vectors the index was built from
 * @param similarity the exact cosine similarity ({@link Similarity#cosine})
 */
public record Neighbour(int row, double similarity) {
    /** Most similar first; equal similarities by row, so every result has one order. */
    public static final Comparator<Neighbour> BEST_FIRST = (a, b) -> a.similarity != b.similarity
            ? Double.compare(b.similarity, a.similarity) : Integer.compare(a.row, b.row);
}
