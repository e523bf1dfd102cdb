package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Constraint;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * What a sampler may look at: the space, the study's history, the objectives' directions, the number of the trial
 * being sampled, the seed and the constraints.
 *
 * <p>The history is read from storage only when a sampler asks for it ({@link #trials()}): random and Sobol
 * proposals never look at it, and for them a study on a database then costs no read per trial.
 */
public final class SamplingContext {
    private final SearchSpace space;
    private final Supplier<List<Trial>> history;
    private final List<Direction> directions;
    private final int trialNumber;
    private final long seed;
    private final List<Constraint> constraints;
    private List<Trial> trials;

    /**
     * @param space       the search space
     * @param history     reads every trial of the study so far, in number order (including running and failed ones);
     *                    called at most once, and only if the sampler asks; the list it returns must not change
     *                    afterwards (storages hand out immutable snapshots), since it is not copied
     * @param directions  directions of the objectives, in order
     * @param trialNumber number of the trial being sampled
     * @param seed        the study's seed
     * @param constraints limits on metrics; samplers treat trials that break one as worse than every feasible trial
     */
    public SamplingContext(SearchSpace space, Supplier<List<Trial>> history, List<Direction> directions,
                           int trialNumber, long seed, List<Constraint> constraints) {
        this.space = Objects.requireNonNull(space, "space");
        this.history = Objects.requireNonNull(history, "history");
        this.directions = List.copyOf(directions);
        this.trialNumber = trialNumber;
        this.seed = seed;
        this.constraints = constraints == null ? List.of() : List.copyOf(constraints);
    }

    /** A context over a history already at hand. */
    public SamplingContext(SearchSpace space, List<Trial> trials, List<Direction> directions, int trialNumber,
                           long seed, List<Constraint> constraints) {
        this(space, copyOf(trials), directions, trialNumber, seed, constraints);
    }

    /** A context without constraints. */
    public SamplingContext(SearchSpace space, List<Trial> trials, List<Direction> directions, int trialNumber,
                           long seed) {
        this(space, trials, directions, trialNumber, seed, List.of());
    }

    private static Supplier<List<Trial>> copyOf(List<Trial> trials) {
        List<Trial> copy = List.copyOf(trials);
        return () -> copy;
    }

    public SearchSpace space() {
        return space;
    }

    /** Every trial of the study so far, in number order (including running and failed ones); read on first use. */
    public List<Trial> trials() {
        if (trials == null) {
            trials = Collections.unmodifiableList(history.get());
        }
        return trials;
    }

    public List<Direction> directions() {
        return directions;
    }

    public int trialNumber() {
        return trialNumber;
    }

    public long seed() {
        return seed;
    }

    public List<Constraint> constraints() {
        return constraints;
    }

    /** How far a finished trial's metrics break the constraints (0 = feasible). */
    public double violation(Trial trial) {
        return Constraint.totalViolation(constraints, trial.metrics());
    }

    /**
     * A random source that depends only on the seed and the trial number, so a study run with one worker proposes
     * the same trials every time, whatever else has happened in the JVM.
     */
    public SplittableRandom random() {
        long x = seed * 0x9E3779B97F4A7C15L + trialNumber * 0xBF58476D1CE4E5B9L;
        x ^= (x >>> 31);
        return new SplittableRandom(x);
    }

    @Override
    public String toString() {
        return "SamplingContext[trial " + trialNumber + ", seed " + seed + ", " + space.size() + " parameters]";
    }
}
