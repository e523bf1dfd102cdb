package dev.tuner.study;

import dev.tuner.pruner.NopPruner;
import dev.tuner.sampler.RandomSampler;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.InMemoryStudyStorage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Objectives that misbehave on every trial: the study stops with the trial's one-line reason (docs/errors.md). */
class StudyBadObjectiveTest {
    private static StudySettings settings() {
        return new StudySettings("bad", Map.of("data", "test"), SearchSpace.parse(Map.of("x", "float(0, 1)")),
                List.of(ObjectiveSpec.parse("loss:min")), 20, List.of(1.0), 1, 1, 3, null);
    }

    private static String failure(Objective objective) {
        InMemoryStudyStorage storage = new InMemoryStudyStorage();
        StudyFailedException e = assertThrows(StudyFailedException.class, () -> new Study(settings(), storage,
                new RandomSampler(), new NopPruner(), objective, null).optimize());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aMissingMetricIsNamedWithWhatTheObjectiveReturned() {
        assertEquals("the first 5 trials all failed; the last failure: objective returned no 'loss' (it returned "
                + "[accuracy]) at budget 1.0", failure((p, b, f) -> Map.of("accuracy", 0.5)));
    }

    @Test
    void aNanMetricIsNamed() {
        assertEquals("the first 5 trials all failed; the last failure: 'loss' is NaN at budget 1.0",
                failure((p, b, f) -> Map.of("loss", Double.NaN)));
    }

    @Test
    void aThrowingTrainerIsNamedByItsExceptionsFirstLine() {
        assertEquals("the first 5 trials all failed; the last failure: IllegalStateException: out of memory in "
                + "the trainer (budget 1.0, fold 0)", failure((p, b, f) -> {
            throw new IllegalStateException("out of memory in the trainer\nsecond line of detail");
        }));
    }
}
