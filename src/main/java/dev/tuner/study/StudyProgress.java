package dev.tuner.study;

import dev.tuner.trial.ParetoFront;
import dev.tuner.trial.Trial;

import java.util.List;

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

    /**
     * The progress of a study whose trials are {@code all}, {@code elapsedSeconds} into a run that found
     * {@code finishedBefore} trials finished: the ETA is this run's pace times the trials still to go.
     *
     * @param notYetReported trials among {@code all} finished by this run's other workers that are still to be
     *                       reported: left out of {@code finished}, each report then counts one more
     */
    static StudyProgress of(List<Trial> all, StudySettings settings, int target, int finishedBefore,
                            double elapsedSeconds, int notYetReported) {
        int finished = (int) all.stream().filter(t -> t.state().isFinished()).count() - notYetReported;
        // Several objectives have no single best trial: the front is what progresses.
        boolean several = settings.objectives().size() > 1;
        Trial best = several ? null
                : StudyResult.bestOf(all, settings.objectives().get(0).direction(), settings.constraints());
        int front = several ? ParetoFront.of(all, settings.objectives(), settings.constraints()).size() : 0;
        int doneHere = finished - finishedBefore;
        double eta = doneHere > 0 && finished < target
                ? elapsedSeconds / doneHere * (target - finished) : (finished >= target ? 0 : Double.NaN);
        return new StudyProgress(finished, target, best, front, elapsedSeconds, eta);
    }
}
