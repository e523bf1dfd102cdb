// Over 450 lines: Optuna's TPE step for step (split, weights, one estimator per parameter type, acquisition); the mixture, its sorts and the internal rows are in TruncatedGaussianMixture, SortedOrder and InternalRows.
package dev.tuner.sampler;

import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.space.IntDistribution;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The Tree-structured Parzen Estimator (Bergstra et al., 2011) as Optuna 3.1's {@code TPESampler} runs it with its
 * defaults, sampling each parameter independently (univariate TPE: {@code consider_prior}, {@code prior_weight=1},
 * {@code consider_magic_clip}, {@code consider_endpoints=False}, {@code n_startup_trials=10},
 * {@code n_ei_candidates=24}, {@code default_gamma}, {@code default_weights}).
 *
 * <p>Until {@code nStartupTrials} trials are complete or pruned, parameters are drawn as {@link RandomSampler}
 * would. Then those trials are ranked best first and split once: the best {@code gamma(n) = min(ceil(0.1 n), 25)}
 * are "good", the rest "bad" (Optuna's {@code _split_observation_pairs}). For each parameter, two estimators are
 * fitted in its internal space, l(x) on the good trials' values and g(x) on the bad ones' (a trial that lacks the
 * parameter, or whose value lies outside its distribution, is left out of both but still counted in {@code n});
 * {@code nEiCandidates} candidates are drawn from l, and the one maximising {@code log l(x) - log g(x)} is proposed.
 *
 * <ul>
 *   <li>Floats and ints: {@link TruncatedGaussianMixture#parzenEstimator} with Optuna's bandwidth rule and a prior
 *   component of weight 1. Ints are continuous over [low - step/2, high + step/2] (log ints: [log(low - 0.5),
 *   log(high + 0.5)]) and rounded. A linear int candidate is scored by the mass l and g put on its bin; floats and
 *   log ints by {@link TruncatedGaussianMixture#logKernelHeights}, Optuna 3.1's {@code log_pdf}, which weighs each
 *   component by its height rather than its density (it leaves out the {@code 1/sigma} of a normal density: see
 *   that method). That is what made Optuna's TPE find better values than this sampler's earlier true-density
 *   scoring in bench/optuna.sh; MOTPE keeps the true densities ({@link Acquisition#DENSITY}).</li>
 *   <li>Choices: each observation is a kernel putting weight 1 on its choice plus the prior weight spread over all
 *   choices; together with a uniform prior kernel this is a smoothed count of the choices.</li>
 *   <li>Kernel weights (Optuna's {@code default_weights}): equal for the 25 most recent observations of a group,
 *   ramping down linearly for older ones, so the estimate follows a study that has moved on.</li>
 * </ul>
 *
 * <p>Trials used: COMPLETE ones ranked by the loss of their first objective ({@link Direction#toLoss}); PRUNED ones
 * after every complete one, among themselves by the highest budget reached (higher first), then by their value at
 * that budget (Optuna ranks by {@code (-step, value)}); FAILED trials with parameters join the bad group only
 * (Optuna ignores them; see {@link #failedWithParams}); RUNNING and WAITING trials are ignored (Optuna's default
 * {@code constant_liar=False}).
 *
 * <p>Constraints (as Optuna's {@code constraints_func}): a complete trial that breaks one ranks after every feasible
 * complete trial, infeasible ones among themselves by their total violation, so it can only be "good" when too few
 * feasible trials exist.
 *
 * <p>Equal values of a parameter (ints above all) take their places in the sorted order, which decides who gets the
 * wider bandwidth, in the order numpy 1.24's default argsort gives them ({@link SortedOrder#numpyArgsort});
 * so, given the same trials, this sampler proposes from the same distribution as Optuna 3.1 (bench/tpe_replay.py
 * compares the two on one history). Known differences: the random source differs, so runs with the same seed
 * differ; with constraints, a pruned trial ranks after every complete one, feasible or not.
 *
 * <p>Multi-objective studies: the split by one objective's order would optimise the first objective alone, so a
 * study with several objectives gets {@link MotpeSampler}'s proposals (this sampler with a ranking by Pareto
 * dominance), as Optuna's {@code TPESampler} switches to MOTPE when a study has several directions.
 *
 * <p>Cost per proposal: one sort of the trials, then per parameter O(n log n) to fit the estimators and
 * O(nEiCandidates * n) to score the candidates, as Optuna.
 */
public final class TpeSampler implements Sampler {
    public static final int DEFAULT_N_STARTUP_TRIALS = 10;
    public static final int DEFAULT_N_EI_CANDIDATES = 24;
    /** Weight of the prior component relative to one observation (Optuna's {@code prior_weight}). */
    static final double PRIOR_WEIGHT = 1.0;
    /** Observations of a group with full weight, the most recent ones (Optuna's {@code default_weights}). */
    private static final int FLAT_WEIGHT_COUNT = 25;
    /** Upper bound of the good group (Optuna's {@code default_gamma}). */
    static final int MAX_GOOD_TRIALS = 25;

    /** The single-objective ranking; with it, {@link Split#byFirstObjective} splits without sorting the history. */
    private static final Function<SamplingContext, List<Trial>> DEFAULT_RANKING = TpeSampler::rankByFirstObjective;
    /** What a study with several objectives gets instead of the one-objective split (see the class comment). */
    private static final Sampler SEVERAL_OBJECTIVES = new MotpeSampler();

    private final int nStartupTrials;
    private final int nEiCandidates;
    private final Function<SamplingContext, List<Trial>> ranking;
    /** Kernel weights of the good group's trials (in number order), or null for {@link #defaultWeights}. */
    private final GoodWeights goodWeights;
    private final String name;
    private final Acquisition acquisition;
    /** Whether the unconditional parameters are proposed jointly (see {@link #multivariate()}). */
    private final boolean multivariate;

    /** How a candidate's {@code log l(x) - log g(x)} is computed for numerical parameters. */
    enum Acquisition {
        /**
         * As Optuna 3.1 (to 3.4): floats and log-scaled ints by {@link TruncatedGaussianMixture#logKernelHeights}
         * at the candidate, ints with a linear scale by the mass on the candidate's bin.
         */
        OPTUNA_3_1,
        /** The true densities: floats by {@link TruncatedGaussianMixture#logDensity}, every int by its bin's mass. */
        DENSITY
    }

    public TpeSampler() {
        this(DEFAULT_N_STARTUP_TRIALS, DEFAULT_N_EI_CANDIDATES);
    }

    /**
     * @param nStartupTrials random trials before the model is used (at least 1: the model needs a good trial)
     * @param nEiCandidates  candidates drawn from l(x) per parameter, of which the best ratio l/g wins
     */
    public TpeSampler(int nStartupTrials, int nEiCandidates) {
        this(nStartupTrials, nEiCandidates, DEFAULT_RANKING, "tpe", Acquisition.OPTUNA_3_1);
    }

    /**
     * TPE with another ranking of the trials (best first; the first {@link #gamma} of those informing a parameter
     * are its good group), as MOTPE needs.
     */
    TpeSampler(int nStartupTrials, int nEiCandidates, Function<SamplingContext, List<Trial>> ranking, String name,
               Acquisition acquisition) {
        this(nStartupTrials, nEiCandidates, ranking, name, acquisition, null);
    }

    TpeSampler(int nStartupTrials, int nEiCandidates, Function<SamplingContext, List<Trial>> ranking, String name,
               Acquisition acquisition, GoodWeights goodWeights) {
        this(nStartupTrials, nEiCandidates, ranking, name, acquisition, goodWeights, false);
    }

    /**
     * Optuna 3.1's multivariate TPE ({@code TPESampler(multivariate=True)}, {@code group=False}): the parameters
     * outside any condition are proposed together from one joint estimator per group ({@link MultivariateParzen}),
     * so the sampler can follow a valley that runs across several parameters; parameters conditional on a choice are
     * proposed one by one as in {@link #TpeSampler()}. Everything else (start-up, split, weights, candidates) is the
     * univariate sampler's.
     */
    public static TpeSampler multivariate() {
        return new TpeSampler(DEFAULT_N_STARTUP_TRIALS, DEFAULT_N_EI_CANDIDATES, DEFAULT_RANKING, "tpe-multivariate",
                Acquisition.OPTUNA_3_1, null, true);
    }

    private TpeSampler(int nStartupTrials, int nEiCandidates, Function<SamplingContext, List<Trial>> ranking,
                       String name, Acquisition acquisition, GoodWeights goodWeights, boolean multivariate) {
        this.multivariate = multivariate;
        if (nStartupTrials < 1) {
            throw new IllegalArgumentException("nStartupTrials must be >= 1, got " + nStartupTrials);
        }
        if (nEiCandidates < 1) {
            throw new IllegalArgumentException("nEiCandidates must be >= 1, got " + nEiCandidates);
        }
        this.nStartupTrials = nStartupTrials;
        this.nEiCandidates = nEiCandidates;
        this.ranking = ranking;
        this.goodWeights = goodWeights;
        this.name = name;
        this.acquisition = acquisition;
    }

    /** How a sampler weighs the good group's kernels instead of by recency (MOTPE: alike, infeasible ones near 0). */
    @FunctionalInterface
    interface GoodWeights {
        /** One positive weight per trial of {@code good} (trial-number order). */
        double[] of(List<Trial> good, SamplingContext context);
    }

    /** The single-objective ranking with constraints: see {@link #rank(List, Direction)} and the class comment. */
    static List<Trial> rankByFirstObjective(SamplingContext context) {
        Direction direction = context.directions().get(0);
        List<Trial> ranked = rank(context.trials(), direction);
        if (context.constraints().isEmpty()) {
            return ranked;
        }
        List<Trial> out = new ArrayList<>(ranked.stream()
                .filter(t -> t.state() == TrialState.COMPLETE && context.violation(t) == 0).toList());
        out.addAll(ranked.stream().filter(t -> t.state() == TrialState.COMPLETE && context.violation(t) > 0)
                .sorted(Comparator.comparingDouble(context::violation)).toList());
        out.addAll(ranked.stream().filter(t -> t.state() != TrialState.COMPLETE).toList());
        return out;
    }

    @Override
    public Map<String, Object> sample(SamplingContext context) {
        if (ranking == DEFAULT_RANKING && context.directions().size() > 1) {
            return SEVERAL_OBJECTIVES.sample(context);
        }
        Split split = ranking == DEFAULT_RANKING ? Split.byFirstObjective(context) : null;
        if (split == null) {
            // Optuna's _split_observation_pairs: the split is made once over every ranked trial, then each group is
            // taken in trial-number order (the order the weights assume).
            split = Split.ofRanking(ranking.apply(context), ranking == DEFAULT_RANKING
                    ? context.trials().stream().filter(TpeSampler::failedWithParams).toList() : List.of());
        }
        SplittableRandom random = context.random();
        Map<String, Object> params = new LinkedHashMap<>();
        int n = split.observed();
        if (n < nStartupTrials) {
            for (Map.Entry<String, Distribution> entry : context.space().distributions().entrySet()) {
                params.put(entry.getKey(), RandomSampler.drawUniform(entry.getValue(), random));
            }
            return params;
        }
        List<Trial> good = split.good();
        List<Trial> bad = split.bad();
        WeightsByCount weights = new WeightsByCount();
        List<Map.Entry<String, Distribution>> parameters = List.copyOf(context.space().distributions().entrySet());
        double[][] goodRows = internalRows.of(good, parameters, context.trials().size());
        double[][] badRows = internalRows.of(bad, parameters, context.trials().size());
        double[] goodTrialWeights = goodWeights == null ? null : goodWeights.of(good, context);
        boolean[] joint = new boolean[parameters.size()];
        if (multivariate) {
            for (int p = 0; p < joint.length; p++) {
                joint[p] = context.space().ownerOf(parameters.get(p).getKey()) == null;
            }
            double[] values = sampleJointly(parameters, joint, goodRows, badRows, random);
            for (int p = 0; p < joint.length; p++) {
                if (joint[p]) {
                    params.put(parameters.get(p).getKey(), parameters.get(p).getValue().fromInternal(values[p]));
                }
            }
        }
        for (int p = 0; p < parameters.size(); p++) {
            if (joint[p]) {
                continue;
            }
            String name = parameters.get(p).getKey();
            Distribution distribution = parameters.get(p).getValue();
            double[] goodValues = column(goodRows, p);
            double[] badValues = column(badRows, p);
            // Optuna's weights_below[param_mask_below]: the good trials' own weights, of those that have p.
            double[] goodKernelWeights = goodTrialWeights == null ? defaultWeights(goodValues.length)
                    : maskedWeights(goodRows, p, goodTrialWeights);
            params.put(name, distribution instanceof CategoricalDistribution categorical
                    ? sampleCategorical(categorical, goodValues, goodKernelWeights, badValues, random)
                    : sampleNumerical(distribution, goodValues, goodTrialWeights == null
                            ? weights.of(goodValues.length)
                            : TruncatedGaussianMixture.Weights.parzen(goodKernelWeights, PRIOR_WEIGHT),
                    badValues, weights.of(badValues.length), random));
        }
        if (!multivariate) {
            return params;
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, Distribution> entry : parameters) {
            ordered.put(entry.getKey(), params.get(entry.getKey()));
        }
        return ordered;
    }

    /**
     * Multivariate TPE's proposal for the {@code joint} parameters (internal values, by parameter index): the
     * candidate drawn from the good group's joint estimator that maximises {@code log l(x) - log g(x)}. A trial
     * lacking one of them (or holding a value outside its distribution) informs neither estimator.
     */
    private double[] sampleJointly(List<Map.Entry<String, Distribution>> parameters, boolean[] joint,
                                   double[][] goodRows, double[][] badRows, SplittableRandom random) {
        int[] axes = IntStream.range(0, joint.length).filter(p -> joint[p]).toArray();
        Distribution[] distributions = Arrays.stream(axes).mapToObj(p -> parameters.get(p).getValue())
                .toArray(Distribution[]::new);
        MultivariateParzen l = jointEstimator(distributions, axes, goodRows);
        MultivariateParzen g = jointEstimator(distributions, axes, badRows);
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < nEiCandidates; i++) {
            double[] candidate = l.sample(random);
            double score = l.logDensity(candidate) - g.logDensity(candidate);
            if (best == null || score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        double[] values = new double[joint.length];
        for (int a = 0; a < axes.length; a++) {
            values[axes[a]] = best[a];
        }
        return values;
    }

    private static MultivariateParzen jointEstimator(Distribution[] distributions, int[] axes, double[][] rows) {
        List<double[]> observations = new ArrayList<>();
        for (double[] row : rows) {
            double[] x = new double[axes.length];
            boolean complete = true;
            for (int a = 0; a < axes.length && complete; a++) {
                x[a] = row[axes[a]];
                complete = !Double.isNaN(x[a]);
            }
            if (complete) {
                observations.add(x);
            }
        }
        return new MultivariateParzen(distributions, observations.toArray(double[][]::new),
                defaultWeights(observations.size()));
    }

    /**
     * The observed trials (complete or pruned) split into the good group (the first {@link #gamma} of the ranking)
     * and the bad group, each in trial-number order.
     */
    record Split(int observed, List<Trial> good, List<Trial> bad) {
        /** The category of a failed trial with parameters in {@link #byFirstObjective}. */
        private static final int FAILED = 3;

        /** The first {@link #gamma} of {@code ranked} good, the rest and {@code failed} bad. */
        static Split ofRanking(List<Trial> ranked, List<Trial> failed) {
            int nGood = gamma(ranked.size());
            List<Trial> bad = new ArrayList<>(ranked.subList(nGood, ranked.size()));
            bad.addAll(failed);
            return new Split(ranked.size(), byNumber(ranked.subList(0, nGood)), byNumber(bad));
        }

        /**
         * The split {@link #rankByFirstObjective} would give, without sorting: the good group is at most
         * {@value #MAX_GOOD_TRIALS} trials, so one pass keeping the best few in a small sorted array finds it
         * (what sorting the whole history did, at O(n log n) per proposal, with 1,000 trials the larger part of a
         * one-parameter proposal). The order is the ranking's, ties in trial-number order as in that stable sort:
         * complete feasible trials by loss; complete infeasible ones by violation, then loss; pruned ones by highest
         * budget reached, then loss there. Returns null when the history is not in number order (then the caller
         * sorts).
         */
        static Split byFirstObjective(SamplingContext context) {
            Direction direction = context.directions().get(0);
            boolean constrained = !context.constraints().isEmpty();
            List<Trial> trials = context.trials();
            int size = trials.size();
            int[] category = new int[size];
            double[] primary = new double[size];
            double[] secondary = new double[size];
            int observed = 0;
            int previousNumber = Integer.MIN_VALUE;
            for (int i = 0; i < size; i++) {
                Trial t = trials.get(i);
                if (t.number() <= previousNumber) {
                    return null;
                }
                previousNumber = t.number();
                if (t.state() == TrialState.COMPLETE) {
                    double loss = lossOrWorst(direction, t.value());
                    double violation = constrained ? context.violation(t) : 0;
                    if (violation > 0) {
                        category[i] = 1;
                        primary[i] = violation;
                        secondary[i] = loss;
                    } else {
                        primary[i] = loss;
                    }
                    observed++;
                } else if (t.state() == TrialState.PRUNED) {
                    category[i] = 2;
                    boolean none = t.intermediate().isEmpty();
                    primary[i] = none ? Double.POSITIVE_INFINITY : -t.lastBudget();
                    secondary[i] = none ? Double.POSITIVE_INFINITY
                            : lossOrWorst(direction, t.intermediate().lastEntry().getValue());
                    observed++;
                } else if (failedWithParams(t)) {
                    category[i] = FAILED; // bad group only, and not counted (see failedWithParams)
                } else {
                    category[i] = -1;
                }
            }
            int k = gamma(observed);
            int[] best = new int[k];
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (category[i] < 0 || category[i] == FAILED
                        || (kept == k && !before(i, best[k - 1], category, primary, secondary))) {
                    continue;
                }
                int at = kept == k ? k - 1 : kept++;
                while (at > 0 && before(i, best[at - 1], category, primary, secondary)) {
                    best[at] = best[at - 1];
                    at--;
                }
                best[at] = i;
            }
            Arrays.sort(best, 0, kept); // positions: number order
            List<Trial> good = new ArrayList<>(kept);
            List<Trial> bad = new ArrayList<>(Math.max(0, observed - kept));
            int next = 0;
            for (int i = 0; i < size; i++) {
                if (category[i] < 0) {
                    continue;
                }
                if (next < kept && best[next] == i) {
                    good.add(trials.get(i));
                    next++;
                } else {
                    bad.add(trials.get(i));
                }
            }
            return new Split(observed, good, bad);
        }

        /** Whether position i ranks before position j (j < i in number order unless i is new to the kept few). */
        private static boolean before(int i, int j, int[] category, double[] primary, double[] secondary) {
            if (category[i] != category[j]) {
                return category[i] < category[j];
            }
            int c = Double.compare(primary[i], primary[j]);
            if (c == 0 && category[i] != 0) {
                c = Double.compare(secondary[i], secondary[j]);
            }
            return c != 0 ? c < 0 : i < j;
        }
    }

    private static List<Trial> byNumber(List<Trial> trials) {
        List<Trial> sorted = new ArrayList<>(trials);
        sorted.sort(Comparator.comparingInt(Trial::number));
        return sorted;
    }

    /**
     * The Parzen weights ({@link #defaultWeights} and the prior) per number of observations, made once per proposal:
     * every parameter observed by the same trials shares them.
     */
    private static final class WeightsByCount {
        private final Map<Integer, TruncatedGaussianMixture.Weights> byCount = new HashMap<>();

        TruncatedGaussianMixture.Weights of(int observations) {
            return byCount.computeIfAbsent(observations,
                    n -> TruncatedGaussianMixture.Weights.parzen(defaultWeights(n), PRIOR_WEIGHT));
        }
    }

    /** Optuna's {@code default_gamma}: how many of {@code n} ranked trials are "good". */
    static int gamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), MAX_GOOD_TRIALS);
    }

    /** Optuna's {@code default_weights} for {@code n} observations, oldest first. */
    static double[] defaultWeights(int n) {
        double[] weights = new double[n];
        int ramp = Math.max(0, n - FLAT_WEIGHT_COUNT);
        for (int i = 0; i < n; i++) {
            if (i >= ramp) {
                weights[i] = 1.0;
            } else if (ramp == 1) {
                weights[i] = 1.0 / n;
            } else {
                weights[i] = 1.0 / n + i * (1.0 - 1.0 / n) / (ramp - 1);
            }
        }
        return weights;
    }

    /**
     * COMPLETE trials best first by the loss of their first objective (a NaN value counts as the worst), then PRUNED
     * trials: a pruned trial stopped before showing its final value, so it ranks below every complete one, and among
     * pruned ones the one that survived to a higher budget, then the better value there, ranks first. Others are
     * dropped. Ties keep trial-number order.
     */
    static List<Trial> rank(List<Trial> trials, Direction direction) {
        Comparator<Trial> byLoss = Comparator.comparingDouble(t -> lossOrWorst(direction, t.value()));
        Comparator<Trial> byBudgetThenLoss = Comparator
                .comparingDouble((Trial t) -> t.intermediate().isEmpty() ? Double.NEGATIVE_INFINITY : t.lastBudget())
                .reversed()
                .thenComparingDouble(t -> t.intermediate().isEmpty()
                        ? Double.POSITIVE_INFINITY
                        : lossOrWorst(direction, t.intermediate().lastEntry().getValue()));
        List<Trial> ranked = new ArrayList<>(trials.stream()
                .filter(t -> t.state() == TrialState.COMPLETE).sorted(byLoss).toList());
        ranked.addAll(trials.stream().filter(t -> t.state() == TrialState.PRUNED).sorted(byBudgetThenLoss).toList());
        return ranked;
    }

    /**
     * A failed trial whose parameters are known (the objective threw, or returned no finite value): it joins the bad
     * group, so the bad group's estimator covers its region, but it is never good and does not count towards the
     * start-up trials or the size of the good group (which stay Optuna's). Optuna ignores failed trials, and a study
     * whose objective fails over part of the space then keeps proposing there (40 of 50 trials failed on a function
     * that fails for a fifth of its box: FailingRegionTest).
     */
    static boolean failedWithParams(Trial t) {
        return t.state() == TrialState.FAILED && t.params() != null && !t.params().isEmpty();
    }

    private static double lossOrWorst(Direction direction, double value) {
        return Double.isNaN(value) ? Double.POSITIVE_INFINITY : direction.toLoss(value);
    }

    /**
     * Parameter {@code p}'s internal values over {@code rows} (in trial-number order), skipping the trials that lack
     * the parameter (Optuna's mask) or whose value lies outside its distribution (a space changed on resume).
     */
    private static double[] maskedWeights(double[][] rows, int p, double[] trialWeights) {
        double[] out = new double[rows.length];
        int count = 0;
        for (int i = 0; i < rows.length; i++) {
            if (!Double.isNaN(rows[i][p])) {
                out[count++] = trialWeights[i];
            }
        }
        return count == out.length ? out : Arrays.copyOf(out, count);
    }

    private static double[] column(double[][] rows, int p) {
        double[] values = new double[rows.length];
        int count = 0;
        for (double[] row : rows) {
            if (!Double.isNaN(row[p])) {
                values[count++] = row[p];
            }
        }
        return count == values.length ? values : Arrays.copyOf(values, count);
    }

    /** Each observed trial's parameters in the internal space, made once per trial snapshot. */
    private final InternalRows internalRows = new InternalRows();

    /**
     * Optuna 3.1's {@code sample_independent} for a numerical parameter: {@code nEiCandidates} draws from l, each
     * rounded to the parameter's grid, and the one with the highest {@code log l(x) - log g(x)} wins. Ints with a
     * linear scale are scored by the mass l and g put on the candidate's bin {@code [v - step/2, v + step/2]};
     * floats and log-scaled ints by {@link TruncatedGaussianMixture#logKernelHeights} at the (rounded) point, as
     * Optuna 3.1 does (its {@code q} is None for them).
     */
    private Object sampleNumerical(Distribution distribution, double[] good, TruncatedGaussianMixture.Weights goodWeights,
                                   double[] bad, TruncatedGaussianMixture.Weights badWeights, SplittableRandom random) {
        double low = distribution.internalLow();
        double high = distribution.internalHigh();
        if (!(low < high)) {
            return distribution.fromInternal(low); // a float range of a single value
        }
        TruncatedGaussianMixture l = TruncatedGaussianMixture.parzenEstimator(good, goodWeights, low, high);
        TruncatedGaussianMixture g = TruncatedGaussianMixture.parzenEstimator(bad, badWeights, low, high);
        boolean binned = distribution instanceof IntDistribution ints
                && (!ints.log() || acquisition == Acquisition.DENSITY);
        Object best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < nEiCandidates; i++) {
            Object value = distribution.fromInternal(l.sample(random));
            double score;
            if (binned) {
                IntDistribution ints = (IntDistribution) distribution;
                long v = (Long) value;
                double from = Math.max(low, binEdge(ints, v, -0.5));
                double to = Math.min(high, binEdge(ints, v, 0.5));
                score = l.logMass(from, to) - g.logMass(from, to);
            } else {
                double x = distribution.toInternal(value);
                score = acquisition == Acquisition.OPTUNA_3_1
                        ? l.logKernelHeights(x) - g.logKernelHeights(x)
                        : l.logDensity(x) - g.logDensity(x);
            }
            if (best == null || score > bestScore) {
                best = value;
                bestScore = score;
            }
        }
        return best;
    }

    /** The internal position of {@code value + halfSteps * step}: an edge of the interval that rounds to value. */
    private static double binEdge(IntDistribution ints, long value, double halfSteps) {
        double edge = value + halfSteps * ints.step();
        return ints.log() ? Math.log(edge) : edge;
    }

    private Object sampleCategorical(CategoricalDistribution distribution, double[] good, double[] goodWeights,
                                     double[] bad, SplittableRandom random) {
        double[] l = smoothedChoiceProbabilities(good, goodWeights, distribution.choices().size());
        double[] g = smoothedChoiceProbabilities(bad, defaultWeights(bad.length), distribution.choices().size());
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < nEiCandidates; i++) {
            int candidate = draw(l, random);
            double score = Math.log(l[candidate]) - Math.log(g[candidate]);
            if (best < 0 || score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return distribution.choices().get(best);
    }

    /**
     * The categorical Parzen estimator collapsed into one distribution: observation kernel {@code k} puts
     * {@code 1 + prior/(n+1)} on its choice and {@code prior/(n+1)} on each other one (normalised), the prior kernel
     * is uniform, and kernels mix with {@link #defaultWeights} and {@link #PRIOR_WEIGHT}.
     */
    static double[] smoothedChoiceProbabilities(double[] observedIndices, int nChoices) {
        return smoothedChoiceProbabilities(observedIndices, defaultWeights(observedIndices.length), nChoices);
    }

    /** The same with the observations' kernel weights given (one per observation, before the prior's). */
    static double[] smoothedChoiceProbabilities(double[] observedIndices, double[] kernelWeights, int nChoices) {
        int n = observedIndices.length;
        double totalWeight = PRIOR_WEIGHT;
        for (double w : kernelWeights) {
            totalWeight += w;
        }
        double smoothing = PRIOR_WEIGHT / (n + 1);
        double kernelTotal = 1 + smoothing * nChoices;
        double[] probabilities = new double[nChoices];
        for (int c = 0; c < nChoices; c++) {
            probabilities[c] = PRIOR_WEIGHT / totalWeight / nChoices;
        }
        for (int k = 0; k < n; k++) {
            double share = kernelWeights[k] / totalWeight;
            int observed = (int) observedIndices[k];
            for (int c = 0; c < nChoices; c++) {
                probabilities[c] += share * ((c == observed ? 1 : 0) + smoothing) / kernelTotal;
            }
        }
        return probabilities;
    }

    private static int draw(double[] probabilities, SplittableRandom random) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int c = 0; c < probabilities.length - 1; c++) {
            cumulative += probabilities[c];
            if (u < cumulative) {
                return c;
            }
        }
        return probabilities.length - 1;
    }

    @Override
    public boolean handsSeveralObjectivesToMotpe() {
        return ranking == DEFAULT_RANKING;
    }

    @Override
    public String name() {
        return name;
    }
}
