package dev.tuner.neighbours;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** What both indexes share: checking the rows, normalizing a query, keeping the best {@code k}. */
final class Rows {
    private Rows() {
    }

    static int dimension(float[][] rows) {
        int dimension = rows.length == 0 ? 0 : rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != dimension) {
                throw new IllegalArgumentException("row " + i + " has " + (rows[i] == null ? "no vector"
                        : rows[i].length + " dimensions") + ", row 0 has " + dimension);
            }
        }
        return dimension;
    }

    /** A unit-length copy of {@code query} (a zero vector stays zero). */
    static float[] unit(float[] query, int dimension) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, the index " + dimension);
        }
        return Similarity.unit(query);
    }

    static void checkK(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be at least 0, got " + k);
        }
    }

    /** Keeps the best {@code k} neighbours offered. */
    static final class Best {
        private final int k;
        private final PriorityQueue<Neighbour> heap;

        Best(int k) {
            this.k = k;
            this.heap = new PriorityQueue<>(Math.max(1, k), Neighbour.BEST_FIRST.reversed());
        }

        void offer(int row, double similarity) {
            if (k == 0) {
                return;
            }
            Neighbour n = new Neighbour(row, similarity);
            if (heap.size() < k) {
                heap.add(n);
            } else if (Neighbour.BEST_FIRST.compare(n, heap.peek()) < 0) {
                heap.poll();
                heap.add(n);
            }
        }

        List<Neighbour> sorted() {
            List<Neighbour> out = new ArrayList<>(heap);
            out.sort(Neighbour.BEST_FIRST);
            return out;
        }
    }
}
