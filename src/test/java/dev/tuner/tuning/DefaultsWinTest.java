package dev.tuner.tuning;

import dev.tuner.trial.ObjectiveSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warning when the trainer's defaults beat the tuned model on the held-out rows. */
class DefaultsWinTest {
    private static final ObjectiveSpec RMSE = ObjectiveSpec.parse("rmse");
    private static final ObjectiveSpec ACCURACY = ObjectiveSpec.parse("accuracy");

    @Test
    void defaultsOutsideTheSpaceThatWinAreNamedWithTheWayOut() {
        String warning = Tuning.defaultsWin(RMSE, Map.of("rmse", 1.2769), Map.of("rmse", 0.8726), 36, false)
                .orElseThrow();
        assertEquals("The trainer's defaults beat the tuned model on the 36 held-out rows (rmse 0.8726 against"
                + " 1.2769): the study never tried them, as they lie outside <searchSpace>: widen it, or bundle the"
                + " defaults with <params>", warning);
    }

    @Test
    void defaultsTheStudyMeasuredThatWinAreCalledPossibleChance() {
        String warning = Tuning.defaultsWin(ACCURACY, Map.of("accuracy", 0.93), Map.of("accuracy", 0.95), 200, true)
                .orElseThrow();
        assertTrue(warning.contains("(accuracy 0.9500 against 0.9300)"), warning);
        assertTrue(warning.contains("on 200 rows the difference may be chance"), warning);
    }

    @Test
    void aTunedModelAsGoodOrBetterOrAMissingFigureSaysNothing() {
        assertEquals(Optional.empty(), Tuning.defaultsWin(ACCURACY, Map.of("accuracy", 0.95),
                Map.of("accuracy", 0.93), 50, true));
        assertEquals(Optional.empty(), Tuning.defaultsWin(RMSE, Map.of("rmse", 0.5), Map.of("rmse", 0.5), 50, false));
        assertEquals(Optional.empty(), Tuning.defaultsWin(RMSE, Map.of("rmse", Double.NaN), Map.of("rmse", 0.5), 50,
                false));
        assertEquals(Optional.empty(), Tuning.defaultsWin(RMSE, Map.of(), Map.of("rmse", 0.5), 50, false));
    }
}
