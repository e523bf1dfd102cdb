package dev.tuner.neighbours;

import java.util.Comparator;

/**
 * Two rows of an index and their cosine similarity: an edge of the near-duplicate graph.
 *
 * @param first      the smaller row
 * @param second     the larger row
 * @param similarity the exact cosine similarity ({@link Similarity#cosine})
 */
public record NeighbourPair(int first, int second, double similarity) {
    /** By first row, then second row. */
    public static final Comparator<NeighbourPair> BY_ROWS = Comparator.comparingInt(NeighbourPair::first)
            .thenComparingInt(NeighbourPair::second);

    public NeighbourPair {
        if (first >= second) {
            throw new IllegalArgumentException("a pair needs first < second, got " + first + ", " + second);
        }
    }
}
