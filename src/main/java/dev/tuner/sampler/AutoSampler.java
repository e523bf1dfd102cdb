package dev.tuner.sampler;

import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Constraint;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ParamValues;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Picks a sampler from the study's shape, so that users need not know which one suits their space.
 *
 * <p>The rules follow the sampler benchmarks in docs/tune.md and docs/benchmarks-search.md (fourteen test functions
 * of 2 to 10 parameters, 50 to 200 trials, against Optuna 3.1's best sampler per function):
 * <ul>
 *   <li>several objectives: {@code motpe} up to trial {@value #GP_TRIALS}, then {@code nsga2}: at 100 trials
 *       {@code motpe}'s hypervolume was above {@code nsga2}'s on all four fronts of the benchmark (ZDT1, ZDT3, DTLZ2,
 *       DTLZ7); NSGA-II needs a few generations of 50 before its selection pays, and by trial 200 it starts from
 *       the four generations {@code motpe} proposed;</li>
 *   <li>a conditional space (a choice of trainers, each with its own parameters): {@code tpe}, whose per-parameter
 *       estimators handle parameters that are inactive in part of the trials;</li>
 *   <li>a space where most free parameters are categorical: {@code tpe};</li>
 *   <li>otherwise {@code gp}, the lowest median in 22 of 27 cells of the first benchmark, until the study stalls
 *       ({@link #stalledAt}): on rough functions (rastrigin-4d, ackley-5d) its proposals keep scattering over the
 *       space without finding a better basin, and on smooth ones it stops at the precision its noise estimate
 *       allows (sphere-2d at about 1e-5, where Optuna's CMA-ES went on to 1e-7). From there {@code cmaes} takes
 *       over, started at the best trial with the spread of the best ones as its step size
 *       ({@link CmaEsSampler#continuing}): it refines a basin far below {@code gp}'s floor and, through its
 *       restarts, leaves a local minimum. Along a valley (rosenbrock) {@code gp}'s steps are small but its
 *       proposals stay close to the best, which is progress, not a stall;</li>
 *   <li>a study that has not stalled by trial {@value #GP_TRIALS}: {@code tpe}, since {@code gp}'s cost grows with
 *       the cube of the trials, and {@code tpe} keeps learning from the whole history at a fraction of a
 *       millisecond per trial.</li>
 * </ul>
 * The hand-over at a stall is for an objective whose value is exact. A trainer's study measures a cross-validated
 * estimate, whose best trial is also its luckiest: {@link #forEstimatedObjective} keeps {@code gp} through a stall
 * (docs/benchmarks-noisy.md).
 * In a finite space (choices and ints only, at most {@value #FINITE_POINTS} configurations) a proposal that repeats a
 * trial's configuration is replaced by one no trial has used (the grid's seeded order): a built-in trainer scores a
 * configuration the same each time, so a repeat would spend a trial to learn nothing. The study then ends once every
 * configuration has been measured ({@link #capacity}).
 *
 * <p>The choice depends only on the space, the objectives, the trial's place in the study and the complete trials in
 * storage, so it is the same in every process of a shared study and deterministic for a seed with one job.
 */
public final class AutoSampler implements Sampler {
    /** Trials after which {@code gp} hands over to {@code tpe}. */
    static final int GP_TRIALS = 200;
    /**
     * Complete trials in a row without a real improvement after which {@code gp} hands over to {@code cmaes}, for
     * small spaces; see {@link #patience}.
     */
    static final int PATIENCE = 20;
    /** Trials of patience per parameter in larger spaces, where {@code gp}'s steps come further apart. */
    static final int PATIENCE_PER_PARAMETER = 3;
    /**
     * What counts as a real improvement of the best loss: at least this share of the distance from the median loss
     * of the start-up trials (spread over the space, so a scale of the function itself) down to the best one.
     */
    static final double IMPROVEMENT = 0.01;
    /**
     * How far above the best, as a share of the same gap, the median of the last {@link #patience} trials' losses
     * must stay for a study without real improvement to count as stalled (see {@link #stalledAt}).
     */
    static final double SCATTER = 0.3;
    /** Largest finite space whose configurations are measured once each rather than again. */
    static final long FINITE_POINTS = 100_000;

    private final Sampler gp = new GpSampler();
    private final Sampler tpe = new TpeSampler();
    private final Sampler nsga2 = new Nsga2Sampler();
    private final Sampler motpe = new MotpeSampler();
    /** Whether a stall of {@code gp} hands the study over to {@code cmaes} (see {@link #forEstimatedObjective}). */
    private final boolean cmaesAtStall;

    /**
     * {@code auto} for an objective whose value is exact (a project's objective): {@code gp} hands over to
     * {@code cmaes} at a stall.
     */
    public AutoSampler() {
        this(true);
    }

    private AutoSampler(boolean cmaesAtStall) {
        this.cmaesAtStall = cmaesAtStall;
    }

    /**
     * {@code auto} for an objective that is an estimate, as a trainer's cross-validated metric is (the configuration's
     * quality plus the luck of the folds): {@code gp} does not hand over to {@code cmaes} at a stall. A study of an
     * estimate stalls on its luckiest trial, whose measured value no later trial beats, and {@code cmaes} started
     * there refines around that luck: in docs/benchmarks-noisy.md, where the user gets the noise-free value of the
     * best measured trial, {@code gp} alone had a lower median than {@code gp} handing over to {@code cmaes} in 11 of
     * 16 cells (2 of them significantly; 1 significantly higher).
     */
    public static AutoSampler forEstimatedObjective() {
        return new AutoSampler(false);
    }

    /** The sampler {@code auto} uses and why, for one shape of study. */
    public record Choice(String sampler, String reason) {
    }

    @Override
    public Map<String, Object> sample(SamplingContext context) {
        int objectives = context.directions().size();
        // One objective: the choice at trial 0 holds and the gp branch decides when to leave gp (stall, length).
        String chosen = choose(context.space(), objectives, objectives > 1 ? context.trialNumber() : 0).sampler();
        Sampler delegate = switch (chosen) {
            case "nsga2" -> nsga2;
            case "motpe" -> motpe;
            case "gp" -> {
                int stalled = cmaesAtStall ? stalledAt(context) : -1;
                yield stalled >= 0 ? CmaEsSampler.continuing(stalled) : context.trialNumber() < GP_TRIALS ? gp : tpe;
            }
            default -> tpe;
        };
        Map<String, Object> proposed = delegate.sample(context);
        OptionalLong points = finitePoints(context.space());
        if (points.isPresent() && context.trials().stream().anyMatch(t -> ParamValues.same(t.params(), proposed))) {
            // A finite space: a configuration measured again scores what it scored (same folds, same seed), so
            // the trial goes to one no trial has used yet, in the grid's seeded order. capacity() ends the study
            // once every configuration has been used.
            return unusedPoint(context);
        }
        return proposed;
    }

    /**
     * The number of configurations of a finite space (choices and ints, no condition) small enough to be measured
     * one by one, or empty: beyond {@value #FINITE_POINTS} a repeat is rare and the study's target, not the space,
     * is its end.
     */
    static OptionalLong finitePoints(SearchSpace space) {
        OptionalLong points = space.distinctPoints();
        return points.isPresent() && points.getAsLong() <= FINITE_POINTS ? points : OptionalLong.empty();
    }

    /** A configuration no trial has used, in the seeded order of the grid of every value of the space. */
    private static Map<String, Object> unusedPoint(SamplingContext context) {
        long widest = 2;
        for (var distribution : context.space().distributions().values()) {
            if (distribution instanceof dev.tuner.space.IntDistribution ints) {
                widest = Math.max(widest, ints.size());
            }
        }
        return new GridSampler((int) widest).sample(context);
    }

    /** Every configuration of a finite space ({@link #finitePoints}) once: the study ends there. */
    @Override
    public OptionalLong capacity(SearchSpace space) {
        return finitePoints(space);
    }

    /**
     * The number of the first trial after the point where the study stalled, or -1 while it has not. Counting
     * complete trials in number order past {@code gp}'s start-up, the study has stalled at the first trial that ends
     * a run of {@link #patience} trials in which either
     * <ul>
     *   <li>the best loss did not fall at all ({@code gp} is stuck, for example at the precision its noise
     *   estimate allows), or</li>
     *   <li>the best loss did not fall by {@value #IMPROVEMENT} of the gap between the start-up trials' median loss
     *   and the best, while the median loss of those trials stayed more than {@value #SCATTER} of that gap above the
     *   best ({@code gp} is still scattering its proposals over the space, as on a rough function, rather than
     *   refining a basin, as along a valley, where its steps are small but its proposals are close to the best).</li>
     * </ul>
     * A trial that broke a constraint or has no finite value improves nothing and counts as the worst. The answer
     * depends only on the trials in storage, so every process of a shared study reaches the same one.
     */
    static int stalledAt(SamplingContext context) {
        Direction direction = context.directions().get(0);
        int patience = patience(context.space());
        int startup = startup(context.space());
        List<Double> startupLosses = new ArrayList<>();
        List<Double> recent = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int complete = 0;
        int sinceImprovement = 0;
        int sinceAnyImprovement = 0;
        for (Trial trial : context.trials()) {
            if (trial.state() != TrialState.COMPLETE || trial.values().isEmpty()) {
                continue;
            }
            complete++;
            double loss = direction.toLoss(trial.value());
            boolean usable = Double.isFinite(loss) && context.violation(trial) == 0;
            boolean improved = false;
            boolean anyImprovement = false;
            if (usable) {
                boolean startingUp = startupLosses.size() < startup;
                improved = startingUp || best - loss > IMPROVEMENT * (median(startupLosses) - best);
                anyImprovement = startingUp || loss < best;
                if (startingUp) {
                    startupLosses.add(loss);
                }
                best = Math.min(best, loss);
            }
            sinceImprovement = improved ? 0 : sinceImprovement + 1;
            sinceAnyImprovement = anyImprovement ? 0 : sinceAnyImprovement + 1;
            recent.add(usable ? loss : Double.POSITIVE_INFINITY);
            if (recent.size() > patience) {
                recent.remove(0);
            }
            if (complete >= startup + patience) {
                boolean stuck = sinceAnyImprovement >= patience;
                boolean scattered = sinceImprovement >= patience
                        && median(recent) - best > SCATTER * (median(startupLosses) - best);
                if (stuck || scattered) {
                    return trial.number() + 1;
                }
            }
        }
        return -1;
    }

    /**
     * How many trials in a row without progress make a stall: {@value #PATIENCE}, or {@value
     * #PATIENCE_PER_PARAMETER} per parameter in a larger space. On ellipsoid-10d (10 parameters) {@code gp} went 20
     * trials without a new best and then on to a lower loss than {@code cmaes} continuing from there reached.
     */
    static int patience(SearchSpace space) {
        return Math.max(PATIENCE, PATIENCE_PER_PARAMETER * space.size());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** What {@code auto} proposes with for the trial numbered {@code trialNumber}. */
    public static Choice choose(SearchSpace space, int objectives, int trialNumber) {
        if (objectives > 1) {
            return trialNumber < GP_TRIALS ? new Choice("motpe", objectives + " objectives")
                    : new Choice("nsga2", objectives + " objectives, trial " + trialNumber + " of a long study (motpe"
                            + " up to trial " + GP_TRIALS + ")");
        }
        if (space.switchParameter() != null) {
            return new Choice("tpe", "conditional space on '" + space.switchParameter() + "'");
        }
        int free = 0;
        int categorical = 0;
        Map<String, Object> fixed = space.fixedValues();
        for (String name : space.names()) {
            if (fixed.containsKey(name)) {
                continue;
            }
            free++;
            if (space.get(name) instanceof CategoricalDistribution) {
                categorical++;
            }
        }
        if (free > 0 && 2 * categorical > free) {
            return new Choice("tpe", categorical + " of " + free + " free parameters categorical");
        }
        if (trialNumber >= GP_TRIALS) {
            return new Choice("tpe", "trial " + trialNumber + " of a long study (gp up to trial " + GP_TRIALS + ")");
        }
        return new Choice("gp", free + " free parameter(s)" + (categorical > 0 ? ", " + categorical + " of them"
                + " categorical" : "") + ", 1 objective");
    }

    /** One line for the log: the plan of {@code auto} for a study of {@code trials} trials. */
    public String describe(SearchSpace space, int objectives, int trials) {
        Choice first = choose(space, objectives, 0);
        String line = "Sampler auto: " + first.sampler() + " (" + first.reason() + ")";
        if (first.sampler().equals("motpe") && trials > GP_TRIALS) {
            line += "; nsga2 from trial " + GP_TRIALS + ", from the generations motpe proposed";
        }
        if (first.sampler().equals("gp") && cmaesAtStall) {
            line += "; cmaes from the best trial on once, past gp's " + startup(space) + " start-up trials, "
                    + patience(space) + " complete trials in a row bring no progress";
            if (trials > GP_TRIALS) {
                line += ", else tpe from trial " + GP_TRIALS + " (gp's cost grows with the cube of the trials)";
            }
        } else if (first.sampler().equals("gp")) {
            line += "; no hand-over to cmaes at a stall, the metric being a cross-validated estimate";
            if (trials > GP_TRIALS) {
                line += "; tpe from trial " + GP_TRIALS + " (gp's cost grows with the cube of the trials)";
            }
        }
        return line;
    }

    /**
     * One line for the log after a study of one objective under {@code auto}: where it handed over from {@code gp}
     * (to {@code cmaes} at a stall, to {@code tpe} at trial {@value #GP_TRIALS}); empty when it did not, or when
     * {@code gp} was not its choice.
     */
    public Optional<String> handOver(SearchSpace space, List<Direction> directions, List<Trial> trials,
                                     List<Constraint> constraints) {
        if (directions.size() != 1 || !choose(space, 1, 0).sampler().equals("gp")) {
            return Optional.empty();
        }
        int last = trials.stream().mapToInt(Trial::number).max().orElse(-1);
        int stalled = cmaesAtStall
                ? stalledAt(new SamplingContext(space, trials, directions, last + 1, 0, constraints)) : -1;
        if (stalled >= 0 && stalled <= last) {
            return Optional.of("Sampler auto: cmaes from trial #" + stalled + " on, from the best trial, after "
                    + patience(space) + " complete trials in a row without progress; gp before it");
        }
        if (stalled < 0 && last >= GP_TRIALS) {
            return Optional.of("Sampler auto: tpe from trial #" + GP_TRIALS + " on; gp before it");
        }
        return Optional.empty();
    }

    private static int startup(SearchSpace space) {
        return Math.max(GpSampler.MIN_STARTUP_TRIALS, space.size() + 1);
    }

    @Override
    public String name() {
        return "auto";
    }
}
