package dev.tuner.neighbours;

import com.github.jelmerk.knn.DistanceFunction;
import com.github.jelmerk.knn.Item;
import com.github.jelmerk.knn.SearchResult;
import com.github.jelmerk.knn.hnsw.HnswIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * Approximate search on an HNSW graph (hnswlib-core, Java). The graph is built on one thread in row order and
 * hnswlib derives each row's level from a hash of its id (the row number), so the same rows always give the same
 * graph and the same answers. The graph only proposes candidates: their similarities are recomputed exactly
 * ({@link Similarity#cosine}), so a result can miss a neighbour but never holds a wrong similarity or a pair below
 * the threshold.
 *
 * <p>{@link #allAbove} asks the graph for each row's {@link Settings#firstK} nearest; a row whose candidates are all above
 * the threshold asks again with twice as many, so a cluster of near-duplicates larger than that is
 * found whole.
 */
public final class HnswNeighbourIndex implements NeighbourIndex {
    /** The settings {@link NeighbourIndex#of} uses; {@code bench/dedup.sh} measures them. */
    public static final Settings DEFAULT = new Settings(12, 48, 24, 12);

    /**
     * How the graph is built and searched.
     *
     * @param m              links per node (hnswlib's {@code M})
     * @param efConstruction candidate list while building (hnswlib's {@code efConstruction})
     * @param ef             candidate list while searching (hnswlib's {@code ef}); a search for more uses {@code k}
     * @param firstK         candidates per row that {@link #allAbove} starts with
     */
    public record Settings(int m, int efConstruction, int ef, int firstK) {
        public Settings {
            if (m < 2 || efConstruction < 1 || ef < 1 || firstK < 1) {
                throw new IllegalArgumentException("HNSW settings need m >= 2 and efConstruction, ef, firstK >= 1: "
                        + this);
            }
        }
    }

    private final float[][] rows;
    private final int dimension;
    private final Settings settings;
    private final HnswIndex<Integer, float[], Row, Float> graph;

    private HnswNeighbourIndex(float[][] rows, int dimension, Settings settings,
                               HnswIndex<Integer, float[], Row, Float> graph) {
        this.rows = rows;
        this.dimension = dimension;
        this.settings = settings;
        this.graph = graph;
    }

    /**
     * Builds the graph of {@code rows} (unit-length vectors of one dimension; shared, not copied).
     *
     * Needs hnswlib-core on the class path: without it this class cannot even be loaded (a
     * {@link NoClassDefFoundError}); {@link NeighbourIndex#of} and {@link NeighbourIndex#approximateAvailable()} never
     * touch it then.
     */
    public static HnswNeighbourIndex build(float[][] rows) {
        return build(rows, DEFAULT);
    }

    /** Builds the graph of {@code rows} with the given settings; see {@link #build(float[][])}. */
    public static HnswNeighbourIndex build(float[][] rows, Settings settings) {
        int dimension = Rows.dimension(rows);
        HnswIndex<Integer, float[], Row, Float> graph = HnswIndex
                .newBuilder(Math.max(1, dimension), new InnerProductDistance(), Math.max(1, rows.length))
                .withM(settings.m()).withEfConstruction(settings.efConstruction()).withEf(settings.ef()).build();
        // One thread, row order: hnswlib's addAll would insert from several threads in a racy order.
        for (int i = 0; i < rows.length; i++) {
            graph.add(new Row(i, rows[i]));
        }
        return new HnswNeighbourIndex(rows, dimension, settings, graph);
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
        return search(Rows.unit(query, dimension), k, -1);
    }

    @Override
    public List<Neighbour> kNearestOf(int row, int k) {
        Rows.checkK(k);
        return search(rows[row], k, row);
    }

    /** The graph's {@code k} candidates (one more when {@code self} is to be left out), scored exactly. */
    private List<Neighbour> search(float[] query, int k, int self) {
        if (k == 0 || rows.length == 0) {
            return List.of();
        }
        int ask = Math.min(rows.length, self >= 0 ? k + 1 : k);
        Rows.Best best = new Rows.Best(k);
        for (SearchResult<Row, Float> r : graph.findNearest(query, ask)) {
            int row = r.item().id();
            if (row != self) {
                best.offer(row, Similarity.cosine(query, rows[row]));
            }
        }
        return best.sorted();
    }

    @Override
    public List<NeighbourPair> allAbove(double similarity) {
        List<NeighbourPair> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            int k = settings.firstK();
            List<Neighbour> found;
            while (true) {
                found = kNearestOf(i, Math.min(k, rows.length - 1));
                boolean full = found.size() == k && found.get(found.size() - 1).similarity() > similarity;
                if (!full || k >= rows.length - 1) {
                    break;
                }
                k *= 2;
            }
            for (Neighbour n : found) {
                // A pair may be found from either of its rows, or from one only; duplicates are merged below.
                if (n.similarity() > similarity) {
                    out.add(new NeighbourPair(Math.min(i, n.row()), Math.max(i, n.row()), n.similarity()));
                }
            }
        }
        out.sort(NeighbourPair.BY_ROWS);
        List<NeighbourPair> unique = new ArrayList<>(out.size());
        for (NeighbourPair p : out) {
            NeighbourPair last = unique.isEmpty() ? null : unique.get(unique.size() - 1);
            if (last == null || last.first() != p.first() || last.second() != p.second()) {
                unique.add(p);
            }
        }
        return unique;
    }

    /**
     * {@code 1 - dot(u, v)} with eight float accumulators: the graph's own distance, about three times as fast as
     * hnswlib's one-accumulator loop. It only ranks candidates, whose similarity is then recomputed exactly; it is
     * as deterministic as any Java float arithmetic.
     */
    static final class InnerProductDistance implements DistanceFunction<float[], Float> {
        private static final long serialVersionUID = 1L;

        @Override
        public Float distance(float[] u, float[] v) {
            int n = u.length;
            int i = 0;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (; i + 7 < n; i += 8) {
                s0 += u[i] * v[i];
                s1 += u[i + 1] * v[i + 1];
                s2 += u[i + 2] * v[i + 2];
                s3 += u[i + 3] * v[i + 3];
                s4 += u[i + 4] * v[i + 4];
                s5 += u[i + 5] * v[i + 5];
                s6 += u[i + 6] * v[i + 6];
                s7 += u[i + 7] * v[i + 7];
            }
            for (; i < n; i++) {
                s0 += u[i] * v[i];
            }
            return 1 - ((s0 + s1) + (s2 + s3) + ((s4 + s5) + (s6 + s7)));
        }
    }

    /** A row as hnswlib stores it: its number and its vector. */
    record Row(Integer id, float[] vector) implements Item<Integer, float[]> {
        @Override
        public int dimensions() {
            return vector.length;
        }
    }
}
