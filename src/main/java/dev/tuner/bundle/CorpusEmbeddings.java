package dev.tuner.bundle;

import dev.tuner.neighbours.NeighbourIndex;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The embeddings of one corpus as a bundle holds them: {@code count} unit-length rows of {@code dimension}
 * float32 values (little-endian, row after row, in {@code vectors.f32}), the row ids, optional labels, and the
 * centroids per label when the build computed them.
 */
public final class CorpusEmbeddings {
    private final String name;
    private final String model;
    private final int dimension;
    private final String normalization;
    private final List<String> ids;
    private final List<String> labels;
    private final FloatBuffer vectors;
    private final Map<String, List<float[]>> centroids;
    private NeighbourIndex index;

    CorpusEmbeddings(String name, String model, int dimension, String normalization, List<String> ids,
                     List<String> labels, FloatBuffer vectors, Map<String, List<float[]>> centroids) {
        this.name = name;
        this.model = model;
        this.dimension = dimension;
        this.normalization = normalization;
        this.ids = List.copyOf(ids);
        this.labels = labels == null ? null : Collections.unmodifiableList(new ArrayList<>(labels));
        this.vectors = vectors.asReadOnlyBuffer();
        this.centroids = copy(centroids);
    }

    /** A deep copy: the arrays of a shared bundle must not be reachable by an application's writes. */
    private static Map<String, List<float[]>> copy(Map<String, List<float[]>> centroids) {
        Map<String, List<float[]>> out = new TreeMap<>();
        centroids.forEach((label, rows) -> out.put(label, rows.stream().map(float[]::clone).toList()));
        return Collections.unmodifiableMap(out);
    }

    /** The float32 little-endian bytes of {@code rows}. */
    static byte[] toBytes(List<float[]> rows, int dimension) {
        ByteBuffer buffer = ByteBuffer.allocate(rows.size() * dimension * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (float f : row) {
                buffer.putFloat(f);
            }
        }
        return buffer.array();
    }

    static FloatBuffer view(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    public String name() {
        return name;
    }

    /** The embedding model, e.g. {@code all-MiniLM-L6-v2}. */
    public String model() {
        return model;
    }

    public int dimension() {
        return dimension;
    }

    /** {@code l2}: every row has unit length, so a dot product is the cosine similarity. */
    public String normalization() {
        return normalization;
    }

    public int size() {
        return ids.size();
    }

    public List<String> ids() {
        return ids;
    }

    /** Row labels, or null when the corpus has no label column. */
    public List<String> labels() {
        return labels;
    }

    /** A read-only view of all rows, {@code size() * dimension()} floats, no copy. */
    public FloatBuffer vectors() {
        return vectors.duplicate();
    }

    /** Row {@code i} as a new array. */
    public float[] vector(int i) {
        float[] out = new float[dimension];
        vectors.get(i * dimension, out);
        return out;
    }

    /** All rows as arrays (a copy). */
    public float[][] toArray() {
        float[][] out = new float[size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vector(i);
        }
        return out;
    }

    /**
     * Unit-length centroids per label (k-means), empty when the build computed none. The arrays are copies: changing
     * them changes nothing for other callers.
     */
    public Map<String, List<float[]>> centroids() {
        return copy(centroids);
    }

    /**
     * A nearest-neighbour index over this corpus' rows ({@link NeighbourIndex#of}: exact up to
     * {@link NeighbourIndex#EXACT_LIMIT} rows, HNSW above it when hnswlib-core is on the class path), built on the
     * first call and kept; row numbers are positions in {@link #ids()}.
     */
    public synchronized NeighbourIndex neighbours() {
        if (index == null) {
            index = NeighbourIndex.of(toArray());
        }
        return index;
    }

    /** A row id and its cosine similarity to a query. */
    public record Neighbour(String id, int row, double cosine) {
    }

    /**
     * The {@code k} rows most similar to {@code query} by cosine, best first (ties to the earlier row). Thread-safe.
     *
     * @throws IllegalArgumentException for a query of another dimension, with a NaN or infinite value, or zero
     *                                  (no direction), and for a negative {@code k}
     */
    public List<Neighbour> nearest(float[] query, int k) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, corpus '" + name
                    + "' has " + dimension);
        }
        if (k < 0) {
            throw new IllegalArgumentException("k must be at least 0, got " + k);
        }
        for (int d = 0; d < dimension; d++) {
            // A NaN or infinite component makes every cosine NaN, and the order of the answer meaningless.
            if (!Float.isFinite(query[d])) {
                throw new IllegalArgumentException("query[" + d + "] is " + query[d] + "; a query must be finite");
            }
        }
        float[] q = VectorMath.normalized(query);
        boolean zero = true;
        for (float x : q) {
            zero &= x == 0f;
        }
        if (zero) {
            // Every cosine would be 0: the answer would be the first k rows, which says nothing about the query.
            throw new IllegalArgumentException("query is the zero vector; it has no direction to compare");
        }
        PriorityQueue<Neighbour> heap = new PriorityQueue<>((a, b) -> a.cosine() != b.cosine()
                ? Double.compare(a.cosine(), b.cosine()) : Integer.compare(b.row(), a.row()));
        int n = size();
        for (int i = 0; i < n; i++) {
            double s = 0;
            int base = i * dimension;
            for (int d = 0; d < dimension; d++) {
                s += q[d] * vectors.get(base + d);
            }
            heap.add(new Neighbour(ids.get(i), i, s));
            if (heap.size() > k) {
                heap.poll();
            }
        }
        List<Neighbour> out = new ArrayList<>(heap);
        out.sort((a, b) -> a.cosine() != b.cosine() ? Double.compare(b.cosine(), a.cosine())
                : Integer.compare(a.row(), b.row()));
        return out;
    }
}
