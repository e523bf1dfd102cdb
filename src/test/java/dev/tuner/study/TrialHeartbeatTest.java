package dev.tuner.study;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trial running longer than the period gets a line per period with its budget and fold; a short one none. */
class TrialHeartbeatTest {
    static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aLongTrialGetsALinePerPeriodWithWhereItIs() {
        TrialHeartbeat h = new TrialHeartbeat();
        long t0 = 1_000 * S;
        h.evaluating(7, 0.25, 0, 3, t0);
        assertTrue(h.due(t0 + 9 * S).isEmpty(), "nothing before the first period");
        h.evaluating(7, 1.0, 1, 3, t0 + 9 * S);
        assertEquals(List.of("trial 7 running 10 s (budget 1.0, fold 2/3)"), h.due(t0 + 10 * S));
        assertTrue(h.due(t0 + 11 * S).isEmpty(), "one line per period");
        assertEquals(List.of("trial 7 running 20 s (budget 1.0, fold 2/3)"), h.due(t0 + 20 * S));
        // A pause of several periods (a suspended process) gives one line, not a burst.
        assertEquals(1, h.due(t0 + 75 * S).size());
        assertTrue(h.due(t0 + 79 * S).isEmpty());
        h.finished(7);
        assertTrue(h.due(t0 + 200 * S).isEmpty(), "a finished trial says no more");
    }

    @Test
    void shortTrialsAndSeveralRunningTrialsAreToldApart() {
        TrialHeartbeat h = new TrialHeartbeat();
        h.evaluating(1, 1.0, 0, 2, 0);
        h.finished(1);
        h.evaluating(2, 1.0, 0, 2, 2 * S);
        h.evaluating(3, 0.5, 1, 2, 5 * S);
        assertEquals(List.of("trial 2 running 10 s (budget 1.0, fold 1/2)"), h.due(12 * S));
        assertEquals(List.of("trial 3 running 10 s (budget 0.5, fold 2/2)"), h.due(15 * S));
    }
}
