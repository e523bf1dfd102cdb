package dev.tuner.study;

import dev.tuner.trial.Trial;

/**
 * Where the study stands after a trial finished.
 *
 * @param finished       finished trials in the study (all processes)
 * @param target         the study's target
 * @param best           the best complete trial so far with one objective; null with several, or when none
 * @param paretoFront    with several objectives, how many trials are on the Pareto front so far; 0 with one
 * @param elapsedSeconds seconds since this run started
 * @param etaSeconds     estimated seconds to the target, from this run's pace, or NaN when unknown
 */
public record StudyProgress(int finished, int target, Trial best, int paretoFront, double elapsedSeconds,
                            double etaSeconds) {
}
