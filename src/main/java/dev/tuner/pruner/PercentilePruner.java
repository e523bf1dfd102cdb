package dev.tuner.pruner;

import java.util.Arrays;

/**
 * Prunes a trial whose value at a budget is worse than a percentile of the other trials' values at that budget
 * ({@code <pruner>percentile</pruner>}), after Optuna's {@code PercentilePruner}.
 *
 * <p>{@code percentile} says how much to keep: 25 keeps the best quarter, 50 (the {@link MedianPruner}) the best
 * half. The threshold is the {@code percentile}-th percentile of the reference losses (values turned into losses
 * with {@link dev.tuner.trial.Direction#toLoss}), with linear interpolation between order statistics as numpy's
 * default; a trial is pruned when its loss is strictly above the threshold, so ties are kept.
 *
 * <p>Rules, in Optuna's terms:
 * <ul>
 *   <li>{@code nStartupTrials} (5): nothing is pruned until that many other trials have finished COMPLETE or
 *       PRUNED; FAILED trials do not count, they judged nothing.</li>
 *   <li>{@code minRung} (0, Optuna's {@code n_warmup_steps} counted in ladder rungs): budgets below this ladder
 *       index are never judged.</li>
 *   <li>{@code nMinTrials} (1): at least that many reference values at the budget, otherwise the trial goes on.</li>
 *   <li>The reference values are those of other COMPLETE or PRUNED trials at the same budget. RUNNING trials are
 *       left out, as in Optuna, so that a decision does not depend on which worker happened to be faster. Optuna
 *       also leaves out PRUNED trials; here they count, because a pruned trial's value at a budget it reached is a
 *       genuine observation there, and a reference of survivors only would prune well over the advertised share.</li>
 *   <li>The last budget of the ladder is never judged: pruning there saves nothing, the full evaluation
 *       is already paid for.</li>
 *   <li>A NaN value is pruned, as Optuna does: the trial cannot be compared and will not get better.</li>
 *   <li>Optuna compares the trial's best value over all steps so far; here each budget is a separate fit on more
 *       rows, not a later step of the same training, so the value at the judged budget is compared.</li>
 * </ul>
 */
public class PercentilePruner implements Pruner {

    public static final String NAME = "percentile";
    public static final double DEFAULT_PERCENTILE = 25.0;
    public static final int DEFAULT_STARTUP_TRIALS = 5;
    public static final int DEFAULT_MIN_RUNG = 0;
    public static final int DEFAULT_MIN_TRIALS = 1;

    private final double percentile;
    private final int nStartupTrials;
    private final int minRung;
    private final int nMinTrials;

    public PercentilePruner() {
        this(DEFAULT_PERCENTILE);
    }

    public PercentilePruner(double percentile) {
        this(percentile, DEFAULT_STARTUP_TRIALS, DEFAULT_MIN_RUNG, DEFAULT_MIN_TRIALS);
    }

    public PercentilePruner(double percentile, int nStartupTrials, int minRung, int nMinTrials) {
        if (!(percentile >= 0.0 && percentile <= 100.0)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + percentile);
        }
        if (nStartupTrials < 0) {
            throw new IllegalArgumentException("nStartupTrials must be >= 0, got " + nStartupTrials);
        }
        if (minRung < 0) {
            throw new IllegalArgumentException("minRung must be >= 0, got " + minRung);
        }
        if (nMinTrials < 1) {
            throw new IllegalArgumentException("nMinTrials must be >= 1, got " + nMinTrials);
        }
        this.percentile = percentile;
        this.nStartupTrials = nStartupTrials;
        this.minRung = minRung;
        this.nMinTrials = nMinTrials;
    }

    @Override
    public boolean shouldPrune(PruningContext context) {
        if (Rungs.isFinalBudget(context) || Rungs.rungOf(context) < minRung) {
            return false;
        }
        long finished = Rungs.others(context).filter(Rungs::isCompleteOrPruned).count();
        if (finished < nStartupTrials) {
            return false;
        }
        double value = Rungs.ownValue(context);
        if (Double.isNaN(value)) {
            return true;
        }
        double[] reference = Rungs.lossesAt(context, Rungs::isCompleteOrPruned);
        if (reference.length < nMinTrials) {
            return false;
        }
        return context.direction().toLoss(value) > percentileOf(reference, percentile);
    }

    /** The {@code p}-th percentile of {@code values}, interpolating linearly between order statistics. */
    static double percentileOf(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = p / 100.0 * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double weight = position - below;
        return sorted[below] + weight * (sorted[above] - sorted[below]);
    }

    public double percentile() {
        return percentile;
    }

    public int nStartupTrials() {
        return nStartupTrials;
    }

    public int minRung() {
        return minRung;
    }

    public int nMinTrials() {
        return nMinTrials;
    }

    /** With several objectives, the same share of a rung survives as with one. */
    @Override
    public double keepFraction() {
        return percentile() / 100.0;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return name() + "(percentile=" + percentile + ", nStartupTrials=" + nStartupTrials + ", minRung=" + minRung
                + ", nMinTrials=" + nMinTrials + ")";
    }
}
