package dev.tuner.neighbours;

import com.github.jelmerk.knn.DistanceFunction;
import com.github.jelmerk.knn.Item;
import com.github.jelmerk.knn.SearchResult;
import com.github.jelmerk.knn.hnsw.HnswIndex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Approximate search on an HNSW graph (hnswlib-core, Java). The graph is built on one thread in row order and
 * hnswlib derives each row's level from a hash of its id (the row number), so the same rows always give the same
 * graph and the same answers. The graph only proposes candidates: their similarities are recomputed exactly
 * ({@link Similarity#cosine}) on the full vectors, so a result can miss a neighbour but never holds a wrong
 * similarity or a pair below the threshold.
 *
 * <p>The graph holds each row projected to {@link Settings#projection} dimensions (a fixed Gaussian random
 * projection, re-normalized), not the row itself. A random projection keeps the cosine of two unit vectors within
 * about {@code sqrt(2 / projection)} (Johnson-Lindenstrauss), so near neighbours stay near: the graph is only asked
 * for candidates, which are then ranked exactly. It makes each distance several times cheaper and, measured on
 * clustered 384-dimensional rows, raised recall and lowered cost at once ({@code bench/dedup.sh},
 * docs/benchmarks.md).
 *
 * <p>A search takes at least {@link Settings#ef} candidates from the graph (hnswlib explores that many anyway) and
 * keeps the best {@code k} by exact similarity. {@link #allAbove} searches from every row once, in parallel over the
 * fixed graph, and merges the per-row results in row order: the threads change the time, not the answer. A row with
 * at least {@link Settings#firstK} candidates above the threshold asks again for twice as many, so a cluster of
 * near-duplicates larger than the candidate list is found whole.
 */
public final class HnswNeighbourIndex implements NeighbourIndex {
    /**
     * The settings {@link NeighbourIndex#of} uses; {@code bench/dedup.sh} measures them. M 12 and efConstruction 32
     * over 64 projected dimensions build a graph in which a row finds its near-duplicates (cosine 0.9 and more) with
     * ef 32; a row asks for more candidates only when 8 of them are above the threshold (rare for near-duplicates).
     */
    public static final Settings DEFAULT = new Settings(12, 32, 32, 8, 64);

    /** How far below the threshold a candidate's float dot product may lie and still be scored exactly. */
    private static final double PREFILTER = 1e-3;

    /** The seed of the random projection: fixed, so the same rows give the same graph in every run. */
    private static final long PROJECTION_SEED = 0x5eed_18L;

    /**
     * How the graph is built and searched.
     *
     * @param m              links per node (hnswlib's {@code M})
     * @param efConstruction candidate list while building (hnswlib's {@code efConstruction})
     * @param ef             candidate list while searching (hnswlib's {@code ef}); a search for more uses {@code k}
     * @param firstK         candidates above the threshold from one row that make {@link #allAbove} ask that row
     *                       again for twice as many (and so on)
     * @param projection     dimensions of the vectors the graph holds; rows of no more dimensions are used as they are
     */
    public record Settings(int m, int efConstruction, int ef, int firstK, int projection) {
        public Settings {
            if (m < 2 || efConstruction < 1 || ef < 1 || firstK < 1 || projection < 1) {
                throw new IllegalArgumentException("HNSW settings need m >= 2 and efConstruction, ef, firstK, "
                        + "projection >= 1: " + this);
            }
        }
    }

    private final float[][] rows;
    private final int dimension;
    private final Settings settings;
    /** The projection matrix ({@code settings.projection()} x {@code dimension}), or null when rows are used as such. */
    private final float[][] projection;
    /** Each row as the graph holds it. */
    private final float[][] projected;
    private final HnswIndex<Integer, float[], Row, Float> graph;

    private HnswNeighbourIndex(float[][] rows, int dimension, Settings settings, float[][] projection,
                               float[][] projected, HnswIndex<Integer, float[], Row, Float> graph) {
        this.rows = rows;
        this.dimension = dimension;
        this.settings = settings;
        this.projection = projection;
        this.projected = projected;
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
        float[][] projection = dimension > settings.projection() ? projection(settings.projection(), dimension)
                : null;
        float[][] projected = new float[rows.length][];
        // Projecting is independent per row and each row's arithmetic is fixed, so threads do not change the result.
        IntStream.range(0, rows.length).parallel().forEach(i -> projected[i] = project(projection, rows[i]));
        int graphDimension = projection == null ? dimension : settings.projection();
        HnswIndex<Integer, float[], Row, Float> graph = HnswIndex
                .newBuilder(Math.max(1, graphDimension), new InnerProductDistance(), Math.max(1, rows.length))
                .withM(settings.m()).withEfConstruction(settings.efConstruction()).withEf(settings.ef()).build();
        // One thread, row order: hnswlib's addAll would insert from several threads in a racy order.
        for (int i = 0; i < rows.length; i++) {
            graph.add(new Row(i, projected[i]));
        }
        return new HnswNeighbourIndex(rows, dimension, settings, projection, projected, graph);
    }

    /**
     * A Gaussian random matrix from a fixed seed ({@link Random}'s sequence is specified, so it is the same
     * everywhere), one row of {@code out} weights per input dimension.
     */
    private static float[][] projection(int out, int dimension) {
        Random random = new Random(PROJECTION_SEED);
        float[][] matrix = new float[dimension][out];
        for (float[] row : matrix) {
            for (int j = 0; j < out; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return matrix;
    }

    /**
     * {@code vector} as the graph holds it: projected and re-normalized, or itself without a projection. The sums run
     * over the input dimensions in order, element by element (which the JIT can vectorize without changing a bit).
     */
    private static float[] project(float[][] projection, float[] vector) {
        if (projection == null) {
            return vector;
        }
        float[] out = new float[projection[0].length];
        for (int d = 0; d < vector.length; d++) {
            float x = vector[d];
            float[] weights = projection[d];
            for (int j = 0; j < out.length; j++) {
                out[j] += x * weights[j];
            }
        }
        return Similarity.unit(out);
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
        float[] unit = Rows.unit(query, dimension);
        return search(unit, project(projection, unit), k, -1);
    }

    @Override
    public List<Neighbour> kNearestOf(int row, int k) {
        Rows.checkK(k);
        return search(rows[row], projected[row], k, row);
    }

    /**
     * The best {@code k} by exact similarity among the graph's candidates for {@code query} ({@code inGraph} as the
     * graph holds it): at least {@code ef} of them, which the graph's search explores anyway.
     */
    private List<Neighbour> search(float[] query, float[] inGraph, int k, int self) {
        if (k == 0 || rows.length == 0) {
            return List.of();
        }
        int ask = Math.min(rows.length, Math.max(settings.ef(), self >= 0 ? k + 1 : k));
        Rows.Best best = new Rows.Best(k);
        for (SearchResult<Row, Float> r : graph.findNearest(inGraph, ask)) {
            int row = r.item().id();
            if (row != self) {
                best.offer(row, Similarity.cosine(query, rows[row]));
            }
        }
        return best.sorted();
    }

    @Override
    public List<NeighbourPair> allAbove(double similarity) {
        // One search per row over the fixed graph, in parallel; each row's answer lands in its own slot.
        List<List<NeighbourPair>> perRow = new ArrayList<>(Collections.nCopies(rows.length, null));
        IntStream.range(0, rows.length).parallel().forEach(i -> perRow.set(i, above(i, similarity)));
        List<NeighbourPair> out = new ArrayList<>();
        perRow.forEach(out::addAll);
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
     * The pairs of row {@code i} above {@code similarity} among the graph's candidates from it: at least {@code ef},
     * and twice as many again while at least {@link Settings#firstK} (then 2, 4, ... times that) of them are above.
     */
    private List<NeighbourPair> above(int i, double similarity) {
        int k = settings.firstK();
        List<NeighbourPair> out = new ArrayList<>();
        while (true) {
            out.clear();
            int ask = Math.min(rows.length, Math.max(settings.ef(), k + 1));
            for (SearchResult<Row, Float> r : graph.findNearest(projected[i], ask)) {
                int j = r.item().id();
                // The float dot product is within about 1e-5 of the exact one for unit vectors: a candidate more
                // than PREFILTER below the threshold cannot be above it, and skips the slower exact similarity.
                if (j != i && InnerProductDistance.dot(rows[i], rows[j]) > similarity - PREFILTER) {
                    double s = Similarity.cosine(rows[i], rows[j]);
                    if (s > similarity) {
                        // A pair may be found from either of its rows, or from one only; allAbove merges them.
                        out.add(new NeighbourPair(Math.min(i, j), Math.max(i, j), s));
                    }
                }
            }
            if (out.size() < k || ask >= rows.length) {
                return out;
            }
            k *= 2;
        }
    }

    /**
     * {@code 1 - dot(u, v)} with eight float accumulators: the graph's own distance, about three times as fast as
     * hnswlib's one-accumulator loop. It only ranks and pre-filters candidates, whose similarity is then recomputed
     * exactly; it is as deterministic as any Java float arithmetic.
     */
    static final class InnerProductDistance implements DistanceFunction<float[], Float> {
        private static final long serialVersionUID = 1L;

        @Override
        public Float distance(float[] u, float[] v) {
            return 1 - dot(u, v);
        }

        /** The dot product in float, eight sums in a fixed order. */
        static float dot(float[] u, float[] v) {
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
            return (s0 + s1) + (s2 + s3) + ((s4 + s5) + (s6 + s7));
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
