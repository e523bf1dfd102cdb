package dev.tuner.sampler;

import dev.tuner.study.ParetoFront;
import dev.tuner.study.Trial;
import dev.tuner.study.TrialState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Multi-objective TPE (Ozaki et al. 2020, Optuna's {@code TPESampler} with several directions): the same Parzen
 * estimators, candidates and l/g ratio as {@link TpeSampler}, which it reuses, with the good/bad split taken from
 * Pareto dominance instead of one objective's order.
 *
 * <p>Complete trials are ranked by constrained non-dominated sorting (feasible fronts first, infeasible trials after
 * them by violation); inside a front, the trial with the larger exclusive hypervolume contribution comes first, so
 * when the good group's size {@code gamma(n)} cuts a front, it keeps the trials that spread the front the most
 * (Optuna breaks the same tie by hypervolume subset selection; with three or more objectives and a front of more
 * than 30 trials, crowding distance stands in for the contribution, which would cost too much). Pruned trials
 * follow, as in TPE.
 */
public final class MotpeSampler implements Sampler {
    private final TpeSampler tpe;

    public MotpeSampler() {
        this(TpeSampler.DEFAULT_N_STARTUP_TRIALS, TpeSampler.DEFAULT_N_EI_CANDIDATES);
    }

    public MotpeSampler(int nStartupTrials, int nEiCandidates) {
        // The true densities: with Optuna 3.1's kernel heights, MOTPE's hypervolumes in MultiObjectiveSamplersTest
        // fall below random search's (ZDT2) or far below their thresholds (ZDT1, DTLZ2).
        this.tpe = new TpeSampler(nStartupTrials, nEiCandidates, MotpeSampler::rank, "motpe",
                TpeSampler.Acquisition.DENSITY);
    }

    @Override
    public Map<String, Object> sample(SamplingContext context) {
        return tpe.sample(context);
    }

    /** Complete trials by (constrained rank, hypervolume contribution), then pruned trials as TPE ranks them. */
    static List<Trial> rank(SamplingContext context) {
        int dims = context.directions().size();
        List<Trial> complete = context.trials().stream()
                .filter(t -> t.state() == TrialState.COMPLETE && t.values().size() == dims)
                .toList();
        double[][] losses = complete.stream().map(t -> ParetoFront.lossesOf(t.values(), context.directions()))
                .toArray(double[][]::new);
        double[] violations = complete.stream().mapToDouble(context::violation).toArray();
        int[] rank = ParetoFront.ranks(losses, violations);
        double[] tieBreak = new double[complete.size()];
        if (!complete.isEmpty()) {
            double[] reference = ParetoFront.referencePoint(List.of(losses));
            int maxRank = java.util.Arrays.stream(rank).max().orElse(0);
            // Only a front that the good group (at most 25 trials) can cut needs the tie-break.
            int before = 0;
            for (int r = 0; r <= maxRank && before < TpeSampler.MAX_GOOD_TRIALS; r++) {
                List<Integer> members = new ArrayList<>();
                for (int i = 0; i < rank.length; i++) {
                    if (rank[i] == r) {
                        members.add(i);
                    }
                }
                before += members.size();
                if (members.size() < 2 || violations[members.get(0)] > 0) {
                    continue;
                }
                // Exact exclusive contributions cost O(n^3 log n) in three dimensions: a large front of three or
                // more objectives breaks ties by crowding distance instead, NSGA-II's cheaper measure of spread.
                double[] c = dims > 2 && members.size() > 30
                        ? ParetoFront.crowding(losses, members.stream().mapToInt(Integer::intValue).toArray())
                        : ParetoFront.contributions(members.stream().map(i -> losses[i]).toList(), reference);
                for (int k = 0; k < members.size(); k++) {
                    tieBreak[members.get(k)] = c[k];
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < complete.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> rank[i]).thenComparingDouble(i -> -tieBreak[i])
                .thenComparingInt(i -> complete.get(i).number()));
        List<Trial> ranked = new ArrayList<>(order.stream().map(complete::get).toList());
        ranked.addAll(TpeSampler.rank(context.trials().stream().filter(t -> t.state() == TrialState.PRUNED).toList(),
                context.directions().get(0)));
        return ranked;
    }

    @Override
    public String name() {
        return "motpe";
    }
}
