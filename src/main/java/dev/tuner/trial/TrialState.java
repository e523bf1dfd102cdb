package dev.tuner.trial;

/** Life cycle of a trial. WAITING trials are enqueued (or retried) and not yet claimed by a worker. */
public enum TrialState {
    WAITING, RUNNING, COMPLETE, PRUNED, FAILED;

    /** Finished trials count toward the study's target. */
    public boolean isFinished() {
        return this == COMPLETE || this == PRUNED || this == FAILED;
    }
}
