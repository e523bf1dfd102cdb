package dev.tuner.pruner;

import java.util.List;

/** The built-in pruners by the names {@code <pruner>} accepts. */
public final class Pruners {

    /** Accepted names, in the order error messages and documentation list them. */
    public static final List<String> NAMES = List.of(NopPruner.NAME, MedianPruner.NAME, PercentilePruner.NAME,
            SuccessiveHalvingPruner.NAME, HyperbandPruner.NAME);

    private Pruners() {
    }

    /** The pruner called {@code name}, with its default settings. */
    public static Pruner create(String name) {
        String key = name == null ? "" : name.trim();
        switch (key) {
            case NopPruner.NAME:
                return new NopPruner();
            case MedianPruner.NAME:
                return new MedianPruner();
            case PercentilePruner.NAME:
                return new PercentilePruner();
            case SuccessiveHalvingPruner.NAME:
                return new SuccessiveHalvingPruner();
            case HyperbandPruner.NAME:
                return new HyperbandPruner();
            default:
                throw new IllegalArgumentException(
                        "unknown <pruner> '" + name + "'; expected one of " + String.join(", ", NAMES));
        }
    }
}
