package dev.tuner.study;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpaceNarrowingTest {
    private static Trial trial(int n, Map<String, Object> params) {
        return new Trial(n, n, TrialState.COMPLETE, params, new TreeMap<>(), List.of(1.0), Map.of(), null, null,
                null, null);
    }

    @Test
    void numbersNarrowToTheBestTrialsSpanWidenedByTheMarginAndClipped() {
        SearchSpace space = SearchSpace.parse(Map.of("x", "float(0, 10)", "n", "int(0, 100, 5)"));
        List<Trial> best = List.of(trial(0, Map.of("x", 2.0, "n", 40L)), trial(1, Map.of("x", 3.0, "n", 50L)));
        Map<String, String> narrowed = SpaceNarrowing.narrow(space, best, 0.1).describe();
        // x: [2, 3] widened by 0.1 x 10 = 1 each side. n: [40, 50] widened by 10, already on the step.
        assertEquals("float(1, 4)", narrowed.get("x"));
        assertEquals("int(30, 60, 5)", narrowed.get("n"));
        List<Trial> atTheEdge = List.of(trial(0, Map.of("x", 9.5, "n", 0L)));
        Map<String, String> clipped = SpaceNarrowing.narrow(space, atTheEdge, 0.1).describe();
        assertEquals("float(8.5, 10)", clipped.get("x"));
        assertEquals("int(0, 10, 5)", clipped.get("n"));
    }

    @Test
    void logRangesNarrowInLogSpace() {
        SearchSpace space = SearchSpace.parse(Map.of("eta", "log(0.001, 1)", "k", "intlog(1, 1000)"));
        List<Trial> best = List.of(trial(0, Map.of("eta", 0.01, "k", 10L)), trial(1, Map.of("eta", 0.1, "k", 100L)));
        SearchSpace narrowed = SpaceNarrowing.narrow(space, best, 0.1);
        var eta = (dev.tuner.space.FloatDistribution) narrowed.get("eta");
        // log10 span [-2, -1] widened by 0.1 x 3 decades: [10^-2.3, 10^-0.7].
        assertTrue(eta.log());
        assertEquals(Math.pow(10, -2.3), eta.low(), 1e-12);
        assertEquals(Math.pow(10, -0.7), eta.high(), 1e-12);
        var k = (dev.tuner.space.IntDistribution) narrowed.get("k");
        assertTrue(k.log());
        assertEquals((long) Math.floor(Math.pow(10, 0.7)), k.low());
        assertEquals((long) Math.ceil(Math.pow(10, 2.3)), k.high());
    }

    @Test
    void choicesKeepWhatTheBestTrialsTookAndInactiveParametersDrop() {
        SearchSpace space = SearchSpace.parse(Map.of("trainer", "choice(cart, knn, logistic)",
                "cart.maxDepth", "int(1, 10)", "knn.k", "int(1, 30)", "logistic.epochs", "int(1, 9)"))
                .conditionalOn("trainer");
        List<Trial> best = List.of(trial(0, Map.of("trainer", "logistic", "logistic.epochs", 5L)),
                trial(1, Map.of("trainer", "cart", "cart.maxDepth", 4L)));
        SearchSpace narrowed = SpaceNarrowing.narrow(space, best, 0);
        assertEquals("choice(cart, logistic)", narrowed.describe().get("trainer"));
        assertFalse(narrowed.names().contains("knn.k"));
        assertEquals("int(4, 4)", narrowed.describe().get("cart.maxDepth"));
        assertEquals("trainer", narrowed.switchParameter());
        assertThrows(IllegalArgumentException.class, () -> SpaceNarrowing.narrow(space, List.of(), 0.1));
    }

    @Test
    void stagesAreCheckedForOrderNamesAndNumbers() {
        Stage.check(List.of(new Stage("sanity", 3, null), new Stage("coarse", 10, "sobol"),
                new Stage("fine", 5, null), new Stage("refit", null, null)));
        assertThrows(IllegalArgumentException.class, () -> Stage.check(List.of(new Stage("fine", 5, null))));
        assertThrows(IllegalArgumentException.class, () -> Stage.check(List.of(new Stage("coarse", 5, null),
                new Stage("sanity", 5, null))));
        assertThrows(IllegalArgumentException.class, () -> Stage.check(List.of(new Stage("warmup", 5, null))));
        assertThrows(IllegalArgumentException.class, () -> Stage.check(List.of(new Stage("coarse", 0, null))));
        assertThrows(IllegalArgumentException.class, () -> Stage.check(List.of(new Stage("coarse", 5, null),
                new Stage("fine", 5, null).withMargin(2))));
    }
}
