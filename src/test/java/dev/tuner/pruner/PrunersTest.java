package dev.tuner.pruner;

import dev.tuner.config.InvalidSettingException;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PrunersTest {

    @Test
    void createsEveryBuiltInPrunerByItsName() {
        assertInstanceOf(NopPruner.class, Pruners.create("none"));
        assertInstanceOf(MedianPruner.class, Pruners.create("median"));
        assertInstanceOf(PercentilePruner.class, Pruners.create("percentile"));
        assertInstanceOf(SuccessiveHalvingPruner.class, Pruners.create("successive-halving"));
        assertInstanceOf(HyperbandPruner.class, Pruners.create(" hyperband "));
        for (String name : Pruners.NAMES) {
            assertEquals(name, Pruners.create(name).name(), "name() round-trips for " + name);
        }
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        PercentilePruner percentile = (PercentilePruner) Pruners.create("percentile");
        assertEquals(25.0, percentile.percentile());
        assertEquals(5, percentile.nStartupTrials());
        assertEquals(50.0, ((MedianPruner) Pruners.create("median")).percentile());
        assertEquals(3, ((SuccessiveHalvingPruner) Pruners.create("successive-halving")).reductionFactor());
        assertEquals(3, ((HyperbandPruner) Pruners.create("hyperband")).reductionFactor());
    }

    @Test
    void unknownNameListsTheAcceptedOnes() {
        var error = assertThrows(InvalidSettingException.class, () -> Pruners.create("asha"));
        assertEquals("pruner = asha: unknown pruner; expected one of none, median, percentile, successive-halving,"
                + " hyperband", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pruners.create(null));
    }

    @Test
    void reductionFactorFollowsTheLaddersGrowth() {
        assertEquals(4, Pruners.reductionFactorFor(List.of(0.05, 0.2, 1.0)));
        assertEquals(3, Pruners.reductionFactorFor(List.of(0.1, 0.3, 1.0)));
        assertEquals(2, Pruners.reductionFactorFor(List.of(0.5, 1.0)));
        assertEquals(3, Pruners.reductionFactorFor(List.of(1.0)));
        HyperbandPruner hyperband = (HyperbandPruner) Pruners.create("hyperband", List.of(0.05, 0.2, 1.0));
        assertEquals(4, hyperband.reductionFactor());
        // eta = 4 on this ladder: brackets 16:6:3 costing 0.1625, 0.45 and 1.0 of a full training.
        assertEquals((16 * 0.1625 + 6 * 0.45 + 3 * 1.0) / 25, hyperband.expectedCostFraction(List.of(0.05, 0.2, 1.0)),
                1e-9);
    }
}
