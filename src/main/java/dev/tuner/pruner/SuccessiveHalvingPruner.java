package dev.tuner.pruner;

import dev.tuner.trial.Trial;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Asynchronous successive halving ({@code <pruner>successive-halving</pruner>}): ASHA of Li et al., "A System for
 * Massively Parallel Hyperparameter Tuning" (2018), with the promotion rule of Optuna's
 * {@code SuccessiveHalvingPruner}.
 *
 * <p>The rungs are the ladder's budgets, starting at index {@code minEarlyStoppingRate} (0 by default, so every
 * budget is a rung). After reporting at rung {@code k} a trial is promoted to the next budget when its value is
 * among the best {@code floor(n / eta)} of the {@code n} values reported at rung {@code k} so far by all trials of
 * the bracket, itself included; otherwise it is pruned. When {@code floor(n / eta) == 0} (the first
 * {@code eta - 1} arrivals) it is promoted only if it is the best so far: ASHA would park such a trial until enough
 * others arrive, and a trial cannot be suspended here, so, as Optuna, only a new best goes on. Ties are promoted:
 * a trial is pruned only when enough values are strictly better (a rung where every model scores the same prunes
 * nobody).
 *
 * <p>"All trials" means every other trial with a value at that budget, whatever its state: a RUNNING or PRUNED
 * trial's value at a rung it reached is a genuine observation of that rung, and ASHA's rule is defined over every
 * arrival. A NaN value is pruned. The ladder's last budget is never judged: there is no next rung to promote to,
 * and pruning there would save nothing.
 *
 * <p>The pruner keeps no state: everything comes from the trials in the context, so a resumed or shared study
 * gets the same decisions.
 */
public class SuccessiveHalvingPruner extends ReductionFactorPruner {

    public static final String NAME = "successive-halving";
    public static final int DEFAULT_REDUCTION_FACTOR = 3;

    private final int minEarlyStoppingRate;

    public SuccessiveHalvingPruner() {
        this(DEFAULT_REDUCTION_FACTOR, 0);
    }

    public SuccessiveHalvingPruner(int reductionFactor) {
        this(reductionFactor, 0);
    }

    /**
     * @param reductionFactor      {@code eta}: about one trial in {@code eta} is promoted at each rung
     * @param minEarlyStoppingRate ladder index of the first rung (Optuna's {@code min_early_stopping_rate})
     */
    public SuccessiveHalvingPruner(int reductionFactor, int minEarlyStoppingRate) {
        super(reductionFactor);
        if (minEarlyStoppingRate < 0) {
            throw new IllegalArgumentException("minEarlyStoppingRate must be >= 0, got " + minEarlyStoppingRate);
        }
        this.minEarlyStoppingRate = minEarlyStoppingRate;
    }

    /** The ladder from the first rung on. */
    @Override
    public List<Double> budgetsFor(int trialNumber, List<Double> ladder) {
        return ladderFrom(ladder, minEarlyStoppingRate);
    }

    @Override
    public boolean shouldPrune(PruningContext context) {
        return shouldPrune(context, trial -> true, minEarlyStoppingRate, reductionFactor());
    }

    /**
     * The ASHA decision for the trial in {@code context} against the other trials that {@code competitor} accepts
     * (everyone for plain SHA, the trial's bracket for Hyperband).
     */
    static boolean shouldPrune(PruningContext context, Predicate<Trial> competitor, int firstRung, int eta) {
        int rung = Rungs.rungOf(context);
        if (Rungs.isFinalBudget(context) || rung < firstRung) {
            return false;
        }
        double value = Rungs.ownValue(context);
        if (Double.isNaN(value)) {
            return true;
        }
        double ownLoss = context.direction().toLoss(value);
        List<Trial> others = Rungs.others(context).filter(competitor).filter(t -> {
            Double v = t.intermediate().get(context.budget());
            return v != null && !v.isNaN();
        }).toList();
        // Only strictly better values count against the trial, so a tie at the cut-off is promoted (Optuna's
        // value <= competing_values[k]). Ranking ties by arrival instead pruned nearly every trial of a study whose
        // first budget (4 rows) gave most models the same score, and left it nothing tuned.
        int ahead = 0;
        for (Trial other : others) {
            if (context.direction().toLoss(other.intermediate().get(context.budget())) < ownLoss) {
                ahead++;
            }
        }
        int promoted = Math.max(1, (others.size() + 1) / eta);
        return ahead >= promoted;
    }

    /** {@code ladder} from index {@code first} on; the last budget alone when {@code first} is past the end. */
    static List<Double> ladderFrom(List<Double> ladder, int first) {
        if (ladder.isEmpty()) {
            throw new IllegalArgumentException("the budget ladder is empty");
        }
        return List.copyOf(ladder.subList(Math.min(first, ladder.size() - 1), ladder.size()));
    }

    /**
     * Expected rows a trial spends, as a fraction of one evaluation at the full budget, when it starts at ladder
     * index {@code firstRung} and one trial in {@code eta} is promoted at each rung: the asymptotic ASHA rate for
     * many trials with exchangeable values. Every budget is a separate fit, so a trial that reaches rung {@code j}
     * has paid for all budgets up to {@code j}: {@code sum_j ladder[j] * eta^-(j - firstRung) / ladder[last]}.
     */
    static double expectedCostFraction(List<Double> ladder, int firstRung, int eta) {
        double last = ladder.get(ladder.size() - 1);
        int first = Math.min(firstRung, ladder.size() - 1);
        double cost = 0.0;
        double reaching = 1.0;
        for (int j = first; j < ladder.size(); j++) {
            cost += reaching * ladder.get(j);
            reaching /= eta;
        }
        return cost / last;
    }

    /** {@link #expectedCostFraction(List, int, int)} for this pruner's first rung and reduction factor. */
    public double expectedCostFraction(List<Double> ladder) {
        return expectedCostFraction(ladder, minEarlyStoppingRate, reductionFactor());
    }

    public int minEarlyStoppingRate() {
        return minEarlyStoppingRate;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return NAME + "(eta=" + reductionFactor() + ", minEarlyStoppingRate=" + minEarlyStoppingRate + ")";
    }
}
