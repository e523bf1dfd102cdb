package dev.tuner.neighbours;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code bench/dedup.sh}: near-duplicate removal and the neighbour graph on planted unit vectors, the approximate
 * path ({@link NeighbourIndex#of}) against the all-pairs loop the bundle used before, in one run. The loop runs on a
 * prefix of the rows and is extrapolated quadratically (it compares every row with every kept earlier row).
 *
 * <p>Arguments: rows, dimension, rows of the all-pairs prefix, rows of the recall sample; optional topic spread
 * ({@link PlantedVectors#generate(int, int, double, double, double, long)}, default 0.9) and HNSW settings
 * m, efConstruction, ef, firstK, projection. Prints one JSON object. CPU seconds are the whole process's (the
 * index projects rows and searches on every core; the loop runs on one), so they include the JIT and the GC.
 */
public final class DedupBench {
    private static final double THRESHOLD = 0.9;

    private DedupBench() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int dimension = Integer.parseInt(args[1]);
        int prefix = Math.min(n, Integer.parseInt(args[2]));
        int sample = Math.min(n, Integer.parseInt(args[3]));
        double spread = args.length >= 5 ? Double.parseDouble(args[4]) : 0.9;
        HnswNeighbourIndex.Settings settings = args.length >= 10 ? new HnswNeighbourIndex.Settings(
                Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]),
                Integer.parseInt(args[8]), Integer.parseInt(args[9])) : HnswNeighbourIndex.DEFAULT;
        PlantedVectors data = PlantedVectors.generate(n, dimension, 0.05, 0.3, spread, 42);
        float[][] rows = data.rows;

        long heapBefore = usedHeap();
        long c0 = cpu();
        long t0 = System.nanoTime();
        NeighbourIndex index = n > NeighbourIndex.EXACT_LIMIT ? HnswNeighbourIndex.build(rows, settings)
                : NeighbourIndex.of(rows);
        long t1 = System.nanoTime();
        long c1 = cpu();
        List<NeighbourPair> graph = index.allAbove(THRESHOLD);
        long t2 = System.nanoTime();
        long c2 = cpu();
        boolean[] removed = NearDuplicates.removed(index, THRESHOLD);
        long t3 = System.nanoTime();
        long c3 = cpu();
        // CPU seconds: on a machine shared with other work they move far less than wall time.
        double dedupCpu = ((c1 - c0) + (c3 - c2)) / 1e9;
        long indexHeap = usedHeap() - heapBefore;
        double buildSeconds = (t1 - t0) / 1e9;
        double graphSeconds = (t2 - t1) / 1e9;
        // removed() builds the graph again from the index: the dedup step is build + one allAbove + the greedy pass.
        double dedupSeconds = buildSeconds + (t3 - t2) / 1e9;

        Set<Long> found = new HashSet<>();
        graph.forEach(p -> found.add(key(p.first(), p.second())));
        int plantedAbove = 0;
        int plantedFound = 0;
        for (int[] p : data.planted) {
            if (Similarity.cosine(rows[p[0]], rows[p[1]]) > THRESHOLD) {
                plantedAbove++;
                plantedFound += found.contains(key(p[0], p[1])) ? 1 : 0;
            }
        }

        // Recall against exact search on a sample: every pair of a sample row above the threshold, over all rows.
        int exactPairs = 0;
        int sampledFound = 0;
        long t4 = System.nanoTime();
        for (int s = 0; s < sample; s++) {
            int i = (int) ((long) s * n / sample);
            for (int j = 0; j < n; j++) {
                if (j != i && Similarity.cosine(rows[i], rows[j]) > THRESHOLD) {
                    exactPairs++;
                    sampledFound += found.contains(key(i, j)) ? 1 : 0;
                }
            }
        }
        double sampleSeconds = (System.nanoTime() - t4) / 1e9;

        // The all-pairs loop the bundle ran before: every row against every kept earlier row.
        long t5 = System.nanoTime();
        long c5 = cpu();
        List<float[]> kept = new ArrayList<>();
        int loopRemoved = 0;
        for (int i = 0; i < prefix; i++) {
            boolean duplicate = false;
            for (float[] k : kept) {
                if (Similarity.cosine(rows[i], k) > THRESHOLD) {
                    duplicate = true;
                    break;
                }
            }
            if (duplicate) {
                loopRemoved++;
            } else {
                kept.add(rows[i]);
            }
        }
        double loopPrefixSeconds = (System.nanoTime() - t5) / 1e9;
        double loopCpu = (cpu() - c5) / 1e9 * Math.pow((double) n / prefix, 2);
        double loopSeconds = loopPrefixSeconds * Math.pow((double) n / prefix, 2);
        int approxRemovedInPrefix = 0;
        for (int i = 0; i < prefix; i++) {
            approxRemovedInPrefix += removed[i] ? 1 : 0;
        }
        int approxRemoved = 0;
        for (boolean r : removed) {
            approxRemoved += r ? 1 : 0;
        }

        System.out.println(String.format(Locale.ROOT, "{\"rows\": %d, \"dimension\": %d, \"spread\": %.2f, "
                        + "\"threshold\": %.2f, "
                        + "\"settings\": \"%s\", \"index\": \"%s\", \"buildSeconds\": %.2f, \"graphSeconds\": %.2f, "
                        + "\"dedupSeconds\": %.2f, \"indexHeapMiB\": %.1f, \"pairs\": %d, \"removed\": %d, "
                        + "\"plantedPairs\": %d, \"plantedRecall\": %.4f, \"sampleRows\": %d, \"sampleExactPairs\": %d, "
                        + "\"sampleRecall\": %.4f, \"sampleSeconds\": %.2f, \"loopPrefixRows\": %d, "
                        + "\"loopPrefixSeconds\": %.2f, \"loopSecondsExtrapolated\": %.1f, \"loopRemovedInPrefix\": %d, "
                        + "\"approxRemovedInPrefix\": %d, \"speedup\": %.1f, \"dedupCpuSeconds\": %.1f, "
                        + "\"loopCpuSecondsExtrapolated\": %.1f, \"cpuSpeedup\": %.1f, \"cpus\": %d, "
                        + "\"buildCpuSeconds\": %.1f, \"graphCpuSeconds\": %.1f, \"loadAverage\": %.2f}",
                n, dimension, spread, THRESHOLD, settings, index.getClass().getSimpleName(), buildSeconds, graphSeconds,
                dedupSeconds, indexHeap / 1048576.0, graph.size(), approxRemoved, plantedAbove,
                plantedAbove == 0 ? 1.0 : (double) plantedFound / plantedAbove, sample, exactPairs,
                exactPairs == 0 ? 1.0 : (double) sampledFound / exactPairs, sampleSeconds, prefix, loopPrefixSeconds,
                loopSeconds, loopRemoved, approxRemovedInPrefix, loopSeconds / dedupSeconds, dedupCpu, loopCpu, loopCpu / dedupCpu,
                Runtime.getRuntime().availableProcessors(), (c1 - c0) / 1e9, (c2 - c1) / 1e9,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeap() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long key(int a, int b) {
        return (long) Math.min(a, b) << 32 | Math.max(a, b);
    }
}
