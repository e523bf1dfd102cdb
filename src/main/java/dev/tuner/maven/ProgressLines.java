package dev.tuner.maven;

import dev.tuner.gate.GateFormat;

import java.util.Map;
import java.util.StringJoiner;

/** The lines the goals log about a study and its model, worded in one place so that tests can read them. */
final class ProgressLines {
    private ProgressLines() {
    }

    /** Once, when the study opens: where it stands against its target. */
    static String started(String study, int finishedBefore, int target, int requeued) {
        String retry = requeued > 0 ? ", " + requeued + " interrupted trial(s) to retry" : "";
        if (finishedBefore >= target) {
            // A stage's study (<study>:<stage>) is extended by its stage's <trials>; moreTrials is not for stages.
            String more = study.contains(":") ? " (raise the stage's <trials> to run more)"
                    : " (-Dtuner.moreTrials=N runs N more)";
            return "Study '" + study + "': " + finishedBefore + " trials finished, the target is " + target
                    + ": nothing to run" + retry + more;
        }
        return "Study '" + study + "': " + finishedBefore + " of " + target + " trials finished before, "
                + (target - finishedBefore) + " to run" + retry;
    }

    /**
     * Metrics as a log line shows them: four decimals, counts such as bytes as whole numbers, instead of every digit
     * of a double ({@code error-rate=0.30000000000000004}).
     */
    static String metrics(Map<String, Double> metrics) {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        metrics.forEach((name, v) -> out.add(name + "=" + GateFormat.value(v)));
        return out.toString();
    }
}
