package dev.tuner.tuning;

import dev.tuner.study.StudyProgress;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Watches a running study against the estimate made for this run and says, once, when the study is on course to
 * take longer than the estimate's range: a build that planned minutes learns early that it will take longer, while
 * it can still stop and resume later, rather than from best.json at the end.
 *
 * <p>The course is this run's pace so far times the trials still to go ({@link StudyProgress#etaSeconds}), judged
 * only after {@value #MIN_TRIALS} trials and a quarter of the run, so that the first trial's warm-up and the
 * sampler's random start-up trials do not set it alone, and only while {@value #MIN_REMAINING_SECONDS} seconds or more
 * are still to go.
 */
public final class PlanWatch {
    /** Trials of this run before the pace is judged at all. */
    static final int MIN_TRIALS = 5;
    /**
     * Seconds the study must still have to go for the warning: one that ends sooner is over before anyone could act
     * on it, and a study planned in seconds overruns its range by a fraction of a second on any hiccup.
     */
    static final double MIN_REMAINING_SECONDS = 10;

    private final int finishedBefore;
    private final int remainingTrials;
    private final double expectedSeconds;
    private final double highSeconds;
    private final String generated;
    private boolean said;

    private PlanWatch(int finishedBefore, int remainingTrials, double expectedSeconds, double highSeconds,
                      String generated) {
        this.finishedBefore = finishedBefore;
        this.remainingTrials = remainingTrials;
        this.expectedSeconds = expectedSeconds;
        this.highSeconds = highSeconds;
        this.generated = generated;
    }

    /**
     * The watch over a run of {@code study} that starts from {@code finishedBefore} finished trials, or empty when
     * {@code estimateJson} is missing or unreadable, or was made for another study or another run of it (the same
     * rule as {@link EstimateComparison}).
     */
    public static Optional<PlanWatch> of(Path estimateJson, String study, int finishedBefore) {
        return EstimateComparison.ofThisRun(estimateJson, study, finishedBefore)
                .filter(e -> e.path("range").has("highSeconds"))
                .map(e -> new PlanWatch(finishedBefore, e.path("remainingTrials").asInt(),
                        e.path("expectedSeconds").asDouble(), e.path("range").path("highSeconds").asDouble(),
                        e.path("generated").asText()));
    }

    /**
     * A warning the first time the study, after enough of this run's trials, is on course to end beyond the high
     * end of the estimate's range; empty otherwise (and always after it has been said).
     */
    public synchronized Optional<String> check(StudyProgress progress) {
        int done = progress.finished() - finishedBefore;
        if (said || Double.isNaN(progress.etaSeconds()) || progress.finished() >= progress.target()
                || done < Math.max(MIN_TRIALS, (remainingTrials + 3) / 4)
                || progress.etaSeconds() < MIN_REMAINING_SECONDS) {
            return Optional.empty();
        }
        double course = progress.elapsedSeconds() + progress.etaSeconds();
        if (!(course > highSeconds)) {
            return Optional.empty();
        }
        said = true;
        return Optional.of(String.format(Locale.ROOT, "After %d of %d trials (%.1f s) the study is on course for"
                        + " %.0f s, above the estimate's 10-90%% range (expected %.1f s, at most %.1f s; estimate.json"
                        + " of %s): its trials cost %.1fx what was planned. Interrupting keeps every finished trial"
                        + " (the next run resumes); -Dtuner.trials lowers the target", done, remainingTrials,
                progress.elapsedSeconds(), course, expectedSeconds, highSeconds, generated,
                course / expectedSeconds));
    }
}
