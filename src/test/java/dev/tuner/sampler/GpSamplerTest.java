package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpSamplerTest {
    private static final int SEEDS = 5;

    @Test
    void theHyperparameterGradientIsTheDerivativeOfTheObjective() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 15;
        boolean[] categorical = {false, false, true};
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[]{random.nextDouble(), random.nextDouble(), random.nextInt(3)};
            y[i] = Math.sin(5 * x[i][0]) + x[i][1] * x[i][1] + 0.3 * x[i][2] + 0.05 * random.nextGaussian();
        }
        double[][][] distances = GaussianProcess.squaredDistancesPerAxis(x, categorical);
        double[] raw = {0.3, -0.7, 0.1, 0.2, Math.log(0.05)};
        double[] gradient = new double[raw.length];
        GaussianProcess.negativeLogPosterior(raw, distances, y, gradient);
        for (int k = 0; k < raw.length; k++) {
            double numeric = centralDifference(z -> GaussianProcess.negativeLogPosterior(z, distances, y,
                    new double[raw.length]), raw, k);
            assertEquals(numeric, gradient[k], 1e-5 * Math.max(1, Math.abs(numeric)), "parameter " + k);
        }
    }

    @Test
    void theAcquisitionGradientIsTheDerivativeOfTheLogExpectedImprovement() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 12;
        boolean[] categorical = {false, false};
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[]{random.nextDouble(), random.nextDouble()};
            y[i] = -(x[i][0] - 0.3) * (x[i][0] - 0.3) - (x[i][1] - 0.6) * (x[i][1] - 0.6);
        }
        GaussianProcess gp = new GaussianProcess(x, y, categorical, GaussianProcess.fit(x, y, categorical));
        // A best far above the data puts z deep in the lower tail, where the expected improvement itself underflows.
        for (double best : new double[]{Arrays.stream(y).max().orElseThrow(), 40}) {
            GpSampler.Acquisition acquisition = new GpSampler.Acquisition(gp, best, categorical);
            double[] q = {0.77, 0.21};
            double[] gradient = new double[2];
            double value = acquisition.valueAndGradient(q, gradient);
            assertTrue(Double.isFinite(value), "log EI " + value);
            for (int k = 0; k < 2; k++) {
                double numeric = centralDifference(acquisition::value, q, k);
                assertEquals(numeric, gradient[k], 1e-4 * Math.max(1, Math.abs(numeric)), "best " + best + ", axis " + k);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-4.9, -5.1, -8, -19.9, -20.1, -40, -300})
    void logExpectedImprovementIsContinuousAcrossItsBranches(double z) {
        double[] h = GpSampler.logH(z);
        double[] nearby = GpSampler.logH(z + 1e-7);
        assertTrue(Double.isFinite(h[0]) && h[1] > 0, Arrays.toString(h));
        assertEquals(h[1], (nearby[0] - h[0]) / 1e-7, 1e-3 * h[1], "derivative at " + z);
    }

    @Test
    void aRunningTrialIsNotProposedAgain() {
        TestFunctions.TestFunction sphere = TestFunctions.sphere(2);
        List<Trial> history = new ArrayList<>(SamplerDriver.minimize(new GpSampler(), sphere, 20, 4));
        Map<String, Object> first = new GpSampler().sample(SamplerDriver.context(sphere.space(), history,
                Direction.MINIMIZE, 20, 4));
        history.add(SamplerDriver.inState(20, TrialState.RUNNING, first));
        Map<String, Object> second = new GpSampler().sample(SamplerDriver.context(sphere.space(), history,
                Direction.MINIMIZE, 21, 4));
        double distance = Math.hypot(TestFunctions.number(first, "x0") - TestFunctions.number(second, "x0"),
                TestFunctions.number(first, "x1") - TestFunctions.number(second, "x1"));
        assertTrue(distance > 0.05, first + " then " + second);
    }

    /**
     * A bowl next to a cliff, like a learning rate too small to learn anything: without clipping the cliff's losses,
     * they set the scale of the standardised losses, the bowl is a sliver of it and the model misses its bottom.
     */
    @Test
    void aCliffOfDisastrousTrialsDoesNotHideTheBowl() {
        SearchSpace space = SearchSpace.parse(Map.of("a", "float(0, 1)", "b", "float(0, 1)"));
        ToDoubleFunction<Map<String, Object>> cliff = p -> {
            double a = TestFunctions.number(p, "a");
            double b = TestFunctions.number(p, "b");
            return (a - 0.7) * (a - 0.7) + (b - 0.3) * (b - 0.3) + (a < 0.25 ? 100 * (0.25 - a) / 0.25 : 0);
        };
        List<Double> best = new ArrayList<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            best.add(SamplerDriver.best(SamplerDriver.run(new GpSampler(), space, cliff, Direction.MINIMIZE, 30, seed),
                    Direction.MINIMIZE));
        }
        // the bowl's bottom is 0; a hundredth of the space's width from it is a loss of 1e-4
        assertTrue(SamplerQuality.median(best) < 1e-4, "best " + best);
    }

    /**
     * Noisy observations of a bowl: the improvement is measured from the model's best mean at a scored point, not
     * from the luckiest observation, which no point can be expected to beat; the search then settles near the
     * bottom instead of roaming, and the best-looking trial is truly good.
     */
    @Test
    void underNoiseTheBestLookingTrialIsTrulyGood() {
        SearchSpace space = SearchSpace.parse(Map.of("a", "float(0, 1)", "b", "float(0, 1)"));
        double noise = 0.03;
        ToDoubleFunction<Map<String, Object>> bowl = p -> {
            double a = TestFunctions.number(p, "a");
            double b = TestFunctions.number(p, "b");
            return (a - 0.7) * (a - 0.7) + (b - 0.3) * (b - 0.3);
        };
        List<Double> truth = new ArrayList<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            SplittableRandom random = new SplittableRandom(seed + 100);
            List<Trial> trials = SamplerDriver.run(new GpSampler(), space,
                    p -> bowl.applyAsDouble(p) + noise * random.nextGaussian(), Direction.MINIMIZE, 30, seed);
            Trial chosen = trials.stream().min(java.util.Comparator.comparingDouble(Trial::value)).orElseThrow();
            truth.add(bowl.applyAsDouble(chosen.params()));
        }
        // within a tenth of the noise's standard deviation of the bottom
        assertTrue(SamplerQuality.median(truth) < 0.1 * noise, "true losses " + truth);
    }

    /**
     * Log expected improvement is highest where the model knows least, at the faces of the cube: a search that lets
     * its refinement travel there puts many coordinates on a bound, although each minimum here is inside. Counted over
     * the model's proposals (after the start-up).
     */
    @ParameterizedTest
    @ValueSource(strings = {"ellipsoid-10d", "sphere-5d", "hartmann-6d"})
    void theProposalsDoNotPileOnTheBoundsOfTheSpace(String name) {
        TestFunctions.TestFunction function = TestFunctions.named(name);
        CubeEncoding encoding = new CubeEncoding(function.space().distributions());
        assertEquals(function.space().size(), encoding.dimension());
        int onBound = 0;
        int coordinates = 0;
        for (long seed = 0; seed < 3; seed++) {
            for (Trial trial : SamplerDriver.minimize(new GpSampler(), function, 40, seed)) {
                if (trial.number() < Math.max(GpSampler.MIN_STARTUP_TRIALS, encoding.dimension() + 1)) {
                    continue;
                }
                double[] point = encoding.encode(trial.params());
                for (double unit : point) {
                    onBound += unit < 0.01 || unit > 0.99 ? 1 : 0;
                    coordinates++;
                }
            }
        }
        // uniform proposals would put 2% there; TPE puts 1 to 4%
        assertTrue(onBound < 0.10 * coordinates, onBound + " of " + coordinates + " coordinates within 1% of a bound");
    }

    /** The centre of every kind of range: the middle, the geometric middle of a log scale, the middle choice. */
    @Test
    void theCentreOfASpaceIsTheMiddleOfEachRange() {
        SearchSpace space = SearchSpace.parse(Map.of("f", "float(-2, 4)", "l", "log(0.001, 10)", "i", "int(1, 9)",
                "c", "choice(a, b, c)"));
        Map<String, Object> centre = GpSampler.centre(space.distributions());
        assertEquals(1.0, (double) centre.get("f"), 1e-12);
        assertEquals(0.1, (double) centre.get("l"), 1e-12);
        assertEquals(5, ((Number) centre.get("i")).intValue());
        assertEquals("b", centre.get("c"));
    }

    /** An objective gives the same value for the same parameters: a repeated trial is a wasted one. */
    @Test
    void aScoredPointIsNotProposedAgain() {
        // optimum on the boundary of a small integer space, where rounding keeps landing on the best trial
        SearchSpace space = SearchSpace.parse(Map.of("k", "int(0, 30)", "m", "int(0, 5)"));
        ToDoubleFunction<Map<String, Object>> f = p -> Math.pow(((Number) p.get("k")).doubleValue() - 30, 2)
                + ((Number) p.get("m")).doubleValue();
        for (long seed = 0; seed < SEEDS; seed++) {
            List<Trial> trials = SamplerDriver.run(new GpSampler(), space, f, Direction.MINIMIZE, 30, seed);
            assertEquals(trials.size(), trials.stream().map(Trial::params).distinct().count(), "seed " + seed);
        }
    }

    @Test
    void maximisesWhenTheObjectiveIsMaximised() {
        TestFunctions.TestFunction sphere = TestFunctions.sphere(2);
        List<Double> best = new ArrayList<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            List<Trial> trials = SamplerDriver.run(new GpSampler(), sphere.space(), p -> -sphere.evaluate(p),
                    Direction.MAXIMIZE, 30, seed);
            best.add(-SamplerDriver.best(trials, Direction.MAXIMIZE));
        }
        // the best of 30 random points of [-5, 5]^2 has a median squared norm of about 1
        assertTrue(SamplerQuality.median(best) < 0.1, "median best " + best);
    }

    @Test
    void theStartUpTrialsAreTheCentreThenSobolPoints() {
        TestFunctions.TestFunction sphere = TestFunctions.sphere(2);
        List<Trial> gp = SamplerDriver.minimize(new GpSampler(), sphere, GpSampler.MIN_STARTUP_TRIALS, 9);
        List<Trial> sobol = SamplerDriver.minimize(new SobolSampler(), sphere, GpSampler.MIN_STARTUP_TRIALS, 9);
        assertEquals(Map.of("x0", 0.0, "x1", 0.0), gp.get(0).params(), "the centre of [-5, 5]^2");
        assertEquals(sobol.stream().skip(1).map(Trial::params).toList(),
                gp.stream().skip(1).map(Trial::params).toList());
        List<Trial> next = SamplerDriver.minimize(new GpSampler(), sphere, GpSampler.MIN_STARTUP_TRIALS + 1, 9);
        assertNotEquals(new SobolSampler().sample(SamplerDriver.context(sphere.space(), sobol, Direction.MINIMIZE,
                GpSampler.MIN_STARTUP_TRIALS, 9)), next.get(GpSampler.MIN_STARTUP_TRIALS).params());
    }

    private static double centralDifference(java.util.function.ToDoubleFunction<double[]> f, double[] at, int k) {
        double h = 1e-6;
        double[] plus = at.clone();
        double[] minus = at.clone();
        plus[k] += h;
        minus[k] -= h;
        return (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
    }
}
