package dev.tuner.pruner;

/**
 * Prunes a trial whose value at a budget is worse than the median of the other trials' values at that budget
 * ({@code <pruner>median</pruner>}): the {@link PercentilePruner} at 50, with all its rules (5 startup trials,
 * every budget but the last judged, at least one reference value).
 */
public final class MedianPruner extends PercentilePruner {

    public static final String NAME = "median";

    public MedianPruner() {
        this(DEFAULT_STARTUP_TRIALS, DEFAULT_MIN_RUNG, DEFAULT_MIN_TRIALS);
    }

    public MedianPruner(int nStartupTrials, int minRung, int nMinTrials) {
        super(50.0, nStartupTrials, minRung, nMinTrials);
    }

    @Override
    public String name() {
        return NAME;
    }
}
