package com.example.dedup;

import dev.tuner.bundle.CorpusSpec;
import dev.tuner.bundle.CorpusVectors;
import dev.tuner.neighbours.Neighbour;
import dev.tuner.neighbours.NeighbourIndex;
import dev.tuner.study.Objective;
import dev.tuner.study.ObjectiveContext;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A near-duplicate pipeline over MiniLM embeddings of a corpus: the k nearest neighbours of every story above a
 * similarity threshold (optionally only mutual ones) are its edges, the graph's connected components of at least
 * {@code minClusterSize} stories are the clusters. Returns
 * <ul>
 *   <li>{@code good-clusters}: clusters whose stories share one label (purity at least 0.9);</li>
 *   <li>{@code coverage}: the share of stories in a cluster;</li>
 *   <li>{@code edges}: edges per story (what a reviewer or a downstream job must look at);</li>
 *   <li>{@code clusters}, {@code purity}: all clusters, and their size-weighted label purity.</li>
 * </ul>
 * Budgets and folds come from {@link ObjectiveContext#rows}: a fold is half the corpus, a budget a share of it.
 */
public class DedupObjective implements Objective {
    private static final double PURE = 0.9;

    private CorpusVectors corpus;
    private ObjectiveContext context;

    @Override
    public void prepare(ObjectiveContext context) throws Exception {
        this.context = context;
        CorpusSpec spec = new CorpusSpec("corpus", context.path("corpus").toFile(), null, "text", "label");
        corpus = CorpusVectors.load(spec, context.path("embeddingsCache"));
    }

    @Override
    public Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) {
        return pipeline(corpus.subset(context.rows(corpus.size(), budget, fold)), params);
    }

    @Override
    public Map<String, Double> evaluateFull(Map<String, Object> params) {
        return pipeline(corpus, params);
    }

    static Map<String, Double> pipeline(CorpusVectors rows, Map<String, Object> params) {
        double threshold = ((Number) params.get("threshold")).doubleValue();
        int k = ((Number) params.get("k")).intValue();
        boolean mutual = Boolean.parseBoolean(String.valueOf(params.get("mutual")));
        int minClusterSize = ((Number) params.get("minClusterSize")).intValue();
        int n = rows.size();

        NeighbourIndex index = rows.neighbours();
        List<Set<Integer>> near = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Set<Integer> set = new HashSet<>();
            for (Neighbour nb : index.kNearestOf(i, k)) {
                if (nb.similarity() > threshold) {
                    set.add(nb.row());
                }
            }
            near.add(set);
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        long edges = 0;
        for (int i = 0; i < n; i++) {
            for (int j : near.get(i)) {
                boolean both = near.get(j).contains(i);
                if (mutual && !both) {
                    continue;
                }
                if (both && j < i) {
                    continue; // counted from the smaller row
                }
                edges++;
                parent[find(parent, i)] = find(parent, j);
            }
        }
        Map<Integer, Map<String, Integer>> labelsByRoot = new HashMap<>();
        Map<Integer, Integer> sizeByRoot = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int root = find(parent, i);
            sizeByRoot.merge(root, 1, Integer::sum);
            labelsByRoot.computeIfAbsent(root, r -> new HashMap<>()).merge(rows.labels().get(i), 1, Integer::sum);
        }
        int clusters = 0;
        int good = 0;
        int covered = 0;
        int majority = 0;
        for (Map.Entry<Integer, Integer> e : sizeByRoot.entrySet()) {
            int size = e.getValue();
            if (size < minClusterSize) {
                continue;
            }
            int top = labelsByRoot.get(e.getKey()).values().stream().mapToInt(Integer::intValue).max().orElse(0);
            clusters++;
            covered += size;
            majority += top;
            good += (double) top / size >= PURE ? 1 : 0;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("good-clusters", (double) good);
        out.put("coverage", (double) covered / n);
        out.put("edges", (double) edges / n);
        out.put("clusters", (double) clusters);
        out.put("purity", covered == 0 ? 0.0 : (double) majority / covered);
        return out;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
