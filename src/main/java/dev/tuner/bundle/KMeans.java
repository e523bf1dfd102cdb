package dev.tuner.bundle;

import dev.tuner.neighbours.Similarity;
import org.tribuo.MutableDataset;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.CosineDistance;
import org.tribuo.math.la.DenseVector;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The category centroids an application matches against: Tribuo's k-means ({@code tribuo-clustering-kmeans},
 * k-means++ start, cosine distance, one thread, seeded), each centroid scaled to unit length. One thread and the
 * seed make it deterministic: the same vectors and seed give the same centroids, so bundles stay byte-reproducible.
 * {@code bench/kmeans.sh} compares it with the hand-written spherical k-means this replaced (docs/benchmarks.md).
 */
final class KMeans {
    private static final int MAX_ITERATIONS = 50;
    /** Tribuo's k-means logs every iteration at INFO; held here so the level sticks. */
    private static final Logger TRIBUO_KMEANS_LOG = Logger.getLogger("org.tribuo.clustering.kmeans");

    static {
        TRIBUO_KMEANS_LOG.setLevel(Level.WARNING);
    }

    private KMeans() {
    }

    /**
     * Up to {@code k} unit-length centroids of the unit-length {@code vectors}: with no more distinct vectors than
     * {@code k}, the distinct vectors themselves, in the order they first appear.
     */
    static List<float[]> centroids(List<float[]> vectors, int k, long seed) {
        Map<FloatBuffer, float[]> distinct = new LinkedHashMap<>();
        for (float[] v : vectors) {
            distinct.putIfAbsent(FloatBuffer.wrap(v), v);
        }
        if (distinct.size() <= k) {
            return distinct.values().stream().map(Similarity::unit).toList();
        }
        ClusteringFactory factory = new ClusteringFactory();
        MutableDataset<ClusterID> data = new MutableDataset<>(new SimpleDataSourceProvenance("embeddings", factory),
                factory);
        int dimension = vectors.get(0).length;
        String[] names = new String[dimension];
        for (int d = 0; d < dimension; d++) {
            names[d] = String.format(Locale.ROOT, "d%05d", d); // Tribuo orders features by name: keep them in order
        }
        for (float[] v : vectors) {
            double[] x = new double[dimension];
            for (int d = 0; d < dimension; d++) {
                x[d] = v[d];
            }
            data.add(new ArrayExample<>(ClusteringFactory.UNASSIGNED_CLUSTER_ID, names, x));
        }
        KMeansModel model = new KMeansTrainer(k, MAX_ITERATIONS, new CosineDistance(),
                KMeansTrainer.Initialisation.PLUSPLUS, 1, seed).train(data);
        List<float[]> out = new ArrayList<>();
        for (DenseVector c : model.getCentroidVectors()) {
            float[] f = new float[dimension];
            double norm = 0;
            for (int d = 0; d < dimension; d++) {
                f[d] = (float) c.get(d);
                norm += (double) f[d] * f[d];
            }
            if (norm > 0 && Double.isFinite(norm)) {
                out.add(Similarity.unit(f)); // an emptied cluster has no direction: left out
            }
        }
        return out;
    }
}
