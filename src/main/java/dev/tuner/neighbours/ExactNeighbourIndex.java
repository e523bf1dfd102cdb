package dev.tuner.neighbours;

import java.util.ArrayList;
import java.util.List;

/**
 * Exact search: every row compared with the query, every pair for {@link #allAbove}. The pairs are visited in
 * blocks of {@value #BLOCK} x {@value #BLOCK} rows so that both blocks stay in the CPU cache; each similarity is
 * still one {@link Similarity#cosine}, so the result is the plain nested loop's, bit for bit.
 */
public final class ExactNeighbourIndex implements NeighbourIndex {
    /** Rows per block: 64 rows of 384 floats are 96 KiB, two blocks fit a typical L2 cache. */
    static final int BLOCK = 64;

    private final float[][] rows;
    private final int dimension;

    /** @param rows unit-length vectors of one dimension (shared, not copied) */
    public ExactNeighbourIndex(float[][] rows) {
        this.dimension = Rows.dimension(rows);
        this.rows = rows;
    }

    @Override
    public int size() {
        return rows.length;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<Neighbour> kNearest(float[] query, int k) {
        Rows.checkK(k);
        float[] q = Rows.unit(query, dimension);
        Rows.Best best = new Rows.Best(k);
        for (int i = 0; i < rows.length; i++) {
            best.offer(i, Similarity.cosine(q, rows[i]));
        }
        return best.sorted();
    }

    @Override
    public List<Neighbour> kNearestOf(int row, int k) {
        Rows.checkK(k);
        float[] q = rows[row];
        Rows.Best best = new Rows.Best(k);
        for (int i = 0; i < rows.length; i++) {
            if (i != row) {
                best.offer(i, Similarity.cosine(q, rows[i]));
            }
        }
        return best.sorted();
    }

    @Override
    public List<NeighbourPair> allAbove(double similarity) {
        List<NeighbourPair> out = new ArrayList<>();
        int n = rows.length;
        List<List<NeighbourPair>> perRow = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            perRow.add(null);
        }
        for (int ib = 0; ib < n; ib += BLOCK) {
            int iEnd = Math.min(n, ib + BLOCK);
            for (int jb = ib; jb < n; jb += BLOCK) {
                int jEnd = Math.min(n, jb + BLOCK);
                for (int i = ib; i < iEnd; i++) {
                    float[] a = rows[i];
                    for (int j = Math.max(jb, i + 1); j < jEnd; j++) {
                        double s = Similarity.cosine(a, rows[j]);
                        if (s > similarity) {
                            if (perRow.get(i) == null) {
                                perRow.set(i, new ArrayList<>());
                            }
                            perRow.get(i).add(new NeighbourPair(i, j, s));
                        }
                    }
                }
            }
        }
        // Within a row the blocks come in column order, so each row's pairs are already sorted.
        for (List<NeighbourPair> pairs : perRow) {
            if (pairs != null) {
                out.addAll(pairs);
            }
        }
        return out;
    }
}
