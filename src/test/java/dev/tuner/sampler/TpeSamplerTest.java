package dev.tuner.sampler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TpeSamplerTest {
    private static final int SEEDS = 10;
    private static final int TRIALS = 80;
    private static final SearchSpace LINE = SearchSpace.parse(Map.of("x", "float(0, 1)"));

    static List<TestFunctions.TestFunction> functions() {
        return TestFunctions.standard();
    }

    @ParameterizedTest
    @MethodSource("functions")
    void findsBetterValuesThanRandomSearch(TestFunctions.TestFunction function) {
        double tpe = medianBest(new TpeSampler(), function);
        double random = medianBest(new RandomSampler(), function);
        System.out.printf("%-14s median best of %d seeds x %d trials: tpe %.4f, random %.4f (minimum %.4f)%n",
                function.name(), SEEDS, TRIALS, tpe, random, function.minimum());
        assertTrue(tpe < random, function.name() + ": tpe " + tpe + " vs random " + random);
    }

    @Test
    void proposalsConcentrateAroundTheOptimumAfterStartUp() {
        TestFunctions.TestFunction sphere = TestFunctions.sphere(2);
        List<Double> startUp = new ArrayList<>();
        List<Double> late = new ArrayList<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            List<Trial> trials = SamplerDriver.minimize(new TpeSampler(), sphere, 100, seed);
            trials.subList(0, TpeSampler.DEFAULT_N_STARTUP_TRIALS).forEach(t -> startUp.add(Math.sqrt(t.value())));
            trials.subList(80, 100).forEach(t -> late.add(Math.sqrt(t.value())));
        }
        double startUpDistance = median(startUp);
        double lateDistance = median(late);
        assertTrue(lateDistance < 0.3 * startUpDistance,
                "median distance to the optimum: start-up " + startUpDistance + ", trials 80-99 " + lateDistance);
    }

    @Test
    void maximisesWhenTheFirstObjectiveIsMaximised() {
        TestFunctions.TestFunction sphere = TestFunctions.sphere(2);
        List<Double> late = new ArrayList<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            List<Trial> trials = SamplerDriver.run(new TpeSampler(), sphere.space(), p -> -sphere.evaluate(p),
                    Direction.MAXIMIZE, 60, seed);
            trials.subList(40, 60).forEach(t -> late.add(Math.sqrt(-t.value())));
        }
        // random points of [-5, 5]^2 lie at a median distance of about 3.8 from the origin
        assertTrue(median(late) < 1.5, "median distance of trials 40-59: " + median(late));
    }

    @Test
    void startUpIsRandomSearchUntilTenTrialsAreCompleteOrPruned() {
        // Optuna's count (_get_observation_pairs): every complete or pruned trial, with the parameter or not;
        // failed, running and waiting trials do not count.
        List<Trial> history = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            history.add(SamplerDriver.complete(history.size(), Map.of("x", 0.1 * i), i));
        }
        history.add(SamplerDriver.inState(history.size(), TrialState.FAILED, Map.of("x", 0.5)));
        history.add(SamplerDriver.inState(history.size(), TrialState.RUNNING, Map.of("x", 0.5)));
        history.add(SamplerDriver.inState(history.size(), TrialState.WAITING, Map.of("x", 0.5)));
        SamplingContext context = SamplerDriver.context(LINE, history, Direction.MINIMIZE, history.size(), 3);
        assertEquals(new RandomSampler().sample(context), new TpeSampler().sample(context));

        history.add(SamplerDriver.complete(history.size(), Map.of("y", 0.5), 0));      // lacks the parameter
        SamplingContext tenth = SamplerDriver.context(LINE, history, Direction.MINIMIZE, history.size(), 3);
        assertNotEquals(new RandomSampler().sample(tenth), new TpeSampler().sample(tenth));
    }

    @Test
    void trialsLackingTheParameterOrOutsideItsRangeDoNotFeedItsEstimators() {
        // The best trials lack x or hold a value outside [0, 1]; they take the good group's places (gamma is
        // computed on all 40), so l is the prior alone and g knows only the bad trials near 0.9: proposals avoid 0.9.
        List<Trial> history = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            history.add(SamplerDriver.complete(history.size(), Map.of("y", 0.5), -10));
            history.add(SamplerDriver.complete(history.size(), Map.of("x", 7.0), -10));
        }
        for (int i = 0; i < 36; i++) {
            history.add(SamplerDriver.complete(history.size(), Map.of("x", 0.85 + 0.003 * i), i));
        }
        List<Double> proposals = new ArrayList<>();
        for (int number = 40; number < 80; number++) {
            Map<String, Object> params = new TpeSampler().sample(
                    SamplerDriver.context(LINE, history, Direction.MINIMIZE, number, 1));
            double x = (Double) params.get("x");
            assertTrue(x >= 0 && x <= 1, "proposal " + x);
            proposals.add(x);
        }
        assertTrue(median(proposals) < 0.7, "median proposal " + median(proposals));
    }

    @Test
    void prunedTrialsRankBelowCompleteOnesByBudgetThenValue() {
        Map<String, Object> params = Map.of("x", 0.5);
        List<Trial> trials = List.of(
                SamplerDriver.pruned(0, params, intermediate(0.2, 1.0)),
                SamplerDriver.complete(1, params, 5.0),
                SamplerDriver.pruned(2, params, intermediate(0.2, 3.0, 0.5, 0.9)),
                SamplerDriver.pruned(3, params, new TreeMap<>()),
                SamplerDriver.complete(4, params, 2.0),
                SamplerDriver.pruned(5, params, intermediate(0.2, 2.0, 0.5, 0.4)),
                SamplerDriver.inState(6, TrialState.FAILED, params),
                SamplerDriver.complete(7, params, Double.NaN),
                SamplerDriver.pruned(8, params, intermediate(0.2, Double.NaN, 0.5, Double.NaN)));
        assertEquals(List.of(4, 1, 7, 5, 2, 8, 0, 3), numbers(TpeSampler.rank(trials, Direction.MINIMIZE)));
        // maximising flips the order of values, not the preference for complete trials and higher budgets
        assertEquals(List.of(1, 4, 7, 2, 5, 8, 0, 3), numbers(TpeSampler.rank(trials, Direction.MAXIMIZE)));
    }

    @Test
    void prunedTrialsWithExcellentIntermediateValuesDoNotPullProposalsTowardThem() {
        // Complete trials are best near x = 0.8. Pruned trials sit near x = 0.15 with intermediate values better than
        // any final value; if they were taken for good trials, proposals would go to 0.15.
        List<Trial> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double x = 0.05 + 0.1 * i;
            history.add(SamplerDriver.complete(history.size(), Map.of("x", x), (x - 0.8) * (x - 0.8)));
        }
        for (int i = 0; i < 20; i++) {
            history.add(SamplerDriver.pruned(history.size(), Map.of("x", 0.1 + 0.005 * i), intermediate(0.25, -100.0)));
        }
        List<Double> proposals = new ArrayList<>();
        for (int number = 30; number < 60; number++) {
            Map<String, Object> params = new TpeSampler().sample(
                    SamplerDriver.context(LINE, history, Direction.MINIMIZE, number, 1));
            proposals.add((Double) params.get("x"));
        }
        assertTrue(median(proposals) > 0.5, "median proposal " + median(proposals));
    }

    @Test
    void gammaAndWeightsAreOptunaDefaults() {
        assertEquals(1, TpeSampler.gamma(10));
        assertEquals(2, TpeSampler.gamma(11));
        assertEquals(10, TpeSampler.gamma(100));
        assertEquals(25, TpeSampler.gamma(1000));

        assertArrayEquals(new double[]{1, 1, 1}, TpeSampler.defaultWeights(3));
        double[] thirty = TpeSampler.defaultWeights(30);
        // numpy.linspace(1/30, 1, 5) for the 5 oldest, then 25 ones
        assertArrayEquals(new double[]{1 / 30.0, 0.275, 0.5166666666666667, 0.7583333333333333, 1.0},
                Arrays.copyOf(thirty, 5), 1e-12);
        assertTrue(Arrays.stream(thirty, 5, 30).allMatch(w -> w == 1.0));
        assertEquals(1 / 26.0, TpeSampler.defaultWeights(26)[0], 1e-12);
    }

    @Test
    void parzenBandwidthIsTheWiderGapToNeighboursClippedFromBelow() {
        TruncatedGaussianMixture mixture = TruncatedGaussianMixture.parzenEstimator(
                new double[]{0.1, 0.3, 0.8}, new double[]{1, 1, 1}, 1.0, 0, 1);
        // sorted with the prior mean 0.5: 0.1 0.3 0.5 0.8; the outermost points use their inner gap only
        assertArrayEquals(new double[]{0.1, 0.3, 0.8, 0.5}, mixture.means(), 1e-12);
        assertArrayEquals(new double[]{0.2, 0.2, 0.3, 1.0}, mixture.sigmas(), 1e-12);
        assertArrayEquals(new double[]{0.25, 0.25, 0.25, 0.25}, mixture.weights(), 1e-12);

        // 20 observations on the prior's mean: every gap is 0, so every bandwidth is the lower clip
        double[] clustered = new double[20];
        Arrays.fill(clustered, 5.0);
        double[] sigmas = TruncatedGaussianMixture.parzenEstimator(clustered, TpeSampler.defaultWeights(20), 1.0, 0, 10)
                .sigmas();
        for (int i = 0; i < 20; i++) {
            assertEquals(10.0 / 22, sigmas[i], 1e-12, "magic clip: range / (1 + 21 components)");
        }
    }

    @Test
    void parzenEstimatorIsADensityOnItsRange() {
        TruncatedGaussianMixture mixture = TruncatedGaussianMixture.parzenEstimator(
                new double[]{-1.9, 0.2, 0.25, 2.9}, TpeSampler.defaultWeights(4), 1.0, -2, 3);
        int steps = 20_000;
        double width = 5.0 / steps;
        double integral = 0;
        for (int i = 0; i < steps; i++) {
            integral += Math.exp(mixture.logDensity(-2 + (i + 0.5) * width)) * width;
        }
        assertEquals(1.0, integral, 1e-6);
        assertEquals(0.0, mixture.logMass(-2, 3), 1e-12);
        assertEquals(Math.log(integralOver(mixture, 0, 1)), mixture.logMass(0, 1), 1e-6);
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            double x = mixture.sample(random);
            assertTrue(x >= -2 && x <= 3, "sample " + x);
        }
    }

    @Test
    void bandwidthsAndKernelHeightsMatchOptuna31() throws Exception {
        // Reference: Optuna 3.1's _ParzenEstimator on the same observations (bench/tpe_parity.py wrote the file).
        ObjectMapper json = new ObjectMapper();
        List<String> lines;
        try (var in = TpeSamplerTest.class.getResourceAsStream("optuna31-parzen.jsonl")) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        double[] points = json.treeToValue(json.readTree(lines.get(0)).get("points"), double[].class);
        assertEquals(5, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            JsonNode reference = json.readTree(line);
            double[] observations = json.treeToValue(reference.get("observations"), double[].class);
            TruncatedGaussianMixture mixture = TruncatedGaussianMixture.parzenEstimator(observations,
                    TpeSampler.defaultWeights(observations.length), TpeSampler.PRIOR_WEIGHT, -5, 5);
            assertArrayEquals(json.treeToValue(reference.get("sigmas"), double[].class), mixture.sigmas(), 1e-12);
            double[] logPdf = json.treeToValue(reference.get("logPdf"), double[].class);
            for (int i = 0; i < points.length; i++) {
                assertEquals(logPdf[i], mixture.logKernelHeights(points[i]), 1e-9,
                        observations.length + " observations, x = " + points[i]);
            }
        }
    }

    @Test
    void equalObservationsGetOptuna31Bandwidths() throws Exception {
        // Reference: numpy 1.24's np.argsort and Optuna 3.1's _ParzenEstimator of an int parameter observed many
        // times (bench/tpe_ties_parity.py wrote the file). Which of several equal observations takes the wide
        // bandwidth follows numpy's unstable quicksort; taking them in trial order made g(x) differ from Optuna's.
        ObjectMapper json = new ObjectMapper();
        List<String> lines;
        try (var in = TpeSamplerTest.class.getResourceAsStream("optuna31-ties.jsonl")) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        int argsorts = 0;
        int estimators = 0;
        for (String line : lines.subList(1, lines.size())) {
            JsonNode reference = json.readTree(line);
            if (reference.has("argsort")) {
                double[] values = json.treeToValue(reference.get("argsort"), double[].class);
                assertArrayEquals(json.treeToValue(reference.get("order"), int[].class),
                        SortedOrder.numpyArgsort(values), values.length + " values");
                argsorts++;
            } else {
                double[] observations = json.treeToValue(reference.get("intObservations"), double[].class);
                TruncatedGaussianMixture mixture = TruncatedGaussianMixture.parzenEstimator(observations,
                        TpeSampler.defaultWeights(observations.length), TpeSampler.PRIOR_WEIGHT, 0.5, 20.5);
                assertArrayEquals(json.treeToValue(reference.get("sigmas"), double[].class), mixture.sigmas(),
                        1e-12, observations.length + " observations");
                double[] logPdf = json.treeToValue(reference.get("logPdf"), double[].class);
                for (int v = 1; v <= 20; v++) {
                    assertEquals(logPdf[v - 1], mixture.logMass(v - 0.5, v + 0.5), 1e-9,
                            observations.length + " observations, value " + v);
                }
                estimators++;
            }
        }
        assertEquals(8, argsorts);
        assertEquals(3, estimators);
    }

    @Test
    void kernelHeightsAreTheDensityWithEachComponentScaledByItsSigma() {
        double[] observations = {-1.9, 0.2, 0.25, 2.9};
        TruncatedGaussianMixture mixture = TruncatedGaussianMixture.parzenEstimator(observations,
                TpeSampler.defaultWeights(4), 1.0, -2, 3);
        // with a single component the two differ by exactly log(sigma)
        TruncatedGaussianMixture single = new TruncatedGaussianMixture(-2, 3, new double[]{0.5}, new double[]{0.7},
                new double[]{1});
        assertEquals(single.logDensity(1.1) + Math.log(0.7), single.logKernelHeights(1.1), 1e-12);
        // with unequal sigmas the gap varies with x: not a constant shift, so l/g ratios (and proposals) change
        double shift = mixture.logKernelHeights(0.0) - mixture.logDensity(0.0);
        assertNotEquals(shift, mixture.logKernelHeights(2.0) - mixture.logDensity(2.0), 1e-6);
    }

    @Test
    void smoothedChoiceCountsFollowOptunasCategoricalEstimator() {
        // one observation of choice 0 among 3: kernel (1 + 1/2, 1/2, 1/2) / 2.5, uniform prior, equal weights
        assertArrayEquals(new double[]{7 / 15.0, 4 / 15.0, 4 / 15.0},
                TpeSampler.smoothedChoiceProbabilities(new double[]{0}, 3), 1e-12);
        assertArrayEquals(new double[]{0.25, 0.25, 0.25, 0.25},
                TpeSampler.smoothedChoiceProbabilities(new double[0], 4), 1e-12);
        double[] skewed = TpeSampler.smoothedChoiceProbabilities(new double[]{2, 2, 2, 1}, 3);
        assertEquals(1.0, Arrays.stream(skewed).sum(), 1e-12);
        assertTrue(skewed[2] > skewed[1] && skewed[1] > skewed[0] && skewed[0] > 0);
    }

    private static double integralOver(TruncatedGaussianMixture mixture, double from, double to) {
        int steps = 20_000;
        double width = (to - from) / steps;
        double integral = 0;
        for (int i = 0; i < steps; i++) {
            integral += Math.exp(mixture.logDensity(from + (i + 0.5) * width)) * width;
        }
        return integral;
    }

    private static double medianBest(Sampler sampler, TestFunctions.TestFunction function) {
        List<Double> bests = new ArrayList<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            bests.add(SamplerDriver.best(SamplerDriver.minimize(sampler, function, TRIALS, seed), Direction.MINIMIZE));
        }
        return median(bests);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private static TreeMap<Double, Double> intermediate(double... budgetsAndValues) {
        TreeMap<Double, Double> map = new TreeMap<>();
        for (int i = 0; i < budgetsAndValues.length; i += 2) {
            map.put(budgetsAndValues[i], budgetsAndValues[i + 1]);
        }
        return map;
    }

    private static List<Integer> numbers(List<Trial> trials) {
        return trials.stream().map(Trial::number).toList();
    }
}
