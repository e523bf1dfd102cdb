package dev.tuner.trial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Pareto dominance, non-dominated sorting, crowding distance and hypervolume, on loss vectors (every objective
 * turned into a loss with {@link Direction#toLoss}, so lower is better everywhere).
 *
 * <p>Constraints enter through a violation per point (0 = feasible), with Deb's constrained domination: a feasible
 * point dominates an infeasible one, of two infeasible points the one with the smaller violation dominates, and two
 * feasible points compare by Pareto dominance. Non-dominated sorting with that relation gives the feasible fronts
 * first, then the infeasible points in order of violation.
 */
public final class ParetoFront {
    private ParetoFront() {
    }

    /** a dominates b: no worse on every objective and better on one. */
    public static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
            if (a[i] < b[i]) {
                better = true;
            }
        }
        return better;
    }

    /** Deb's constrained domination (see the class comment). */
    public static boolean constrainedDominates(double[] a, double violationA, double[] b, double violationB) {
        if (violationA == 0 && violationB > 0) {
            return true;
        }
        if (violationA > 0) {
            return violationB > 0 && violationA < violationB;
        }
        return violationB == 0 && dominates(a, b);
    }

    /** Non-dominated rank of each point (0 = the first front), by Deb's fast non-dominated sort. */
    public static int[] ranks(double[][] losses, double[] violations) {
        int n = losses.length;
        double[] v = violations == null ? new double[n] : violations;
        int[] dominatedBy = new int[n];
        // dominates[i][0 .. dominatesCount[i]): the points i dominates, in primitive arrays (this runs once per
        // NSGA-II generation on twice the population).
        int[][] dominates = new int[n][];
        int[] dominatesCount = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (constrainedDominates(losses[i], v[i], losses[j], v[j])) {
                    dominates[i] = append(dominates[i], dominatesCount[i]++, j);
                    dominatedBy[j]++;
                } else if (constrainedDominates(losses[j], v[j], losses[i], v[i])) {
                    dominates[j] = append(dominates[j], dominatesCount[j]++, i);
                    dominatedBy[i]++;
                }
            }
        }
        int[] rank = new int[n];
        int[] current = new int[n];
        int currentSize = 0;
        for (int i = 0; i < n; i++) {
            if (dominatedBy[i] == 0) {
                current[currentSize++] = i;
            }
        }
        int[] next = new int[n];
        int r = 0;
        while (currentSize > 0) {
            int nextSize = 0;
            for (int k = 0; k < currentSize; k++) {
                int i = current[k];
                rank[i] = r;
                for (int d = 0; d < dominatesCount[i]; d++) {
                    int j = dominates[i][d];
                    if (--dominatedBy[j] == 0) {
                        next[nextSize++] = j;
                    }
                }
            }
            int[] swap = current;
            current = next;
            next = swap;
            currentSize = nextSize;
            r++;
        }
        return rank;
    }

    private static int[] append(int[] array, int size, int value) {
        int[] out = array == null ? new int[8] : size == array.length ? Arrays.copyOf(array, size * 2) : array;
        out[size] = value;
        return out;
    }

    /** Every point's crowding distance inside its own front, the fronts given by {@code rank} ({@link #ranks}). */
    public static double[] crowdingByFront(double[][] losses, int[] rank) {
        double[] crowding = new double[losses.length];
        int maxRank = Arrays.stream(rank).max().orElse(-1);
        for (int r = 0; r <= maxRank; r++) {
            final int front = r;
            int[] members = IntStream.range(0, rank.length).filter(i -> rank[i] == front).toArray();
            double[] c = crowding(losses, members);
            for (int k = 0; k < members.length; k++) {
                crowding[members[k]] = c[k];
            }
        }
        return crowding;
    }

    /**
     * Crowding distance of each point among {@code members} (indices into {@code losses}, usually one front): the
     * sum over objectives of the normalised gap between its neighbours; the extremes of each objective get infinity.
     * Returned in the order of {@code members}.
     */
    public static double[] crowding(double[][] losses, int[] members) {
        int m = members.length;
        double[] distance = new double[m];
        if (m == 0) {
            return distance;
        }
        int dims = losses[members[0]].length;
        for (int d = 0; d < dims; d++) {
            final int dim = d;
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> losses[members[i]][dim]));
            double low = losses[members[order[0]]][d];
            double high = losses[members[order[m - 1]]][d];
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[m - 1]] = Double.POSITIVE_INFINITY;
            if (high == low) {
                continue;
            }
            for (int k = 1; k < m - 1; k++) {
                distance[order[k]] += (losses[members[order[k + 1]]][d] - losses[members[order[k - 1]]][d])
                        / (high - low);
            }
        }
        return distance;
    }

    /**
     * The exact hypervolume dominated by {@code points} and bounded by {@code reference} (minimisation: the region
     * between each point and the reference). Points that do not strictly dominate the reference add nothing.
     * Computed by slicing along the last objective (HSO, While et al. 2006) down to an exact sweep in two
     * dimensions; exact in any dimension, O(n^(d-1) log n), which is ample for the fronts a study produces.
     */
    public static double hypervolume(List<double[]> points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            boolean below = true;
            for (int i = 0; i < reference.length; i++) {
                below &= p[i] < reference[i];
            }
            if (below) {
                inside.add(p);
            }
        }
        return slice(nonDominated(inside), reference, reference.length);
    }

    private static double slice(List<double[]> points, double[] reference, int dims) {
        if (points.isEmpty()) {
            return 0;
        }
        if (dims == 1) {
            double min = Double.POSITIVE_INFINITY;
            for (double[] p : points) {
                min = Math.min(min, p[0]);
            }
            return reference[0] - min;
        }
        if (dims == 2) {
            List<double[]> sorted = new ArrayList<>(points);
            sorted.sort(Comparator.comparingDouble((double[] p) -> p[0]).thenComparingDouble(p -> p[1]));
            double volume = 0;
            double ceiling = reference[1];
            for (double[] p : sorted) {
                if (p[1] < ceiling) {
                    volume += (reference[0] - p[0]) * (ceiling - p[1]);
                    ceiling = p[1];
                }
            }
            return volume;
        }
        // Dominated points in a slice would only cost time: the two-dimensional sweep skips them.
        int last = dims - 1;
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(p -> p[last]));
        double volume = 0;
        List<double[]> prefix = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            prefix.add(sorted.get(i));
            double next = i + 1 < sorted.size() ? sorted.get(i + 1)[last] : reference[last];
            double depth = next - sorted.get(i)[last];
            if (depth > 0) {
                volume += depth * slice(prefix, reference, last);
            }
        }
        return volume;
    }

    /** The points not weakly dominated by another one (of equal points, the first is kept). */
    private static List<double[]> nonDominated(List<double[]> points) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            boolean dominated = false;
            for (int j = 0; j < points.size() && !dominated; j++) {
                double[] q = points.get(j);
                dominated = j != i && (dominates(q, p) || (j < i && Arrays.equals(q, p)));
            }
            if (!dominated) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Greedy hypervolume subset selection: {@code k} indices of {@code points}, each step taking the point that adds
     * the most hypervolume to those already taken (ties to the lower index). This is how a Pareto set of any size
     * is cut to a top-k that spreads along the front (Optuna's MOTPE tie-break does the same).
     */
    public static List<Integer> selectByHypervolume(List<double[]> points, int k, double[] reference) {
        List<Integer> chosen = new ArrayList<>();
        List<double[]> taken = new ArrayList<>();
        double current = 0;
        while (chosen.size() < Math.min(k, points.size())) {
            int bestIndex = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < points.size(); i++) {
                if (chosen.contains(i)) {
                    continue;
                }
                taken.add(points.get(i));
                double gain = hypervolume(taken, reference) - current;
                taken.remove(taken.size() - 1);
                if (gain > bestGain) {
                    bestGain = gain;
                    bestIndex = i;
                }
            }
            chosen.add(bestIndex);
            taken.add(points.get(bestIndex));
            current = hypervolume(taken, reference);
        }
        return chosen;
    }

    /**
     * A reference point for a set of loss vectors: the worst value of each objective plus 10% of its range (or of
     * its magnitude when the range is 0), so that the extremes still add volume.
     */
    public static double[] referencePoint(List<double[]> points) {
        int dims = points.get(0).length;
        double[] ref = new double[dims];
        for (int d = 0; d < dims; d++) {
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (double[] p : points) {
                low = Math.min(low, p[d]);
                high = Math.max(high, p[d]);
            }
            double span = high > low ? high - low : Math.max(Math.abs(high), 1e-12);
            ref[d] = high + 0.1 * span;
        }
        return ref;
    }

    /**
     * The top-k of a Pareto set by greedy hypervolume subset selection (reference: {@link #referencePoint} of the
     * set), which spreads the choice along the front instead of crowding one end; in the order chosen.
     */
    public static List<Trial> topK(List<Trial> front, List<ObjectiveSpec> objectives, int k) {
        if (front.isEmpty()) {
            return List.of();
        }
        List<double[]> losses = front.stream().map(t -> losses(t, objectives)).toList();
        return selectByHypervolume(losses, k, referencePoint(losses)).stream().map(front::get).toList();
    }

    /** The loss vector of a trial's objective values. */
    public static double[] losses(Trial trial, List<ObjectiveSpec> objectives) {
        double[] out = new double[objectives.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = objectives.get(i).direction().toLoss(trial.values().get(i));
        }
        return out;
    }

    /** The loss vector of objective values against directions. */
    public static double[] lossesOf(List<Double> values, List<Direction> directions) {
        double[] out = new double[directions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = directions.get(i).toLoss(values.get(i));
        }
        return out;
    }

    /** The feasible complete trials that no other feasible complete trial dominates, in number order. */
    public static List<Trial> of(List<Trial> trials, List<ObjectiveSpec> objectives, List<Constraint> constraints) {
        List<List<Trial>> fronts = fronts(trials, objectives, constraints);
        return fronts.isEmpty() ? List.of() : fronts.get(0);
    }

    /**
     * The feasible complete trials by non-dominated sorting: the Pareto front first, then the front of what is left,
     * and so on; each in number order.
     */
    public static List<List<Trial>> fronts(List<Trial> trials, List<ObjectiveSpec> objectives,
                                           List<Constraint> constraints) {
        List<Trial> feasible = trials.stream().filter(t -> Constraint.feasible(constraints, t)).toList();
        double[][] losses = feasible.stream().map(t -> losses(t, objectives)).toArray(double[][]::new);
        int[] rank = ranks(losses, null);
        List<List<Trial>> fronts = new ArrayList<>();
        for (int i = 0; i < feasible.size(); i++) {
            while (fronts.size() <= rank[i]) {
                fronts.add(new ArrayList<>());
            }
            fronts.get(rank[i]).add(feasible.get(i));
        }
        return fronts;
    }

    /**
     * The k best trials with several objectives: whole fronts in order ({@link #fronts}) while they fit, the front
     * that does not fit chosen from by {@link #topK}. A front of one trial then does not make a top-k of one: fine
     * narrowing around a single point would shrink every range to the margin alone.
     */
    public static List<Trial> topKByFronts(List<Trial> trials, List<ObjectiveSpec> objectives,
                                           List<Constraint> constraints, int k) {
        List<Trial> out = new ArrayList<>();
        for (List<Trial> front : fronts(trials, objectives, constraints)) {
            if (out.size() >= k) {
                break;
            }
            out.addAll(front.size() <= k - out.size() ? front : topK(front, objectives, k - out.size()));
        }
        return out;
    }
}
