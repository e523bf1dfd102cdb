package dev.tuner.gate;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.config.Setting;
import dev.tuner.trial.Direction;
import dev.tuner.trial.MetricDirections;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.tuner.config.ConfigurationException.reference;

/**
 * One {@code <rule>} of the gate, in the style of jacoco-maven-plugin's {@code <limit>}: Maven fills it straight from
 * the POM. Absolute limits ({@code minimum}, {@code maximum}) judge the candidate alone; change limits
 * ({@code maxDrop}, absolute, and {@code maxRelativeDrop}, percent of the baseline) judge the candidate against the
 * baseline, "drop" meaning "worse" in the metric's direction (a rising {@code rmse} is a drop).
 *
 * <p>The metric's direction comes from {@link MetricDirections}; a metric of a project's own objective names it with
 * a suffix, {@code my-score:max} or {@code my-latency:min}.
 */
public class Rule {
    /** One entry of the gate's rules, as the build tool's configuration nests it, and its settings. */
    public static final Setting SETTING = Setting.of("gate", "rules", "rule");
    public static final Setting METRIC = SETTING.child("metric");
    private static final Setting MINIMUM = SETTING.child("minimum");
    private static final Setting MAXIMUM = SETTING.child("maximum");
    private static final Setting MAX_DROP = SETTING.child("maxDrop");
    private static final Setting MAX_RELATIVE_DROP = SETTING.child("maxRelativeDrop");

    private String metric;
    private Double minimum;
    private Double maximum;
    private Double maxDrop;
    private Double maxRelativeDrop;

    public Rule() {
    }

    public Rule(String metric, Double minimum, Double maximum, Double maxDrop, Double maxRelativeDrop) {
        this.metric = metric;
        this.minimum = minimum;
        this.maximum = maximum;
        this.maxDrop = maxDrop;
        this.maxRelativeDrop = maxRelativeDrop;
    }

    public static Rule maxDrop(String metric, double maxDrop) {
        return new Rule(metric, null, null, maxDrop, null);
    }

    /** The metric's name without a direction suffix. */
    public String metricName() {
        String m = metric == null ? "" : metric.strip();
        int colon = m.lastIndexOf(':');
        return colon > 0 ? m.substring(0, colon).strip() : m;
    }

    /** The metric's direction: its suffix, else {@link MetricDirections}; null when neither says. */
    public Direction direction() {
        String m = metric == null ? "" : metric.strip();
        int colon = m.lastIndexOf(':');
        if (colon > 0) {
            String d = m.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            return switch (d) {
                case "min", "minimize" -> Direction.MINIMIZE;
                case "max", "maximize" -> Direction.MAXIMIZE;
                default -> null;
            };
        }
        return MetricDirections.directionOf(m);
    }

    public boolean hasChangeLimit() {
        return maxDrop != null || maxRelativeDrop != null;
    }

    /**
     * Checks the rule's own shape.
     *
     * @throws InvalidSettingException naming the setting of the rule to fix
     */
    public void validate() {
        String m = metric == null ? "" : metric.strip();
        if (m.isEmpty()) {
            throw new InvalidSettingException(METRIC, null, "not set: name the metric the rule checks");
        }
        if (minimum == null && maximum == null && maxDrop == null && maxRelativeDrop == null) {
            throw new InvalidSettingException(METRIC, m, "has no limit: set " + reference(MINIMUM) + ", "
                    + reference(MAXIMUM) + ", " + reference(MAX_DROP) + " or " + reference(MAX_RELATIVE_DROP));
        }
        int colon = m.lastIndexOf(':');
        if (colon > 0 && direction() == null) {
            throw new InvalidSettingException(METRIC, m, "direction '" + m.substring(colon + 1)
                    + "' is neither min nor max");
        }
        Direction known = MetricDirections.directionOf(metricName());
        if (colon > 0 && known != null && direction() != known) {
            // rmse:max would call a falling error a drop: the gate would pass worse models and fail better ones.
            throw new InvalidSettingException(METRIC, m, metricName() + " is better " + (known == Direction.MINIMIZE
                    ? "lower" : "higher") + "; a suffix against its direction would pass worse models: write "
                    + metricName());
        }
        if (hasChangeLimit() && direction() == null) {
            throw new InvalidSettingException(METRIC, m, "unknown metric, so a drop has no direction; known metrics"
                    + " are " + MetricDirections.known() + ", or write '" + m + ":max' / '" + m + ":min'");
        }
        Map<Setting, Double> limits = new LinkedHashMap<>();
        limits.put(MINIMUM, minimum);
        limits.put(MAXIMUM, maximum);
        limits.put(MAX_DROP, maxDrop);
        limits.put(MAX_RELATIVE_DROP, maxRelativeDrop);
        limits.forEach((setting, v) -> {
            if (v != null && !Double.isFinite(v)) {
                throw new InvalidSettingException(setting, String.valueOf(v), "must be a finite number (rule on "
                        + m + ")");
            }
        });
        if (maxDrop != null && maxDrop < 0) {
            throw new InvalidSettingException(MAX_DROP, String.valueOf(maxDrop), "is negative; a tolerance is 0 or"
                    + " more (0: no drop at all; rule on " + m + ")");
        }
        if (maxRelativeDrop != null && maxRelativeDrop < 0) {
            throw new InvalidSettingException(MAX_RELATIVE_DROP, String.valueOf(maxRelativeDrop), "is negative; it"
                    + " is a percentage, 0 or more (rule on " + m + ")");
        }
        if (minimum != null && maximum != null && minimum > maximum) {
            throw new InvalidSettingException(MINIMUM, String.valueOf(minimum), "is above " + reference(MAXIMUM)
                    + " " + maximum + " (rule on " + m + ")");
        }
    }

    /** The limits as written, e.g. {@code maxDrop 0.005, minimum 0.9}. */
    public String limits() {
        List<String> parts = new ArrayList<>();
        if (minimum != null) {
            parts.add("minimum " + GateFormat.number(minimum));
        }
        if (maximum != null) {
            parts.add("maximum " + GateFormat.number(maximum));
        }
        if (maxDrop != null) {
            parts.add("maxDrop " + GateFormat.number(maxDrop));
        }
        if (maxRelativeDrop != null) {
            parts.add("maxRelativeDrop " + GateFormat.number(maxRelativeDrop) + "%");
        }
        return String.join(", ", parts);
    }

    /** The rule's name in reports and CI test tabs, e.g. {@code accuracy (maxDrop 0.005)}. */
    public String name() {
        return metricName() + " (" + limits() + ")";
    }

    public String getMetric() {
        return metric;
    }

    public void setMetric(String metric) {
        this.metric = metric;
    }

    public Double getMinimum() {
        return minimum;
    }

    public void setMinimum(Double minimum) {
        this.minimum = minimum;
    }

    public Double getMaximum() {
        return maximum;
    }

    public void setMaximum(Double maximum) {
        this.maximum = maximum;
    }

    public Double getMaxDrop() {
        return maxDrop;
    }

    public void setMaxDrop(Double maxDrop) {
        this.maxDrop = maxDrop;
    }

    public Double getMaxRelativeDrop() {
        return maxRelativeDrop;
    }

    public void setMaxRelativeDrop(Double maxRelativeDrop) {
        this.maxRelativeDrop = maxRelativeDrop;
    }

    @Override
    public String toString() {
        return name();
    }
}
