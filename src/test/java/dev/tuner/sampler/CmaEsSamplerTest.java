package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CmaEsSamplerTest {

    @Test
    void aGenerationIsToldOnlyWhenAllItsTrialsAreComplete() {
        TestFunctions.TestFunction sphere = TestFunctions.sphere(2);
        List<Trial> history = new ArrayList<>(SamplerDriver.minimize(new CmaEsSampler(), sphere, 5, 1));
        assertEquals(6, strategy(sphere.space(), history).lambda, "4 + floor(3 ln 2)");
        // A failed trial is not told: five complete trials are still less than a generation.
        history.add(SamplerDriver.inState(5, TrialState.FAILED, Map.of("x0", 4.0, "x1", 4.0)));
        assertEquals(List.of(0.5, 0.5), mean(sphere.space(), history), "the centre of the cube");
        history.add(SamplerDriver.complete(6, Map.of("x0", 1.0, "x1", 1.0), 2.0));
        assertTrue(mean(sphere.space(), history).get(0) != 0.5, "the mean moved after a full generation");
    }

    @Test
    void aRunStuckOnAPlateauRestartsWithTwiceThePopulation() {
        SearchSpace space = SearchSpace.parse(Map.of("x", "float(0, 1)", "y", "float(0, 1)"));
        List<Trial> trials = SamplerDriver.run(new CmaEsSampler(), space, p -> 1.0, Direction.MINIMIZE,
                6 * (CmaEsSampler.FLAT_GENERATIONS + 1), 3);
        assertEquals(12, strategy(space, trials).lambda);
    }

    @Test
    void integersKeepMovingThanksToTheMargin() {
        SearchSpace space = SearchSpace.parse(Map.of("a", "int(0, 3)", "b", "int(0, 3)", "x", "float(-1, 1)"));
        List<Trial> trials = SamplerDriver.run(new CmaEsSampler(), space,
                p -> TestFunctions.number(p, "x") * TestFunctions.number(p, "x")
                        + Math.abs(TestFunctions.number(p, "a") - 2), Direction.MINIMIZE, 150, 5);
        Set<Object> late = new HashSet<>();
        trials.subList(100, 150).forEach(t -> late.add(t.params().get("b")));
        assertTrue(late.size() > 1, "b took only " + late + " in trials 100-149");
    }

    @Test
    void choicesAreProposedByTheIndependentSampler() {
        TestFunctions.TestFunction mixed = TestFunctions.mixed();
        List<Trial> trials = SamplerDriver.minimize(new CmaEsSampler(), mixed, 80, 2);
        long best = trials.subList(40, 80).stream().filter(t -> t.params().get("kind").equals("b")).count();
        assertTrue(best > 20, "kind=b (the best choice) in " + best + " of trials 40-79");
    }

    @Test
    void aContinuedRunStartsAtTheBestEarlierTrialWithTheSpreadOfTheBestOnes() {
        SearchSpace space = SearchSpace.parse(Map.of("x", "float(0, 1)", "y", "float(0, 1)"));
        List<Trial> history = new ArrayList<>();
        // Six trials by another sampler: the best at (0.8, 0.2), the other five at distance 0.1 along one axis
        // (λ = 6 in two dimensions, so all six are "the best ones").
        history.add(SamplerDriver.complete(0, Map.of("x", 0.8, "y", 0.2), 0.0));
        for (int i = 1; i < 6; i++) {
            history.add(SamplerDriver.complete(i, Map.of("x", 0.9, "y", 0.2), i));
        }
        CubeEncoding encoding = new CubeEncoding(space.distributions());
        CmaEsSampler.Strategy continued = CmaEsSampler.replay(encoding, encoding.observe(SamplerDriver.context(space,
                history, Direction.MINIMIZE, 6, 1)), 1, 6);
        assertEquals(0.8, continued.mean[0], 1e-12);
        assertEquals(0.2, continued.mean[1], 1e-12);
        // Root-mean-square distance per coordinate: sqrt(5 * 0.1² / (6 * 2)).
        assertEquals(Math.sqrt(5 * 0.01 / 12), continued.sigma, 1e-12);
    }

    @Test
    void aContinuedRunTellsOnlyItsOwnTrials() {
        TestFunctions.TestFunction sphere = TestFunctions.sphere(2);
        List<Trial> before = SamplerDriver.minimize(new RandomSampler(), sphere, 30, 4);
        List<Trial> history = new ArrayList<>(before);
        Sampler continued = CmaEsSampler.continuing(30);
        for (int number = 30; number < 36; number++) {
            Map<String, Object> params = continued.sample(SamplerDriver.context(sphere.space(), history,
                    Direction.MINIMIZE, number, 4));
            history.add(SamplerDriver.complete(number, params, sphere.evaluate(params)));
        }
        CubeEncoding encoding = new CubeEncoding(sphere.space().distributions());
        CmaEsSampler.Strategy afterOwnGeneration = CmaEsSampler.replay(encoding, encoding.observe(
                SamplerDriver.context(sphere.space(), history, Direction.MINIMIZE, 36, 4)), 4, 30);
        CmaEsSampler.Strategy beforeIt = CmaEsSampler.replay(encoding, encoding.observe(
                SamplerDriver.context(sphere.space(), before, Direction.MINIMIZE, 30, 4)), 4, 30);
        assertTrue(afterOwnGeneration.mean[0] != beforeIt.mean[0], "its own generation of six moved the mean");
    }

    private static List<Double> mean(SearchSpace space, List<Trial> history) {
        double[] m = strategy(space, history).mean;
        return List.of(m[0], m[1]);
    }

    /** The strategy a proposal after {@code history} draws from (seed 1). */
    private static CmaEsSampler.Strategy strategy(SearchSpace space, List<Trial> history) {
        CubeEncoding encoding = new CubeEncoding(space.distributions());
        return CmaEsSampler.replay(encoding, encoding.observe(SamplerDriver.context(space, history,
                Direction.MINIMIZE, history.size(), 1)), 1);
    }
}
