package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoSamplerTest {
    private static final SearchSpace NUMERIC = SearchSpace.parse(Map.of(
            "eta", "log(0.01, 0.3)", "depth", "int(2, 10)", "kind", "choice(gbtree, dart)"));
    private static final SearchSpace CATEGORICAL = SearchSpace.parse(Map.of(
            "a", "choice(x, y)", "b", "choice(x, y, z)", "eta", "log(0.01, 0.3)"));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "one numeric objective,            numeric,     1, 0,   gp",
            "late in a long study,             numeric,     1, 200, tpe",
            "several objectives,               numeric,     2, 0,   nsga2",
            "mostly categorical,               categorical, 1, 0,   tpe",
            "conditional (a choice of models), conditional, 1, 0,   tpe",
            "categoricals pinned and the rest numeric, pinned, 1, 0, gp"})
    void choosesBySpaceObjectivesAndPlaceInTheStudy(String label, String shape, int objectives, int trial,
                                                   String expected) {
        assertEquals(expected, AutoSampler.choose(space(shape), objectives, trial).sampler(), label);
    }

    private static SearchSpace space(String shape) {
        return switch (shape) {
            case "numeric" -> NUMERIC;
            case "categorical" -> CATEGORICAL;
            case "conditional" -> SearchSpace.parse(Map.of("model", "choice(a, b)", "a.x", "float(0, 1)",
                    "b.y", "int(1, 5)")).conditionalOn("model");
            case "pinned" -> CATEGORICAL.withFixed(Map.of("a", "x", "b", "z"));
            default -> throw new IllegalArgumentException(shape);
        };
    }

    @Test
    void proposesExactlyWhatTheChosenSamplerProposes() {
        List<Trial> history = new ArrayList<>();
        Sampler auto = new AutoSampler();
        Sampler gp = new GpSampler();
        for (int number = 0; number < 25; number++) {
            SamplingContext context = SamplerDriver.context(NUMERIC, List.copyOf(history), Direction.MINIMIZE, number,
                    11);
            Map<String, Object> proposed = auto.sample(context);
            assertEquals(gp.sample(context), proposed, "trial " + number);
            history.add(SamplerDriver.complete(number, new LinkedHashMap<>(proposed),
                    TestFunctions.number(proposed, "eta") + TestFunctions.number(proposed, "depth")));
        }
    }

    /** A study on a one-float space with these losses, one complete trial each, in number order. */
    private static List<Trial> history(double... losses) {
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            trials.add(SamplerDriver.complete(i, Map.of("x", i / 1000.0), losses[i]));
        }
        return trials;
    }

    private static final SearchSpace ONE_FLOAT = SearchSpace.parse(Map.of("x", "float(0, 1)"));

    private static int stalledAt(List<Trial> trials) {
        return AutoSampler.stalledAt(SamplerDriver.context(ONE_FLOAT, trials, Direction.MINIMIZE, trials.size(), 1));
    }

    /** {@code n} losses from {@code first} falling by {@code step} each. */
    private static double[] falling(int n, double first, double step) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = first - i * step;
        }
        return out;
    }

    private static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }

    @Test
    void handsOverOnceTheBestHasNotReallyImprovedForPatienceTrials() {
        int startup = GpSampler.MIN_STARTUP_TRIALS;
        // Start-up losses 100..91, then the best stays at 91 (worse trials only) for PATIENCE trials.
        double[] flat = new double[AutoSampler.PATIENCE];
        Arrays.fill(flat, 95);
        List<Trial> trials = history(concat(falling(startup, 100, 1), flat));
        assertEquals(startup + AutoSampler.PATIENCE, stalledAt(trials),
                "the first trial after the run of non-improving trials");
        assertEquals(-1, stalledAt(trials.subList(0, trials.size() - 1)), "one trial short of the patience");
    }

    @Test
    void improvementsTooSmallForTheFunctionsScaleDoNotCount() {
        int startup = GpSampler.MIN_STARTUP_TRIALS;
        // The start-up trials' median loss is 95.5 and the best about 91: 1% of that gap is about 0.045, so steps
        // of 0.001 are no progress, and steps of 0.1 are.
        List<Trial> tiny = history(concat(falling(startup, 100, 1), falling(AutoSampler.PATIENCE, 90.999, 0.001)));
        List<Trial> real = history(concat(falling(startup, 100, 1), falling(AutoSampler.PATIENCE, 90.9, 0.1)));
        assertEquals(startup + AutoSampler.PATIENCE, stalledAt(tiny));
        assertEquals(-1, stalledAt(real));
    }

    @Test
    void failedAndInfeasibleTrialsImproveNothing() {
        int startup = GpSampler.MIN_STARTUP_TRIALS;
        List<Trial> trials = new ArrayList<>(history(falling(startup, 100, 1)));
        for (int i = 0; i < AutoSampler.PATIENCE; i++) {
            int number = startup + i;
            // Not finite: counted as a complete trial that did not improve.
            trials.add(SamplerDriver.complete(number, Map.of("x", 0.5), Double.NaN));
        }
        assertEquals(startup + AutoSampler.PATIENCE, stalledAt(trials));
    }

    @Test
    void afterTheHandOverProposesWhatCmaEsContinuingFromThereProposes() {
        double[] flat = new double[AutoSampler.PATIENCE];
        Arrays.fill(flat, 95);
        List<Trial> trials = history(concat(falling(GpSampler.MIN_STARTUP_TRIALS, 100, 1), flat));
        int from = stalledAt(trials);
        SamplingContext context = SamplerDriver.context(ONE_FLOAT, trials, Direction.MINIMIZE, trials.size(), 3);
        assertEquals(CmaEsSampler.continuing(from).sample(context), new AutoSampler().sample(context));
        SamplingContext before = SamplerDriver.context(ONE_FLOAT, trials.subList(0, trials.size() - 1),
                Direction.MINIMIZE, trials.size() - 1, 3);
        assertEquals(new GpSampler().sample(before), new AutoSampler().sample(before));
    }

    @Test
    void isDeterministicForASeed() {
        // Long enough for the hand-over: depth reaches its minimum early, then nothing improves.
        List<Trial> one = SamplerDriver.run(new AutoSampler(), NUMERIC, p -> TestFunctions.number(p, "depth"),
                Direction.MINIMIZE, 60, 5);
        List<Trial> two = SamplerDriver.run(new AutoSampler(), NUMERIC, p -> TestFunctions.number(p, "depth"),
                Direction.MINIMIZE, 60, 5);
        assertTrue(AutoSampler.stalledAt(SamplerDriver.context(NUMERIC, one, Direction.MINIMIZE, 60, 5)) > 0,
                "the study handed over to cmaes");
        assertEquals(one.stream().map(Trial::params).toList(), two.stream().map(Trial::params).toList());
    }

    @Test
    void describesItsPlanInOneLine() {
        assertEquals("Sampler auto: gp (3 mostly numeric parameter(s), 1 objective)",
                AutoSampler.describe(NUMERIC, 1, 60));
        assertTrue(AutoSampler.describe(NUMERIC, 1, 500).endsWith(
                ", then tpe from trial 200 (gp's cost grows with the cube of the trials)"));
        assertEquals("Sampler auto: nsga2 (2 objectives)", AutoSampler.describe(NUMERIC, 2, 60));
    }
}
