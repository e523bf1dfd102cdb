package dev.tuner.maven;

import dev.tuner.storage.StudyCatalog;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;
import dev.tuner.tribuo.TuningRequest;
import org.apache.maven.plugin.logging.Log;

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

    /** The request with its target moved to {@code more} trials beyond what the study has finished now. */
    static TuningRequest extended(TuningRequest request, int more, Log log) {
        if (!request.options().stages().isEmpty()) {
            throw new IllegalArgumentException("-Dtuner.moreTrials=" + more + " does not apply to <stages>: raise the"
                    + " <trials> of the stage to extend");
        }
        int target;
        try (StudyStorage storage = StudyStorages.open(request.storage())) {
            target = StudyCatalog.extendedTarget(storage, request.study(), more);
        }
        log.info("Study '" + request.study() + "': <moreTrials>" + more + "</moreTrials> sets the target to " + target
                + " (<trials>" + request.trials() + "</trials> ignored)");
        return request.withTrials(target);
    }
}
