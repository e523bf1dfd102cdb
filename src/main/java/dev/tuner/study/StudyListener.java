package dev.tuner.study;

import dev.tuner.trial.Trial;

/** Receives progress of a running study (the Maven side turns it into log lines). */
public interface StudyListener {
    StudyListener NONE = new StudyListener() {
    };

    /**
     * Before the study starts: something in the inputs the user should know (a cell read as missing, rows left
     * out), worth a warning rather than a failure.
     */
    default void warning(String message) {
    }

    /** Before the study starts: a choice made for the user that they should see (for example the sampler). */
    default void info(String message) {
    }

    /** Once, after the study is opened: how many trials are already finished and the target. */
    default void started(String studyName, int finishedBefore, int target, int requeued) {
    }

    /**
     * Before each evaluation of a trial this process runs: fold {@code fold} (0-based) of {@code folds} at
     * {@code budget}, so that a long trial can be reported while it runs (see {@link TrialHeartbeat}).
     */
    default void evaluating(Trial trial, double budget, int fold, int folds) {
    }

    /** After each trial this process ran reaches a finished state. */
    default void trialFinished(Trial trial, StudyProgress progress) {
    }

    /**
     * When the JVM shuts down mid-study: {@code released} running trials of this process went back to WAITING, so the
     * next run retries them first. Called from a shutdown hook: keep it short and do not block.
     */
    default void released(int released) {
    }

    /** While the study runs: {@code reclaimed} trials of workers that died went back to WAITING, to be retried. */
    default void reclaimed(int reclaimed) {
    }

    /**
     * Once per run, when this process has nothing left to claim but other workers still run {@code running} trials:
     * it waits for them to finish (or for their worker to die, then it retries them) before the run ends.
     */
    default void awaitingOthers(int running) {
    }
}
