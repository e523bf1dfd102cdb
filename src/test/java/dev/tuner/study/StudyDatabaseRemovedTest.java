package dev.tuner.study;

import dev.tuner.pruner.NopPruner;
import dev.tuner.sampler.RandomSampler;
import dev.tuner.storage.StorageException;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The SQLite file of a running study is taken away (deleted, its directory removed, or replaced by a copy): SQLite
 * would go on writing to the unlinked file and the run would report success with its trials gone. The run must fail
 * instead, naming the file.
 */
class StudyDatabaseRemovedTest {
    private static final int TARGET = 8;
    /** The evaluation (one per budget, two budgets per trial) during which the file is taken away. */
    private static final int REMOVED_AT_CALL = 5;

    @TempDir
    Path dir;

    enum Removal {
        DELETE_FILE("deleted") {
            @Override
            void apply(Path db) throws IOException {
                Files.delete(db);
            }
        },
        DELETE_DIRECTORY("deleted") {
            @Override
            void apply(Path db) throws IOException {
                try (Stream<Path> files = Files.walk(db.getParent())) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        },
        REPLACE_BY_COPY("replaced by another file") {
            @Override
            void apply(Path db) throws IOException {
                Path copy = db.resolveSibling("copy.db");
                Files.copy(db, copy);
                Files.move(copy, db, StandardCopyOption.REPLACE_EXISTING);
            }
        };

        final String how;

        Removal(String how) {
            this.how = how;
        }

        abstract void apply(Path db) throws IOException;
    }

    @ParameterizedTest
    @EnumSource(Removal.class)
    void aRunWhoseDatabaseFileIsTakenAwayFailsNamingIt(Removal removal) throws Exception {
        Path db = dir.resolve(".tuner").resolve("studies.db");
        AtomicInteger calls = new AtomicInteger();
        Objective bowl = TuningProcess.sleepingBowl(0);
        Objective removingMidStudy = (params, budget, fold) -> {
            if (calls.incrementAndGet() == REMOVED_AT_CALL) {
                removal.apply(db);
            }
            return bowl.evaluate(params, budget, fold);
        };
        try (StudyStorage storage = StudyStorages.open(db.toString())) {
            Study study = new Study(TuningProcess.settings(TARGET, 1), storage, new RandomSampler(), new NopPruner(),
                    removingMidStudy, null);
            StorageException e = assertThrows(StorageException.class, study::optimize);
            assertEquals(db + ": the study database was " + removal.how + " while the study ran; the trials written"
                    + " since are lost. Leave the file in place while a study runs (or set another <storage>)",
                    e.getMessage());
        }
    }
}
