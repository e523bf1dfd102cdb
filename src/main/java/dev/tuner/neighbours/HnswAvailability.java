package dev.tuner.neighbours;

/**
 * Whether hnswlib-core is on the class path, and the approximate index when it is, without naming
 * {@link HnswNeighbourIndex} in a signature: the JVM needs hnswlib's classes to link that class, so an application
 * without hnswlib must never load it ({@link NeighbourIndex#of} goes through here).
 */
final class HnswAvailability {
    private HnswAvailability() {
    }

    /** The HNSW index of {@code rows}; only called when {@link #available()}. */
    static NeighbourIndex build(float[][] rows) {
        return HnswNeighbourIndex.build(rows);
    }

    static boolean available() {
        try {
            ClassLoader loader = HnswAvailability.class.getClassLoader();
            Class.forName("com.github.jelmerk.knn.hnsw.HnswIndex", false, loader);
            Class.forName("org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
