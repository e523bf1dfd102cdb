package dev.tuner.tribuo;

import dev.tuner.sampler.Samplers;
import dev.tuner.trial.Constraint;
import dev.tuner.study.Objective;
import dev.tuner.study.StudyFailedException;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import dev.tuner.tuning.StudyOptions;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningOutcome;
import dev.tuner.tuning.TuningRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code <params>} pins parameters in every trial, whatever the sampler, while the rest of the space is tuned; the
 * sweep's baseline is {@code <sweepBaseline>}; a constraint on a metric a project's objective never returns stops
 * the study with a message naming the constraint.
 */
class PinnedParamsTest {
    @TempDir
    Path dir;

    static Set<String> samplers() {
        return Samplers.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplers")
    void pinnedParametersStayFixedWhileTheRestIsTuned(String sampler) throws Exception {
        Map<String, String> pins = Map.of("minImpurityDecrease", "0.01", "impurity", "entropy");
        List<Trial> trials = Tuning.run(request(sampler, 5, pins, Map.of()), null).result().trials();
        assertTrue(trials.size() > 1, sampler + ": " + trials.size() + " trials");
        Set<Object> tuned = new HashSet<>();
        for (Trial t : trials) {
            assertEquals(TrialState.COMPLETE, t.state(), t.message());
            assertEquals(0.01, ((Number) t.params().get("minImpurityDecrease")).doubleValue(), sampler + " " + t.params());
            assertEquals("entropy", t.params().get("impurity"), sampler + " " + t.params());
            tuned.add(List.of(t.params().get("maxDepth"), t.params().get("minChildWeight")));
        }
        assertEquals(trials.size(), tuned.size(), sampler + " repeated a configuration: " + tuned);
    }

    @Test
    void aPinOfAParameterOfTheSpaceWinsAndIsReported() throws Exception {
        List<String> log = new java.util.ArrayList<>();
        TuningOutcome outcome = Tuning.run(request("tpe", 4, Map.of("minChildWeight", "3.0"), Map.of()),
                new dev.tuner.study.StudyListener() {
                    @Override
                    public void info(String message) {
                        log.add(message);
                    }
                });
        for (Trial t : outcome.result().trials()) {
            assertEquals(3.0, ((Number) t.params().get("minChildWeight")).doubleValue(), t.params().toString());
        }
        // Said before the first trial, with the other notes on the configuration.
        assertTrue(log.stream().anyMatch(l -> l.startsWith("<params> pins [minChildWeight], which"
                + " <searchSpace> also lists")), log.toString());
    }

    @Test
    void theSweepsBaselineIsItsOwnElementAndTheOldUseIsNamed() throws Exception {
        TuningOutcome outcome = Tuning.run(request("sweep", 3, Map.of(), Map.of("maxDepth", "5")), null);
        assertEquals(5L, outcome.result().trials().get(0).params().get("maxDepth"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tuning.run(request("sweep", 3, Map.of("maxDepth", "5"), Map.of()), null));
        assertEquals("params/maxDepth = 5: params pins a parameter for every trial and no longer sets the sweep's"
                + " baseline; write it as sweepBaseline/maxDepth instead", e.getMessage());
    }

    @Test
    void pinningEveryParameterOfTheSpaceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tuning.run(request("tpe", 3, Map.of("maxDepth", "4", "minChildWeight", "2"), Map.of()), null));
        assertTrue(e.getMessage().startsWith("params: pins every parameter of the search space [maxDepth, "
                + "minChildWeight]: nothing is left to tune"), e.getMessage());
    }

    @Test
    void aConstraintOnAMetricTheObjectiveNeverReturnsStopsTheStudy() {
        TuningRequest request = new TuningRequest(null, null, ScoreObjective.class.getName(),
                getClass().getClassLoader(), Map.of("x", "float(0, 1)"), List.of("score:max"), 20, "random", "none",
                List.of(1.0), 1, 1, 42, dir.resolve("custom.db").toString(), "custom", null,
                new StudyOptions(List.of(new Constraint("latency", null, 5.0)), List.of(), Map.of(), Map.of(), 20, 5,
                        List.of()));
        StudyFailedException e = assertThrows(StudyFailedException.class, () -> Tuning.run(request, null));
        assertTrue(e.getMessage().contains("constraints/constraint/metric = latency: " + ScoreObjective.class.getName()
                + " returns no 'latency' (it returned [score]); constrain a metric it returns"), e.getMessage());
    }

    /** A project's objective: one metric, {@code score}. */
    public static final class ScoreObjective implements Objective {
        @Override
        public Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) {
            return Map.of("score", ((Number) params.get("x")).doubleValue());
        }
    }

    private TuningRequest request(String sampler, int trials, Map<String, String> pins, Map<String, String> baseline) {
        return new TuningRequest(new DatasetSpec(TestData.resource("iris.csv").toFile(), "label", 0.2, null), "cart",
                null, null, Map.of("maxDepth", "int(1, 8)", "minChildWeight", "float(1, 10)"), List.of(), trials,
                sampler, "none", List.of(1.0), 2, 1, 42, dir.resolve(sampler + ".db").toString(), "pins-" + sampler,
                null, new StudyOptions(List.of(), List.of(), pins, baseline, 20, 5, List.of()));
    }
}
