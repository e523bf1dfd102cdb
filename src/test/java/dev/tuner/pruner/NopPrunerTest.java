package dev.tuner.pruner;

import dev.tuner.trial.Direction;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tuner.pruner.TrialFixtures.LADDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NopPrunerTest {

    private final NopPruner pruner = new NopPruner();

    @Test
    void evaluatesOnlyTheFullBudgetBecauseNobodyJudgesTheSmallOnes() {
        assertEquals(List.of(1.0), pruner.budgetsFor(0, LADDER));
        assertEquals(List.of(1.0), pruner.budgetsFor(41, LADDER));
        assertEquals(List.of(0.5), pruner.budgetsFor(3, List.of(0.5)));
        assertThrows(IllegalArgumentException.class, () -> pruner.budgetsFor(0, List.of()));
    }

    @Test
    void neverPrunesEvenAHopelessTrial() {
        var others = TrialFixtures.completeTrials(0, 20, 0.1);
        var hopeless = TrialFixtures.trial(20, TrialState.RUNNING, 99.0, 99.0);
        for (int rung = 0; rung < 2; rung++) {
            assertFalse(pruner.shouldPrune(TrialFixtures.context(hopeless, rung, others, Direction.MINIMIZE)));
        }
        assertEquals("none", pruner.name());
    }
}
