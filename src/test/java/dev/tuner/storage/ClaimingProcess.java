package dev.tuner.storage;

import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A separate build process in miniature, for {@link SqliteMultiProcessTest}: opens the study database, prints
 * "ready", waits for the start file to appear (so that all processes race from the same instant, not from whenever
 * their JVM happened to boot), then claims and finishes trials until the target is reached, printing each number.
 * Arguments: database path, study name, target, worker name, start file.
 */
public final class ClaimingProcess {
    private ClaimingProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        int target = Integer.parseInt(args[2]);
        try (StudyStorage storage = StudyStorages.open(args[0])) {
            long studyId = storage.openStudy(args[1], "fp-1", StudyStorageContractTest.DESCRIPTION,
                    StudyStorageContractTest.DIRECTIONS).id();
            System.out.println("ready");
            System.out.flush();
            Path start = Path.of(args[4]);
            while (!Files.exists(start)) {
                Thread.sleep(2);
            }
            Optional<Trial> next;
            while ((next = storage.claimTrial(studyId, target, args[3])).isPresent()) {
                Trial t = next.get();
                storage.finishTrial(t.id(), TrialState.COMPLETE, List.of((double) t.number()), Map.of(), null);
                System.out.println(t.number());
                Thread.sleep(1); // a trial takes time; without it one process could drain the study alone
            }
        }
    }
}
