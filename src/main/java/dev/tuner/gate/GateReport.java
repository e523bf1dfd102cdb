package dev.tuner.gate;

import java.util.List;

/**
 * The gate's verdict on all rules.
 *
 * @param candidate    the candidate bundle
 * @param baseline     the baseline, or null when there is none
 * @param rows         held-out rows compared
 * @param significance the significance level; intervals are at confidence 1 - significance
 * @param resamples    bootstrap resamples
 * @param seed         bootstrap seed
 * @param results      one per rule, in the configured order
 * @param notes        general remarks (no baseline and how to record one, unpaired comparison, ...)
 */
public record GateReport(String candidate, Baseline baseline, int rows, double significance, int resamples, long seed,
                         List<RuleResult> results, List<String> notes) {

    public boolean failed() {
        return results.stream().anyMatch(r -> r.status() == RuleResult.Status.FAILED);
    }

    public List<RuleResult> failures() {
        return results.stream().filter(r -> r.status() == RuleResult.Status.FAILED).toList();
    }

    /** {@code passed}, {@code failed} or {@code no-baseline} (passed, change limits not checked). */
    public String status() {
        if (failed()) {
            return "failed";
        }
        return baseline == null ? "no-baseline" : "passed";
    }

    /** The failure message: one line per failed rule. */
    public List<String> failureLines() {
        return failures().stream().map(RuleResult::message).toList();
    }
}
