package dev.tuner.storage;

import dev.tuner.trial.TrialState;

/** The argument checks and messages both storages share, so that they refuse and word things alike. */
final class TrialChecks {
    private TrialChecks() {
    }

    static void requireBudget(double budget) {
        if (!(budget > 0) || Double.isInfinite(budget)) {
            throw new IllegalArgumentException("budget " + budget + " is not a positive finite number");
        }
    }

    static void requireFinished(TrialState state) {
        if (state == null || !state.isFinished()) {
            throw new IllegalArgumentException("a trial can only finish as COMPLETE, PRUNED or FAILED, not " + state);
        }
    }

    static String retryMessage(String worker) {
        return "retried: " + (worker == null ? "its worker" : worker) + " stopped";
    }
}
