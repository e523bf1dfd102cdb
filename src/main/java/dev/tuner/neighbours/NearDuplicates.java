package dev.tuner.neighbours;

import java.util.List;

/** Near-duplicate removal over the neighbour graph, as the bundle's {@code <dedupThreshold>} does it. */
public final class NearDuplicates {
    private NearDuplicates() {
    }

    /**
     * Greedy in row order: a row is removed when its similarity to an earlier kept row is strictly above
     * {@code threshold}. With an exact index this is the nested loop over every pair, row for row; with an
     * approximate one, a pair the graph misses keeps a row the loop would remove.
     *
     * @return per row, whether it is removed
     */
    public static boolean[] removed(NeighbourIndex index, double threshold) {
        boolean[] removed = new boolean[index.size()];
        if (threshold <= 0) {
            return removed;
        }
        List<NeighbourPair> pairs = index.allAbove(threshold);
        // Pairs come by first row, and the first row's fate is settled before any pair that starts at a later row.
        for (NeighbourPair p : pairs) {
            if (!removed[p.first()]) {
                removed[p.second()] = true;
            }
        }
        return removed;
    }
}
