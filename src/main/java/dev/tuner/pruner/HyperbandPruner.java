package dev.tuner.pruner;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hyperband ({@code <pruner>hyperband</pruner>}): Li et al., "Hyperband: A Novel Bandit-Based Approach to
 * Hyperparameter Optimization" (JMLR 18, 2018), run asynchronously as Optuna's {@code HyperbandPruner} does, with
 * the budget ladder as its rungs.
 *
 * <h2>Brackets</h2>
 * With {@code R} budgets on the ladder there are {@code R} brackets. Bracket {@code b} starts at ladder index
 * {@code b} and runs {@link SuccessiveHalvingPruner asynchronous successive halving} from there, among its own
 * trials only: a trial is compared with trials of its bracket and nobody else. Bracket 0 is the most aggressive
 * (starts at the smallest budget); bracket {@code R - 1} evaluates the full budget only and prunes nothing, which
 * protects against low budgets that mislead.
 *
 * <h2>How many trials each bracket gets</h2>
 * In Li et al.'s Algorithm 1, with {@code s_max + 1} brackets, the bracket that halves {@code s} times starts
 * {@code n_s = ceil((s_max + 1) / (s + 1) * eta^s)} configurations, so that every bracket spends about the same
 * budget. Optuna keeps these numbers as weights ({@code _calculate_trial_allocation_budget}: bracket id {@code b},
 * {@code s = n_brackets - 1 - b}, weight {@code ceil(n_brackets * eta^s / (s + 1))}) and sends a trial to a bracket
 * with probability proportional to its weight. Here {@code s_max + 1 = R}, bracket {@code b} halves
 * {@code s = R - 1 - b} times, and its weight is {@code w_b = ceil(R * eta^s / (s + 1))}. For the ladder
 * (0.05, 0.2, 1.0) and {@code eta = 3}: {@code w = (9, 5, 3)}, 17 trials per cycle.
 *
 * <p>Optuna draws the bracket from a CRC32 of the study name and the trial number. Here it is a function of the
 * trial number alone: the numbers {@code 0 .. W - 1} ({@code W = sum w_b}) are dealt to brackets by smooth weighted
 * round robin (each step, every bracket gains its weight, the bracket with most credit is chosen and pays
 * {@code W}), and trial {@code t} belongs to the bracket dealt position {@code t mod W}. Every cycle of {@code W}
 * trials gives each bracket exactly its weight, and the brackets are interleaved, so a short study still feeds
 * every bracket (for the example the cycle is 0, 1, 0, 2, 0, 1, 0, 2, 0, 1, 0, 1, 0, 2, 0, 1, 0).
 *
 * <h2>Cost</h2>
 * {@link #expectedCostFraction(List)} is the expected rows per trial relative to one full-budget evaluation per
 * trial (the {@link NopPruner}), assuming one in {@code eta} promotions per rung. For (0.05, 0.2, 1.0) and
 * {@code eta = 3}: bracket 0 costs 0.05 + 0.2/3 + 1/9 = 0.228, bracket 1 costs 0.2 + 1/3 = 0.533, bracket 2 costs
 * 1.0, and weighting by 9:5:3 gives 7.717 / 17 = 0.454. Hyperband deliberately spends about as much on its
 * unpruned bracket as on its aggressive ones; that is the price of its robustness to misleading small budgets.
 * Short studies cost a little more, because ASHA promotes its first arrivals at each rung: {@link PruningForecast}
 * gives about 0.48 for 60 trials and 0.455 for 340.
 *
 * <p>{@code <pruner>hyperband</pruner>} takes eta from the ladder ({@link Pruners#reductionFactorFor}), as Hyperband
 * defines it: the budget grows by eta per rung. For (0.05, 0.2, 1.0) that is eta = 4: weights 16:6:3, brackets
 * costing 0.1625, 0.45 and 1.0, an expected 0.332 of the rows of the same study without pruning.
 */
public final class HyperbandPruner extends ReductionFactorPruner {

    public static final String NAME = "hyperband";

    /** Bracket of each position in the allocation cycle, by ladder size: pure functions of the ladder size. */
    private final Map<Integer, int[]> cycleByRungCount = new ConcurrentHashMap<>();

    public HyperbandPruner() {
        this(SuccessiveHalvingPruner.DEFAULT_REDUCTION_FACTOR);
    }

    public HyperbandPruner(int reductionFactor) {
        super(reductionFactor);
    }

    /** The ladder from the trial's bracket's first rung on. */
    @Override
    public List<Double> budgetsFor(int trialNumber, List<Double> ladder) {
        return SuccessiveHalvingPruner.ladderFrom(ladder, bracketOf(trialNumber, ladder.size()));
    }

    @Override
    public boolean shouldPrune(PruningContext context) {
        int rungCount = context.ladder().size();
        int bracket = bracketOf(context.trial().number(), rungCount);
        return SuccessiveHalvingPruner.shouldPrune(context,
                other -> bracketOf(other.number(), rungCount) == bracket, bracket, reductionFactor());
    }

    /** Bracket (= ladder index where its trials start) of trial {@code trialNumber} for a ladder of {@code rungCount}. */
    public int bracketOf(int trialNumber, int rungCount) {
        if (trialNumber < 0) {
            throw new IllegalArgumentException("trial numbers start at 0, got " + trialNumber);
        }
        int[] cycle = cycleByRungCount.computeIfAbsent(rungCount, this::allocationCycle);
        return cycle[trialNumber % cycle.length];
    }

    /** Li et al.'s {@code n_s} used as weights: {@code w_b = ceil(R * eta^s / (s + 1))} with {@code s = R - 1 - b}. */
    public int[] bracketWeights(int rungCount) {
        if (rungCount < 1) {
            throw new IllegalArgumentException("the budget ladder is empty");
        }
        int[] weights = new int[rungCount];
        for (int bracket = 0; bracket < rungCount; bracket++) {
            int halvings = rungCount - 1 - bracket;
            long numerator = (long) rungCount * Math.round(Math.pow(reductionFactor(), halvings));
            weights[bracket] = Math.toIntExact((numerator + halvings) / (halvings + 1));
        }
        return weights;
    }

    /** Smooth weighted round robin over {@link #bracketWeights}: one cycle, each bracket exactly its weight. */
    private int[] allocationCycle(int rungCount) {
        int[] weights = bracketWeights(rungCount);
        int total = Arrays.stream(weights).sum();
        long[] credit = new long[rungCount];
        int[] cycle = new int[total];
        for (int position = 0; position < total; position++) {
            int chosen = 0;
            for (int bracket = 0; bracket < rungCount; bracket++) {
                credit[bracket] += weights[bracket];
                if (credit[bracket] > credit[chosen]) {
                    chosen = bracket;
                }
            }
            credit[chosen] -= total;
            cycle[position] = chosen;
        }
        return cycle;
    }

    /**
     * Expected rows per trial relative to one full-budget evaluation per trial, with brackets weighted as they are
     * dealt and one promotion in {@code eta} per rung (see the class comment for the figures).
     */
    public double expectedCostFraction(List<Double> ladder) {
        int[] weights = bracketWeights(ladder.size());
        double total = Arrays.stream(weights).sum();
        double cost = 0.0;
        for (int bracket = 0; bracket < weights.length; bracket++) {
            cost += weights[bracket] / total
                    * SuccessiveHalvingPruner.expectedCostFraction(ladder, bracket, reductionFactor());
        }
        return cost;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return NAME + "(eta=" + reductionFactor() + ")";
    }
}
