package dev.tuner.pruner;

import dev.tuner.config.InvalidSettingException;
import java.util.List;

/** The built-in pruners by the names {@code <pruner>} accepts. */
public final class Pruners {

    /** Accepted names, in the order error messages and documentation list them. */
    public static final List<String> NAMES = List.of(NopPruner.NAME, MedianPruner.NAME, PercentilePruner.NAME,
            SuccessiveHalvingPruner.NAME, HyperbandPruner.NAME);

    private Pruners() {
    }

    /**
     * The ladder's growth per rung, the geometric mean of consecutive budget ratios rounded to an integer, at least
     * 2; 3 (Optuna's default) for a ladder of fewer than two budgets.
     */
    public static int reductionFactorFor(List<Double> ladder) {
        if (ladder == null || ladder.size() < 2) {
            return SuccessiveHalvingPruner.DEFAULT_REDUCTION_FACTOR;
        }
        double growth = Math.pow(ladder.get(ladder.size() - 1) / ladder.get(0), 1.0 / (ladder.size() - 1));
        return (int) Math.max(2, Math.round(growth));
    }

    /** The pruner called {@code name}, with its default settings (reduction factor 3). */
    public static Pruner create(String name) {
        return create(name, List.of());
    }

    /**
     * The pruner called {@code name} for a study over {@code ladder}. Successive halving and Hyperband take their
     * reduction factor from the ladder ({@link #reductionFactorFor}): in Hyperband the budget grows by eta from one
     * rung to the next while one trial in eta is promoted, so a ladder that grows fourfold per rung means eta = 4.
     */
    public static Pruner create(String name, List<Double> ladder) {
        int eta = reductionFactorFor(ladder);
        String key = name == null ? "" : name.trim();
        switch (key) {
            case NopPruner.NAME:
                return new NopPruner();
            case MedianPruner.NAME:
                return new MedianPruner();
            case PercentilePruner.NAME:
                return new PercentilePruner();
            case SuccessiveHalvingPruner.NAME:
                return new SuccessiveHalvingPruner(eta, 0);
            case HyperbandPruner.NAME:
                return new HyperbandPruner(eta);
            default:
                throw new InvalidSettingException("pruner", name, "unknown pruner; expected one of "
                        + String.join(", ", NAMES));
        }
    }
}
