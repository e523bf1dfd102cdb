package dev.tuner.study;

import dev.tuner.pruner.NopPruner;
import dev.tuner.sampler.RandomSampler;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;

import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.Trial;

import java.util.List;
import java.util.Map;

/**
 * A real tuning process in miniature, for {@link StudyCrashTest}: runs the study {@link #settings} on a storage until
 * its target, with an objective that takes {@code evalMillis} per evaluation (two budgets per trial). It prints one
 * line per event so that the test can follow it: {@code started <requeued>}, {@code finished <number> <state>},
 * {@code released <n>} (from the shutdown hook) and {@code done}.
 * Arguments: storage (path or jdbc: URL), target, jobs, evalMillis.
 */
public final class TuningProcess {
    static final String STUDY = "crash";

    private TuningProcess() {
    }

    /** The study both this process and the test open: same settings, so the same fingerprint. */
    static StudySettings settings(int target, int jobs) {
        return new StudySettings(STUDY, Map.of("data", "crash-test"),
                SearchSpace.parse(Map.of("x", "float(-5, 5)", "n", "int(1, 4)")),
                List.of(ObjectiveSpec.parse("loss:min")), target, List.of(0.5, 1.0), 1, jobs, 11, null);
    }

    static Objective sleepingBowl(long evalMillis) {
        return (params, budget, fold) -> {
            Thread.sleep(evalMillis);
            double x = ((Number) params.get("x")).doubleValue();
            long n = ((Number) params.get("n")).longValue();
            return Map.of("loss", x * x + n + (1 - budget));
        };
    }

    public static void main(String[] args) {
        int target = Integer.parseInt(args[1]);
        int jobs = Integer.parseInt(args[2]);
        long evalMillis = Long.parseLong(args[3]);
        StudyListener printer = new StudyListener() {
            @Override
            public void started(String studyName, int finishedBefore, int target, int requeued) {
                say("started " + requeued);
            }

            @Override
            public void trialFinished(Trial trial, StudyProgress progress) {
                say("finished " + trial.number() + " " + trial.state());
            }

            @Override
            public void released(int released) {
                say("released " + released);
            }
        };
        try (StudyStorage storage = StudyStorages.open(args[0])) {
            new Study(settings(target, jobs), storage, new RandomSampler(), new NopPruner(), sleepingBowl(evalMillis),
                    printer).optimize();
        }
        say("done");
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
