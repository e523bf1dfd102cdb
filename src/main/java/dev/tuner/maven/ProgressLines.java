package dev.tuner.maven;


/** The lines {@code tune} logs about a study's progress, worded in one place so that tests can read them. */
final class ProgressLines {
    private ProgressLines() {
    }

    /** Once, when the study opens: where it stands against its target. */
    static String started(String study, int finishedBefore, int target, int requeued) {
        String retry = requeued > 0 ? ", " + requeued + " interrupted trial(s) to retry" : "";
        if (finishedBefore >= target) {
            return "Study '" + study + "': " + finishedBefore + " trials finished, the target is " + target
                    + ": nothing to run" + retry + " (-Dtuner.moreTrials=N runs N more)";
        }
        return "Study '" + study + "': " + finishedBefore + " of " + target + " trials finished before, "
                + (target - finishedBefore) + " to run" + retry;
    }
}
