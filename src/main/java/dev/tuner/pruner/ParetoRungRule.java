package dev.tuner.pruner;

import dev.tuner.trial.ParetoFront;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pruning in a study of several objectives (Optuna refuses it: a single intermediate value cannot be ranked when
 * there are several goals). At each rung, the engine records the fold-averaged value of every objective, and this
 * rule judges a trial against every trial that reported at the same budget:
 * <ol>
 *   <li>non-dominated sorting of their objective vectors gives each a rank (0 = not dominated at this budget);</li>
 *   <li>inside a rank, the larger crowding distance (the more isolated along the front) comes first, so that a
 *   front's extremes survive, as NSGA-II's selection keeps them;</li>
 *   <li>the trial goes on when its position in that order is inside the kept fraction, which comes from the
 *   configured pruner ({@link Pruner#keepFraction()}): {@code median} keeps half, {@code percentile} keeps its percentile, {@code
 *   successive-halving} and {@code hyperband} keep 1/eta; {@code none} never prunes.</li>
 * </ol>
 * Nothing is pruned until {@link #MIN_TRIALS} trials (the one judged included) have reported at the rung. A trial
 * on the rung's first front is never pruned, whatever the fraction: it is not worse than any other on every goal.
 */
public final class ParetoRungRule {
    /** Trials that must have reported at a rung before anything is pruned there. */
    public static final int MIN_TRIALS = 5;

    private ParetoRungRule() {
    }

    /**
     * @param self   the judged trial's loss vector at the rung (every objective turned into a loss)
     * @param others the loss vectors of the other trials that reported at the same budget
     */
    public static boolean shouldPrune(double[] self, List<double[]> others, double keepFraction) {
        if (Double.isNaN(keepFraction) || others.size() + 1 < MIN_TRIALS) {
            return false;
        }
        List<double[]> all = new ArrayList<>(others);
        all.add(self);
        double[][] losses = all.toArray(double[][]::new);
        int[] rank = ParetoFront.ranks(losses, null);
        int selfIndex = losses.length - 1;
        if (rank[selfIndex] == 0) {
            return false;
        }
        double[] crowding = ParetoFront.crowdingByFront(losses, rank);
        Integer[] order = new Integer[losses.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // The judged trial goes last among equals, so a tie never saves it at the others' expense.
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> rank[i])
                .thenComparing(i -> -crowding[i])
                .thenComparingInt(i -> i == selfIndex ? 1 : 0));
        int position = Arrays.asList(order).indexOf(selfIndex);
        int kept = (int) Math.ceil(keepFraction * losses.length);
        return position >= Math.max(1, kept);
    }
}
