package dev.tuner.pruner;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;

import java.util.List;

/**
 * What a pruner may look at.
 *
 * @param trial     the trial being judged, with its intermediate values up to and including {@code budget}
 * @param budget    the budget just reported
 * @param ladder    the study's budget ladder (rising, last = 1.0 or the largest budget)
 * @param trials    every other trial of the study, with their intermediate values (running ones included)
 * @param direction direction of the value being judged (the first objective)
 */
public record PruningContext(Trial trial, double budget, List<Double> ladder, List<Trial> trials, Direction direction) {

    public PruningContext {
        ladder = List.copyOf(ladder);
        trials = List.copyOf(trials);
    }

    /** Index of {@code budget} in the ladder. */
    public int rung() {
        return ladder.indexOf(budget);
    }
}
