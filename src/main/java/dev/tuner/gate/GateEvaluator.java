package dev.tuner.gate;

import dev.tuner.trial.Direction;
import dev.tuner.tribuo.HeldOutPredictions;
import dev.tuner.tribuo.TaskType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges the candidate against the rules and the baseline.
 *
 * <h2>Decision</h2>
 * For each rule, with {@code c} the candidate's value and {@code b} the baseline's:
 * <ul>
 *   <li>{@code minimum} / {@code maximum}: fail when {@code c} is outside; no statistics (an absolute bar).</li>
 *   <li>change limits: the drop is {@code b - c} for a metric to maximize, {@code c - b} for one to minimize
 *       (positive = worse). The tolerance is {@code maxDrop}, or {@code maxRelativeDrop / 100 * |b|}; with both, the
 *       stricter. The rule fails when the drop is beyond the tolerance <b>and</b> significantly so:
 *       <ul>
 *         <li>paired rows (the baseline's per-row predictions on the candidate's held-out rows): the paired
 *             bootstrap interval of the drop at confidence {@code 1 - significance} lies entirely above the
 *             tolerance (its lower bound exceeds it), and, for {@code accuracy}, {@code error-rate} and
 *             {@code micro-f1}, McNemar's test also finds the candidate worse at {@code p < significance};</li>
 *         <li>no paired rows (aggregate metrics only, or a metric such as {@code model-size} that is not a mean
 *             over rows): the point drop alone decides.</li>
 *       </ul>
 *       A drop beyond the tolerance that is not significant passes with a note.</li>
 *   <li>A metric the candidate lacks fails; so does a change limit on a metric the baseline lacks.</li>
 *   <li>Without a baseline, change limits are skipped (the rule passes if its absolute limits pass).</li>
 * </ul>
 */
public final class GateEvaluator {
    /** Rounding slack so that a drop equal to the tolerance passes. */
    private static final double EPSILON = 1e-12;
    private static final Set<String> MCNEMAR_METRICS = Set.of("accuracy", "error-rate", "micro-f1");

    private GateEvaluator() {
    }

    /**
     * @param rules              validated rules
     * @param candidateMetrics   the candidate's metrics on the held-out rows
     * @param candidateRows      the candidate's per-row predictions
     * @param baseline           the baseline, or null
     */
    public static GateReport evaluate(String candidateSource, List<Rule> rules, Map<String, Double> candidateMetrics,
                                      HeldOutPredictions candidateRows, Baseline baseline, double significance,
                                      int resamples, long seed) {
        Map<String, PairedBootstrap.Interval> intervals = Map.of();
        McNemar mcNemar = null;
        if (baseline != null && baseline.paired()) {
            Set<String> rowMetrics = new LinkedHashSet<>();
            Set<String> defined = candidateRows.metrics().keySet();
            for (Rule r : rules) {
                if (r.hasChangeLimit() && defined.contains(r.metricName())) {
                    rowMetrics.add(r.metricName());
                }
            }
            intervals = PairedBootstrap.intervals(candidateRows, baseline.predictions(), rowMetrics, resamples, seed,
                    significance);
            if (candidateRows.task() == TaskType.CLASSIFICATION) {
                mcNemar = mcNemar(candidateRows, baseline.predictions());
            }
        }
        List<RuleResult> results = new ArrayList<>();
        for (Rule rule : rules) {
            results.add(judge(rule, candidateMetrics, baseline, intervals.get(rule.metricName()),
                    MCNEMAR_METRICS.contains(rule.metricName()) ? mcNemar : null, significance));
        }
        List<String> notes = new ArrayList<>();
        if (baseline != null && baseline.note() != null) {
            notes.add(baseline.note());
        }
        return new GateReport(candidateSource, baseline, candidateRows.rows(), significance, resamples, seed, results,
                notes);
    }

    static McNemar mcNemar(HeldOutPredictions candidate, HeldOutPredictions baseline) {
        int candidateOnly = 0;
        int baselineOnly = 0;
        for (int i = 0; i < candidate.rows(); i++) {
            boolean c = candidate.correct(i);
            boolean b = baseline.correct(i);
            if (c && !b) {
                candidateOnly++;
            } else if (b && !c) {
                baselineOnly++;
            }
        }
        return McNemar.test(candidateOnly, baselineOnly);
    }

    static RuleResult judge(Rule rule, Map<String, Double> candidateMetrics, Baseline baseline,
                            PairedBootstrap.Interval interval, McNemar mcNemar, double significance) {
        String metric = rule.metricName();
        Direction direction = rule.direction();
        Double c = candidateMetrics.get(metric);
        Double b = baseline == null ? null : baseline.metrics().get(metric);
        Double change = c != null && b != null ? c - b : null;
        Double relative = change != null && b != 0 ? 100 * change / Math.abs(b) : null;
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Double tolerance = null;
        boolean skipped = false;

        if (c == null || c.isNaN()) {
            failures.add("missing in the candidate's metrics " + candidateMetrics.keySet());
        } else {
            if (rule.getMinimum() != null && c < rule.getMinimum() - EPSILON) {
                failures.add("below minimum " + GateFormat.number(rule.getMinimum()));
            }
            if (rule.getMaximum() != null && c > rule.getMaximum() + EPSILON) {
                failures.add("above maximum " + GateFormat.number(rule.getMaximum()));
            }
            if (rule.hasChangeLimit()) {
                if (baseline == null) {
                    skipped = true;
                    notes.add("change limits not checked: no baseline");
                } else if (b == null || b.isNaN()) {
                    failures.add("missing in the baseline's metrics " + baseline.metrics().keySet());
                } else {
                    tolerance = tolerance(rule, b);
                    double drop = direction == Direction.MAXIMIZE ? b - c : c - b;
                    if (drop > tolerance + EPSILON) {
                        String verdict = significantDrop(direction, interval, mcNemar, tolerance, significance);
                        if (verdict == null) {
                            failures.add("drop " + GateFormat.value(drop) + " beyond tolerance "
                                    + GateFormat.value(tolerance));
                        } else {
                            notes.add("drop " + GateFormat.value(drop) + " beyond tolerance "
                                    + GateFormat.value(tolerance) + " but not significant: " + verdict);
                        }
                    }
                }
            }
        }
        RuleResult.Status status = !failures.isEmpty() ? RuleResult.Status.FAILED
                : skipped && rule.getMinimum() == null && rule.getMaximum() == null ? RuleResult.Status.SKIPPED
                : RuleResult.Status.PASSED;
        String message = message(rule, b, c, change, relative, tolerance, interval, mcNemar, failures, notes,
                significance);
        return new RuleResult(rule, direction, b, c, change, relative, interval, mcNemar, tolerance, status, message,
                notes);
    }

    /** The absolute drop a rule tolerates against baseline value {@code b}: the stricter of its change limits. */
    static double tolerance(Rule rule, double b) {
        double t = Double.POSITIVE_INFINITY;
        if (rule.getMaxDrop() != null) {
            t = rule.getMaxDrop();
        }
        if (rule.getMaxRelativeDrop() != null) {
            t = Math.min(t, rule.getMaxRelativeDrop() / 100 * Math.abs(b));
        }
        return t;
    }

    /** Null when the drop beyond {@code tolerance} is significant (or cannot be tested); else why not. */
    private static String significantDrop(Direction direction, PairedBootstrap.Interval interval, McNemar mcNemar,
                                          double tolerance, double significance) {
        if (interval == null) {
            return null;
        }
        // The interval is of the change (candidate - baseline); turn it into an interval of the drop.
        double dropLower = direction == Direction.MAXIMIZE ? -interval.upper() : interval.lower();
        if (dropLower <= tolerance + EPSILON) {
            return "the " + GateFormat.confidence(significance) + " interval of the drop reaches "
                    + GateFormat.value(dropLower);
        }
        if (mcNemar != null && !mcNemar.candidateSignificantlyWorse(significance)) {
            return "McNemar p = " + GateFormat.pValue(mcNemar.pValue()) + " >= " + GateFormat.number(significance);
        }
        return null;
    }

    private static String message(Rule rule, Double b, Double c, Double change, Double relative, Double tolerance,
                                  PairedBootstrap.Interval interval, McNemar mcNemar, List<String> failures,
                                  List<String> notes, double significance) {
        StringBuilder line = new StringBuilder(rule.metricName()).append(": ");
        if (!failures.isEmpty()) {
            line.append(String.join("; ", failures)).append(" | ");
        }
        line.append("baseline ").append(GateFormat.value(b))
                .append(", candidate ").append(GateFormat.value(c))
                .append(", change ").append(GateFormat.change(change));
        if (relative != null) {
            line.append(" (").append(GateFormat.percent(relative)).append(')');
        }
        line.append(", tolerance ").append(rule.limits());
        if (tolerance != null && rule.getMaxRelativeDrop() != null) {
            line.append(" (= ").append(GateFormat.value(tolerance)).append(')');
        }
        line.append(", ").append(GateFormat.confidence(significance)).append(" interval of change ");
        if (interval != null) {
            line.append('[').append(GateFormat.change(interval.lower())).append(", ")
                    .append(GateFormat.change(interval.upper())).append(']');
        } else {
            line.append("n/a");
        }
        if (mcNemar != null) {
            line.append(", McNemar p = ").append(GateFormat.pValue(mcNemar.pValue())).append(" (")
                    .append(mcNemar.method()).append(", ").append(mcNemar.candidateOnly()).append(" vs ")
                    .append(mcNemar.baselineOnly()).append(" discordant)");
        }
        return line.toString();
    }
}
