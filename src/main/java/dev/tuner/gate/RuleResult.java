package dev.tuner.gate;

import dev.tuner.trial.Direction;

import java.util.List;
import java.util.Locale;

/**
 * The verdict of one rule.
 *
 * @param rule           the rule
 * @param direction      the metric's direction, or null for an unknown metric with absolute limits only
 * @param baseline       the baseline's value, or null
 * @param candidate      the candidate's value, or null when the candidate lacks the metric
 * @param change         candidate - baseline, or null
 * @param relativeChange change in percent of |baseline|, or null
 * @param interval       the paired bootstrap interval of the change, or null
 * @param mcNemar        McNemar's test (accuracy, error-rate, micro-f1 with paired rows), or null
 * @param tolerance      the strictest change limit as an absolute drop, or null
 * @param status         the verdict
 * @param message        one line with baseline, candidate, change, tolerance and interval
 * @param notes          why a check passed despite a drop beyond tolerance, or what was not checked
 */
public record RuleResult(Rule rule, Direction direction, Double baseline, Double candidate, Double change,
                         Double relativeChange, PairedBootstrap.Interval interval, McNemar mcNemar, Double tolerance,
                         Status status, String message, List<String> notes) {

    public enum Status {
        PASSED, FAILED, SKIPPED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
