package dev.tuner.gate;

import dev.tuner.trial.Direction;
import dev.tuner.trial.MetricDirections;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
     * @throws GateException naming the {@code <rule>} element to fix
     */
    public void validate() {
        String m = metric == null ? "" : metric.strip();
        if (m.isEmpty()) {
            throw new GateException("<gate><rules><rule> without <metric>: name the metric the rule checks");
        }
        if (minimum == null && maximum == null && maxDrop == null && maxRelativeDrop == null) {
            throw new GateException("<rule><metric>" + m + "</metric> has no limit: set <minimum>, <maximum>, "
                    + "<maxDrop> or <maxRelativeDrop>");
        }
        int colon = m.lastIndexOf(':');
        if (colon > 0 && direction() == null) {
            throw new GateException("<rule><metric>" + m + "</metric>: direction '" + m.substring(colon + 1)
                    + "' is neither min nor max");
        }
        if (hasChangeLimit() && direction() == null) {
            throw new GateException("<rule><metric>" + m + "</metric>: unknown metric, so a drop has no direction; "
                    + "known metrics are " + MetricDirections.known() + ", or write '" + m + ":max' / '" + m
                    + ":min'");
        }
        for (Double v : new Double[]{minimum, maximum, maxDrop, maxRelativeDrop}) {
            if (v != null && !Double.isFinite(v)) {
                throw new GateException("<rule><metric>" + m + "</metric>: limits must be finite numbers");
            }
        }
        if (maxDrop != null && maxDrop < 0) {
            throw new GateException("<rule><metric>" + m + "</metric>: <maxDrop>" + maxDrop
                    + "</maxDrop> is negative; a tolerance is 0 or more (0: no drop at all)");
        }
        if (maxRelativeDrop != null && maxRelativeDrop < 0) {
            throw new GateException("<rule><metric>" + m + "</metric>: <maxRelativeDrop>" + maxRelativeDrop
                    + "</maxRelativeDrop> is negative; it is a percentage, 0 or more");
        }
        if (minimum != null && maximum != null && minimum > maximum) {
            throw new GateException("<rule><metric>" + m + "</metric>: <minimum>" + minimum
                    + "</minimum> is above <maximum>" + maximum + "</maximum>");
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
