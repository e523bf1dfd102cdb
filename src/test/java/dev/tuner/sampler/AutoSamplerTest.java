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
            "several objectives,               numeric,     2, 0,   motpe",
            "several objectives in a long study, numeric,     2, 200, nsga2",
            "several mostly categorical objectives, categorical, 3, 10,  motpe",
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

    /** {@code n} losses alternating between {@code far} and a slow fall from {@code first} by {@code step}. */
    private static double[] scattered(int n, double far, double first, double step) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i % 2 == 0 ? far : first - (i / 2) * step;
        }
        return out;
    }

    @ParameterizedTest(name = "steps of {0}: hands over {1}")
    @CsvSource({"0.001, true", "0.1, false"})
    void whileProposalsScatterOnlyImprovementsOnTheFunctionsScaleCount(double step, boolean handsOver) {
        int startup = GpSampler.MIN_STARTUP_TRIALS;
        // The start-up trials' median loss is 95.5 and the best about 91: 1% of that gap is about 0.045, so steps of
        // 0.001 are no progress and steps of 0.1 are; every other trial scores 95, so the last trials' median stays
        // far above the best (more than 30% of the gap).
        List<Trial> trials = history(concat(falling(startup, 100, 1),
                scattered(AutoSampler.PATIENCE, 95, 90.999, step)));
        assertEquals(handsOver ? startup + AutoSampler.PATIENCE : -1, stalledAt(trials));
    }

    @Test
    void smallStepsCloseToTheBestAreRefinementNotAStall() {
        int startup = GpSampler.MIN_STARTUP_TRIALS;
        // As along a valley: every trial a little better than the last, all of them close to the best.
        List<Trial> trials = history(concat(falling(startup, 100, 1), falling(3 * AutoSampler.PATIENCE, 90.999,
                0.001)));
        assertEquals(-1, stalledAt(trials));
    }

    @Test
    void aLargerSpaceIsGivenMorePatience() {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            entries.put("x" + i, "float(0, 1)");
        }
        SearchSpace tenFloats = SearchSpace.parse(entries);
        int patience = AutoSampler.patience(tenFloats);
        assertEquals(30, patience, "3 trials per parameter");
        int startup = 11; // gp's start-up in 10 dimensions
        double[] flat = new double[patience];
        Arrays.fill(flat, 95);
        List<Trial> trials = new ArrayList<>();
        double[] losses = concat(falling(startup, 100, 1), flat);
        for (int i = 0; i < losses.length; i++) {
            Map<String, Object> params = new LinkedHashMap<>();
            for (int d = 0; d < 10; d++) {
                params.put("x" + d, i / 1000.0);
            }
            trials.add(SamplerDriver.complete(i, params, losses[i]));
        }
        assertEquals(startup + patience, AutoSampler.stalledAt(SamplerDriver.context(tenFloats, trials,
                Direction.MINIMIZE, trials.size(), 1)));
        List<Trial> shorter = trials.subList(0, startup + AutoSampler.PATIENCE);
        assertEquals(-1, AutoSampler.stalledAt(SamplerDriver.context(tenFloats, shorter, Direction.MINIMIZE,
                shorter.size(), 1)), "20 trials without progress are not yet a stall in 10 dimensions");
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
    void pastTrial200AStalledStudyStaysWithCmaEsAndAnotherGoesToTpe() {
        int startup = GpSampler.MIN_STARTUP_TRIALS;
        double[] flat = new double[AutoSampler.GP_TRIALS + 10 - startup];
        Arrays.fill(flat, 95);
        List<Trial> stalled = history(concat(falling(startup, 100, 1), flat));
        SamplingContext late = SamplerDriver.context(ONE_FLOAT, stalled, Direction.MINIMIZE, stalled.size(), 3);
        assertEquals(CmaEsSampler.continuing(stalledAt(stalled)).sample(late), new AutoSampler().sample(late));
        List<Trial> improving = history(falling(AutoSampler.GP_TRIALS + 10, 1000, 1));
        SamplingContext lateImproving = SamplerDriver.context(ONE_FLOAT, improving, Direction.MINIMIZE,
                improving.size(), 3);
        assertEquals(new TpeSampler().sample(lateImproving), new AutoSampler().sample(lateImproving));
    }

    /**
     * A finite space: no configuration is measured twice (a built-in trainer scores it the same again), whichever
     * sampler auto delegates to (gp for ints, tpe for choices), and the study ends once each has been measured.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "depth=int(1, 8)|8",
            "depth=int(2, 20, 6)|4",
            "opt=choice(adagrad, adam, rmsprop, sgd);scale=choice(true, false);batch=choice(1, 8, 32)|24",
            "depth=int(1, 4);kind=choice(a, b, c)|12"})
    void aFiniteSpaceIsMeasuredOnceEachThenEnds(String entries, int points) {
        Map<String, String> written = new LinkedHashMap<>();
        for (String entry : entries.split(";")) {
            written.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
        }
        SearchSpace space = SearchSpace.parse(written);
        assertEquals(java.util.OptionalLong.of(points), new AutoSampler().capacity(space));
        List<Trial> trials = SamplerDriver.run(new AutoSampler(), space, p -> p.toString().hashCode() % 7,
                Direction.MINIMIZE, points, 11);
        assertEquals(points, trials.stream().map(t -> new java.util.TreeMap<>(t.params()).toString()).distinct()
                .count(), trials.toString());
        assertEquals(java.util.OptionalLong.empty(), new AutoSampler().capacity(ONE_FLOAT));
    }

    /** After the study, the log says where auto left gp, which the plan line could only promise. */
    @Test
    void saysWhereItHandedOver() {
        int startup = GpSampler.MIN_STARTUP_TRIALS;
        double[] flat = new double[40];
        Arrays.fill(flat, 95);
        List<Trial> stalled = history(concat(falling(startup, 100, 1), flat));
        int at = stalledAt(stalled);
        assertEquals(java.util.Optional.of("Sampler auto: cmaes from trial #" + at + " on, from the best trial, after"
                + " 20 complete trials in a row without progress; gp before it"), new AutoSampler().handOver(ONE_FLOAT,
                List.of(Direction.MINIMIZE), stalled, List.of()));
        List<Trial> improving = history(falling(AutoSampler.GP_TRIALS + 10, 1000, 1));
        assertEquals(java.util.Optional.of("Sampler auto: tpe from trial #200 on; gp before it"),
                new AutoSampler().handOver(ONE_FLOAT, List.of(Direction.MINIMIZE), improving, List.of()));
        assertEquals(java.util.Optional.empty(), new AutoSampler().handOver(ONE_FLOAT, List.of(Direction.MINIMIZE),
                history(falling(30, 100, 1)), List.of()));
        assertEquals(java.util.Optional.empty(), new AutoSampler().handOver(ONE_FLOAT,
                List.of(Direction.MINIMIZE, Direction.MINIMIZE), stalled, List.of()));
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
        assertEquals("Sampler auto: gp (3 free parameter(s), 1 of them categorical, 1 objective); cmaes from the"
                + " best trial on once, past"
                + " gp's 10 start-up trials, 20 complete trials in a row bring no progress",
                new AutoSampler().describe(NUMERIC, 1, 60));
        SearchSpace mixed = SearchSpace.parse(Map.of("x", "float(0, 1)", "kind", "choice(a, b)"));
        assertTrue(new AutoSampler().describe(mixed, 1, 60).startsWith(
                "Sampler auto: gp (2 free parameter(s), 1 of them categorical, 1 objective)"));
        assertTrue(new AutoSampler().describe(NUMERIC, 1, 500).endsWith(
                ", else tpe from trial 200 (gp's cost grows with the cube of the trials)"));
        assertEquals("Sampler auto: motpe (2 objectives)", new AutoSampler().describe(NUMERIC, 2, 60));
        assertEquals("Sampler auto: motpe (2 objectives); nsga2 from trial 200, from the generations motpe proposed",
                new AutoSampler().describe(NUMERIC, 2, 400));
    }

    /**
     * For an estimated objective (a trainer's cross-validated metric) a stall does not hand over: the study that
     * makes the exact objective's auto switch to cmaes gets gp's proposal, and neither the plan nor the summary
     * line promise or report cmaes.
     */
    @Test
    void anEstimatedObjectiveKeepsGpThroughAStall() {
        double[] flat = new double[40];
        Arrays.fill(flat, 95);
        List<Trial> stalled = history(concat(falling(GpSampler.MIN_STARTUP_TRIALS, 100, 1), flat));
        int next = stalled.size();
        assertTrue(stalledAt(stalled) >= 0 && stalledAt(stalled) < next, "the history stalls");
        SamplingContext context = SamplerDriver.context(ONE_FLOAT, stalled, Direction.MINIMIZE, next, 3);
        assertEquals(new GpSampler().sample(context), AutoSampler.forEstimatedObjective().sample(context));
        assertEquals(CmaEsSampler.continuing(stalledAt(stalled)).sample(context), new AutoSampler().sample(context));
        assertEquals(java.util.Optional.empty(), AutoSampler.forEstimatedObjective().handOver(ONE_FLOAT,
                List.of(Direction.MINIMIZE), stalled, List.of()));
        assertEquals("Sampler auto: gp (3 free parameter(s), 1 of them categorical, 1 objective); no hand-over to"
                + " cmaes at a stall, the metric being a cross-validated estimate",
                AutoSampler.forEstimatedObjective().describe(NUMERIC, 1, 60));
        assertTrue(AutoSampler.forEstimatedObjective().describe(NUMERIC, 1, 500).endsWith(
                "; tpe from trial 200 (gp's cost grows with the cube of the trials)"));
        List<Trial> improving = history(falling(AutoSampler.GP_TRIALS + 10, 1000, 1));
        assertEquals(java.util.Optional.of("Sampler auto: tpe from trial #200 on; gp before it"),
                AutoSampler.forEstimatedObjective().handOver(ONE_FLOAT, List.of(Direction.MINIMIZE), improving,
                        List.of()));
    }
}
