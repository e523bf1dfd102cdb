package dev.tuner.bundle;

import dev.tuner.neighbours.PlantedVectors;
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

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/kmeans.sh}: the bundle's own spherical k-means ({@link KMeans}) against Tribuo 4.3.2's
 * {@code KMeansTrainer} with k-means++ and cosine distance, one thread each, on the same unit vectors: CPU seconds
 * (of the whole process) and the mean cosine of each row to its nearest centroid (higher is better), and whether each gives the same
 * centroids twice. Arguments: rows, dimension, k, repeats (seeds 42, 43, ...).
 */
public final class KMeansBench {
    private KMeansBench() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int dimension = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int repeats = Integer.parseInt(args[3]);
        List<float[]> rows = Arrays.asList(PlantedVectors.generate(n, dimension, 0.0, 0.0, 5).rows);
        // Process CPU time: Tribuo trains inside a ForkJoinPool of its own, so the calling thread's time misses it.
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < repeats; r++) {
            long seed = 42 + r;
            long c0 = os.getProcessCpuTime();
            List<float[]> own = KMeans.centroids(rows, k, seed);
            long c1 = os.getProcessCpuTime();
            List<float[]> tribuo = tribuo(rows, k, seed);
            long c2 = os.getProcessCpuTime();
            boolean ownRepeats = same(own, KMeans.centroids(rows, k, seed));
            boolean tribuoRepeats = same(tribuo, tribuo(rows, k, seed));
            System.out.println(String.format(Locale.ROOT, "{\"seed\": %d, \"rows\": %d, \"dimension\": %d, \"k\": %d, "
                            + "\"ownCpuSeconds\": %.2f, \"tribuoCpuSeconds\": %.2f, \"ownMeanCosine\": %.5f, "
                            + "\"tribuoMeanCosine\": %.5f, \"ownRepeats\": %b, \"tribuoRepeats\": %b}",
                    seed, n, dimension, k, (c1 - c0) / 1e9, (c2 - c1) / 1e9, meanCosine(rows, own),
                    meanCosine(rows, tribuo), ownRepeats, tribuoRepeats));
        }
    }

    /** Tribuo's k-means++ with cosine distance, one thread; centroids scaled to unit length as the bundle keeps them. */
    static List<float[]> tribuo(List<float[]> rows, int k, long seed) {
        ClusteringFactory factory = new ClusteringFactory();
        MutableDataset<ClusterID> data = new MutableDataset<>(new SimpleDataSourceProvenance("vectors", factory),
                factory);
        int dimension = rows.get(0).length;
        String[] names = new String[dimension];
        for (int d = 0; d < dimension; d++) {
            names[d] = String.format(Locale.ROOT, "d%05d", d); // sorted names keep the dimensions in order
        }
        for (float[] v : rows) {
            double[] x = new double[dimension];
            for (int d = 0; d < dimension; d++) {
                x[d] = v[d];
            }
            data.add(new ArrayExample<>(ClusteringFactory.UNASSIGNED_CLUSTER_ID, names, x));
        }
        KMeansTrainer trainer = new KMeansTrainer(k, 50, new CosineDistance(), KMeansTrainer.Initialisation.PLUSPLUS,
                1, seed);
        KMeansModel model = trainer.train(data);
        List<float[]> out = new ArrayList<>();
        for (DenseVector c : model.getCentroidVectors()) {
            float[] f = new float[dimension];
            for (int d = 0; d < dimension; d++) {
                f[d] = (float) c.get(d);
            }
            out.add(Similarity.unit(f));
        }
        return out;
    }

    private static double meanCosine(List<float[]> rows, List<float[]> centroids) {
        double sum = 0;
        for (float[] v : rows) {
            double best = -1;
            for (float[] c : centroids) {
                best = Math.max(best, Similarity.cosine(v, c));
            }
            sum += best;
        }
        return sum / rows.size();
    }

    private static boolean same(List<float[]> a, List<float[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
