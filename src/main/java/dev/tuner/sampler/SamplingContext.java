package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.study.Constraint;
import dev.tuner.study.Direction;
import dev.tuner.study.Trial;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What a sampler may look at.
 *
 * @param space       the search space
 * @param trials      every trial of the study so far, in number order (including running and failed ones)
 * @param directions  directions of the objectives, in order
 * @param trialNumber number of the trial being sampled
 * @param seed        the study's seed
 * @param constraints limits on metrics; samplers treat trials that break one as worse than every feasible trial
 */
public record SamplingContext(SearchSpace space, List<Trial> trials, List<Direction> directions, int trialNumber,
                              long seed, List<Constraint> constraints) {

    public SamplingContext {
        trials = List.copyOf(trials);
        directions = List.copyOf(directions);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
    }

    /** A context without constraints. */
    public SamplingContext(SearchSpace space, List<Trial> trials, List<Direction> directions, int trialNumber,
                           long seed) {
        this(space, trials, directions, trialNumber, seed, List.of());
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
}
