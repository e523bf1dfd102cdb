package dev.tuner.study;

import dev.tuner.pruner.NopPruner;
import dev.tuner.sampler.RandomSampler;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.InMemoryStudyStorage;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Objectives that misbehave on every trial: the study stops with the trial's one-line reason (docs/errors.md). */
class StudyBadObjectiveTest {
    private static StudySettings settings() {
        return new StudySettings("bad", Map.of("data", "test"), SearchSpace.parse(Map.of("x", "float(0, 1)")),
                List.of(ObjectiveSpec.parse("loss:min")), 20, List.of(1.0), 1, 1, 3, null);
    }

    private static StudySettings settings(int trials) {
        return new StudySettings("bad", Map.of("data", "test"), SearchSpace.parse(Map.of("x", "float(0, 1)")),
                List.of(ObjectiveSpec.parse("loss:min")), trials, List.of(1.0), 1, 1, 3, null);
    }

    private static String failure(Objective objective) {
        return failure(settings(), objective);
    }

    private static String failure(StudySettings settings, Objective objective) {
        InMemoryStudyStorage storage = new InMemoryStudyStorage();
        StudyFailedException e = assertThrows(StudyFailedException.class, () -> new Study(settings, storage,
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

    @Test
    void aStudyThatReachesItsTargetWithoutACompleteTrialFailsQuotingTheFirstAndLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        String message = failure(settings(3), (p, b, f) -> {
            throw new IllegalStateException("diverged on call " + calls.getAndIncrement());
        });
        assertEquals("no trial of study 'bad' completed (3 failed, 0 pruned, 3 in all); the first failure:"
                + " IllegalStateException: diverged on call 0 (budget 1.0, fold 0); the last failure:"
                + " IllegalStateException: diverged on call 2 (budget 1.0, fold 0). Its trials count towards <trials>: after"
                + " fixing the cause, raise <trials> or set another <study>", message);
    }

    @Test
    void aLongFailureIsQuotedTruncated() {
        String longReason = "x".repeat(5 * Study.QUOTED_MESSAGE_LENGTH);
        String message = failure(settings(2), (p, b, f) -> {
            throw new IllegalStateException(longReason);
        });
        assertTrue(message.contains("; the last failure: IllegalStateException: "
                + "x".repeat(Study.QUOTED_MESSAGE_LENGTH - "IllegalStateException: ".length()) + "...."), message);
    }

    @Test
    void trialsThatFailSinglyNeverStopTheStudy() {
        // Fewer failures in a row than the early stop needs, then a complete trial, then more failures: the study
        // reaches its target and succeeds.
        int target = 3 * Study.FAILURES_BEFORE_ABORT;
        AtomicInteger calls = new AtomicInteger();
        StudyResult result = new Study(settings(target), new InMemoryStudyStorage(), new RandomSampler(),
                new NopPruner(), (p, b, f) -> {
            if (calls.getAndIncrement() % Study.FAILURES_BEFORE_ABORT != Study.FAILURES_BEFORE_ABORT - 1) {
                throw new IllegalStateException("flaky");
            }
            return Map.of("loss", 1.0);
        }, null).optimize();
        assertEquals(target, result.trials().size());
        assertEquals(target / Study.FAILURES_BEFORE_ABORT, result.count(TrialState.COMPLETE));
        assertNotNull(result.best());
    }
}
