package dev.tuner.trial;

import dev.tuner.config.ConfigurationException;
import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A limit on one metric of a trial, {@code <constraint><metric>model-size</metric><maximum>500000</maximum></constraint>}.
 * Maven fills it straight from the XML (no-argument constructor, fields named like the elements), as jacoco fills
 * its {@code Limit}s.
 *
 * <p>A trial is feasible when every constraint holds on the metrics it finished with. Infeasible trials never enter
 * the best trial, the Pareto set or the top-k, and samplers treat them as worse than every feasible trial
 * (constrained domination, Deb 2000): among themselves, the one with the smaller total violation is better.
 */
public final class Constraint {
    /** One entry of the constraints setting, and its metric. */
    public static final Setting SETTING = Setting.of("constraints", "constraint");
    public static final Setting METRIC = SETTING.child("metric");
    private String metric;
    private Double minimum;
    private Double maximum;

    public Constraint() {
    }

    public Constraint(String metric, Double minimum, Double maximum) {
        this.metric = metric;
        this.minimum = minimum;
        this.maximum = maximum;
    }

    public String getMetric() {
        return metric;
    }

    public Double getMinimum() {
        return minimum;
    }

    public Double getMaximum() {
        return maximum;
    }

    /** Rejects a constraint without a metric or without any bound, or with bounds that cannot both hold. */
    public void check() {
        if (metric == null || metric.isBlank()) {
            throw new InvalidSettingException(METRIC, null, "not set: name the metric the constraint limits");
        }
        if (minimum == null && maximum == null) {
            throw new InvalidSettingException(METRIC, metric, "has neither " + ConfigurationException.reference(
                    SETTING.child("minimum")) + " nor " + ConfigurationException.reference(SETTING.child("maximum")));
        }
        if (minimum != null && maximum != null && minimum > maximum) {
            throw new InvalidSettingException(SETTING.child("minimum"), String.valueOf(minimum), "exceeds "
                    + ConfigurationException.reference(SETTING.child("maximum")) + " " + maximum + " (constraint on "
                    + metric + ")");
        }
    }

    /**
     * How far {@code metrics} lie outside this constraint: 0 when it holds, the distance to the bound otherwise,
     * infinity when the metric is missing or NaN (a trial that cannot show it holds does not hold).
     */
    public double violation(Map<String, Double> metrics) {
        Double v = metrics.get(metric);
        if (v == null || v.isNaN()) {
            return Double.POSITIVE_INFINITY;
        }
        double out = 0;
        if (minimum != null && v < minimum) {
            out += minimum - v;
        }
        if (maximum != null && v > maximum) {
            out += v - maximum;
        }
        return out;
    }

    /** The total violation of {@code constraints} by {@code metrics}; 0 means feasible. */
    public static double totalViolation(List<Constraint> constraints, Map<String, Double> metrics) {
        double sum = 0;
        for (Constraint c : constraints) {
            sum += c.violation(metrics);
        }
        return sum;
    }

    /** The constraints as one text for messages: {@code accuracy >= 0.75; model-size <= 50000.0}. */
    public static String describe(List<Constraint> constraints) {
        return String.join("; ", constraints.stream().map(Constraint::toString).toList());
    }

    /** A COMPLETE trial whose metrics satisfy every constraint. */
    public static boolean feasible(List<Constraint> constraints, Trial trial) {
        return trial.state() == TrialState.COMPLETE && totalViolation(constraints, trial.metrics()) == 0;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (minimum != null) {
            b.append(String.format(Locale.ROOT, "%s >= %s", metric, minimum));
        }
        if (maximum != null) {
            b.append(b.length() > 0 ? " and " : "").append(String.format(Locale.ROOT, "%s <= %s", metric, maximum));
        }
        return b.toString();
    }
}
