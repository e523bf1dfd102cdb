package dev.tuner.sampler;

import dev.tuner.trial.ParetoFront;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Multi-objective TPE (Ozaki et al. 2020, Optuna's {@code TPESampler} with several directions): the same Parzen
 * estimators, candidates and l/g ratio as {@link TpeSampler}, which it reuses, with the good/bad split taken from
 * Pareto dominance instead of one objective's order.
 *
 * <p>Complete trials are ranked by constrained non-dominated sorting (feasible fronts first, infeasible trials after
 * them by violation); the front that the good group's size {@code gamma(n)} cuts is ordered by greedy hypervolume
 * subset selection against its own reference point (Optuna's {@code _solve_hssp}), so the good group keeps the
 * trials that cover the most of the front between them. Pruned trials follow, as in TPE. Ordering by each trial's
 * exclusive contribution against the whole study's reference point instead puts the ends of the front first, and
 * reached a lower median hypervolume on DTLZ2 (100 trials, 20 seeds: 25.68 against 25.90).
 *
 * <p>The good group's kernels weigh alike ({@link #goodWeights}: not Optuna 3.1's weights by hypervolume
 * contribution), the bad group's by recency as in TPE. Candidates are scored by the true densities, not by
 * Optuna 3.1's kernel heights ({@link TruncatedGaussianMixture#logKernelHeights}, which Optuna dropped in 3.5 as a
 * bug, optuna#5109). With heights and Optuna 3.1's weights this sampler computed, on the same history, Optuna 3.1's
 * very acquisition, and its proposals spread out as a study grew (ZDT1 with 5 variables: each parameter's spread
 * near a uniform draw's at 200 and 300 trials), so it stopped converging:
 * {@code MultiObjectiveSamplersTest} then failed (ZDT1 with 5 variables at 400 trials below its threshold, ZDT2 no
 * better than random search), and at 100 trials heights traded DTLZ7 for ZDT3 in {@code HypervolumeBench}.
 */
public final class MotpeSampler implements Sampler {
    private final TpeSampler tpe;

    public MotpeSampler() {
        this(TpeSampler.DEFAULT_N_STARTUP_TRIALS, TpeSampler.DEFAULT_N_EI_CANDIDATES);
    }

    public MotpeSampler(int nStartupTrials, int nEiCandidates) {
        // The true densities: see the class comment.
        this.tpe = new TpeSampler(nStartupTrials, nEiCandidates, MotpeSampler::rank, "motpe",
                TpeSampler.Acquisition.DENSITY, MotpeSampler::goodWeights);
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
        int maxRank = Arrays.stream(rank).max().orElse(-1);
        // Only a front that the good group (at most 25 trials) can cut needs the tie-break.
        int before = 0;
        for (int r = 0; r <= maxRank && before < TpeSampler.MAX_GOOD_TRIALS; r++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < rank.length; i++) {
                if (rank[i] == r) {
                    members.add(i);
                }
            }
            int room = TpeSampler.MAX_GOOD_TRIALS - before;
            before += members.size();
            if (members.size() < 2 || violations[members.get(0)] > 0) {
                continue;
            }
            List<double[]> points = members.stream().map(i -> losses[i]).toList();
            // Optuna's _solve_hssp: greedy hypervolume subset selection against the front's own reference point; a
            // greedy pick does not depend on how many follow, so its order serves whatever size the good group takes.
            List<Integer> picked = ParetoFront.selectByHypervolume(points, Math.min(room, members.size()),
                    frontReference(points));
            for (int k = 0; k < picked.size(); k++) {
                tieBreak[members.get(picked.get(k))] = picked.size() - k;
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

    /**
     * Optuna's reference point for a set of losses: {@code max(1.1 w, 0.9 w)} of its worst value per objective,
     * {@code EPS} where that is 0.
     */
    private static double[] frontReference(List<double[]> losses) {
        int dims = losses.get(0).length;
        double[] reference = new double[dims];
        for (int d = 0; d < dims; d++) {
            double worst = Double.NEGATIVE_INFINITY;
            for (double[] l : losses) {
                worst = Math.max(worst, l[d]);
            }
            reference[d] = Math.max(1.1 * worst, 0.9 * worst);
            if (reference[d] == 0) {
                reference[d] = EPS;
            }
        }
        return reference;
    }

    /**
     * The good group's kernel weights: 1 for each feasible complete trial, {@code EPS} for the rest (an infeasible
     * trial in the good group is there only because too few are feasible, and must not lead the proposals).
     * Uniform, not Optuna 3.1's weights by exclusive hypervolume contribution: over 60 seeds of
     * {@code HypervolumeBench} at 100 trials uniform weights reached a higher median on ZDT1 (107.2 against 105.2)
     * and DTLZ7 (30.0 against 29.5) and the same on ZDT3 and DTLZ2 (109.0 and 109.3, 25.9 and 25.9); at 400 trials
     * {@code MultiObjectiveSamplersTest} reads less on ZDT1 and more on ZDT2 and DTLZ2 (docs/multi-objective.md).
     * Optuna's own benchmark on WFG, DTLZ and BBOB found the same and made uniform weights its default for
     * several objectives (optuna#6766, Optuna 5).
     */
    static double[] goodWeights(List<Trial> good, SamplingContext context) {
        double[] weights = new double[good.size()];
        for (int i = 0; i < good.size(); i++) {
            Trial t = good.get(i);
            boolean feasible = t.state() == TrialState.COMPLETE && t.values().size() == context.directions().size()
                    && context.violation(t) == 0;
            weights[i] = feasible ? 1.0 : EPS;
        }
        return weights;
    }

    /** Optuna's {@code EPS} in its TPE sampler. */
    private static final double EPS = 1e-12;

    @Override
    public String name() {
        return "motpe";
    }
}
