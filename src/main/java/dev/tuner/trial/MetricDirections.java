package dev.tuner.trial;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The direction of every metric the built-in objectives report ({@code dev.tuner.tribuo.Metrics}; MetricsTest keeps
 * the two lists equal), so that {@code <objective>accuracy</objective>} needs no {@code :max}.
 */
public final class MetricDirections {
    private static final Map<String, Direction> DIRECTIONS = new TreeMap<>();

    static {
        for (String m : new String[]{"accuracy", "balanced-accuracy", "macro-f1", "micro-f1", "auc", "r2"}) {
            DIRECTIONS.put(m, Direction.MAXIMIZE);
        }
        for (String m : new String[]{"log-loss", "rmse", "mae", "train-seconds", "model-size", "predict-ms-per-row",
                "error-rate"}) {
            DIRECTIONS.put(m, Direction.MINIMIZE);
        }
    }

    private MetricDirections() {
    }

    /** The direction of a known metric, or null. */
    public static Direction directionOf(String metric) {
        return DIRECTIONS.get(metric);
    }

    public static Set<String> known() {
        return DIRECTIONS.keySet();
    }
}
