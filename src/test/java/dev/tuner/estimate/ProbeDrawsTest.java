package dev.tuner.estimate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeDrawsTest {
    private static final CostDrivers TREES_AND_DEPTH = (params, rows) -> List.of(
            new CostModel.Driver("numTrees", ((Number) params.get("numTrees")).doubleValue(), 1),
            new CostModel.Driver("depth", ((Number) params.get("depth")).doubleValue(), 1));

    private static List<Map<String, Object>> candidates(Random random, int count) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Map.of("numTrees", 10 + random.nextInt(291), "depth", 2 + random.nextInt(11)));
        }
        return out;
    }

    private static double priorCost(Map<String, Object> c) {
        return Math.log(((Number) c.get("numTrees")).doubleValue()) + Math.log(((Number) c.get("depth")).doubleValue());
    }

    /** The draws still climb from cheap to costly, the cheapest at its quantile, each near its own quantile. */
    @ParameterizedTest(name = "{0} draws")
    @ValueSource(ints = {1, 2, 4, 8})
    void theDrawsSpanTheCostsInOrder(int count) {
        List<Map<String, Object>> candidates = candidates(new Random(count), 256);
        List<Map<String, Object>> draws = ProbeDraws.choose(candidates, TREES_AND_DEPTH, 500, count);
        assertEquals(count, draws.size());
        double[] sorted = candidates.stream().mapToDouble(ProbeDrawsTest::priorCost).sorted().toArray();
        for (int i = 0; i < count; i++) {
            double q = count == 1 ? 0.5 : 0.05 + 0.9 * i / (count - 1);
            double cost = priorCost(draws.get(i));
            // Candidates of equal cost share a span of ranks.
            int below = 0;
            while (below < sorted.length && sorted[below] < cost) {
                below++;
            }
            int upTo = below;
            while (upTo + 1 < sorted.length && sorted[upTo + 1] <= cost) {
                upTo++;
            }
            double window = (count == 1 ? 0 : ProbeDraws.WINDOW_SHARE * 0.9 / (count - 1)) + 0.01;
            assertTrue(below / 255.0 <= q + window && upTo / 255.0 >= q - window,
                    "draw " + i + " at quantiles " + below / 255.0 + "-" + upTo / 255.0 + ", not near " + q);
            if (i > 0) {
                assertTrue(cost >= priorCost(draws.get(i - 1)), "draw " + i + " cheaper than the one before");
            }
        }
    }

    /**
     * Trees and depth that rise together over the draws leave their split to the priors. On a law where depth costs
     * far less than its prior says (boosted trees that stop growing early: trees^1 x depth^0.2) or more (depth^1.6),
     * the fit on the chosen draws prices the corners the cost ranking never probes (many shallow trees, few deep ones)
     * closer to the truth than the fit on draws picked by cost alone, over many probes with run-to-run noise; where
     * the prior is right (depth^1) it is no worse.
     */
    @ParameterizedTest(name = "depth^{0}")
    @ValueSource(doubles = {0.2, 1.0, 1.6})
    void drawsThatVaryTheDriversApartLetTheProbeTellThem(double depthExponent) {
        double chosenError = 0;
        double byCostError = 0;
        int probes = 200;
        for (int rep = 0; rep < probes; rep++) {
            Random random = new Random(rep);
            List<Map<String, Object>> candidates = candidates(random, 256);
            List<Map<String, Object>> chosen = ProbeDraws.choose(candidates, TREES_AND_DEPTH, 500, 4);
            List<Map<String, Object>> byCost = new ArrayList<>(candidates);
            byCost.sort(java.util.Comparator.comparingDouble(ProbeDrawsTest::priorCost));
            List<Map<String, Object>> quantiles = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                quantiles.add(byCost.get((int) Math.round((0.05 + 0.3 * i) * 255)));
            }
            long seed = random.nextLong();
            chosenError += cornerError(fit(chosen, new Random(seed), depthExponent), depthExponent);
            byCostError += cornerError(fit(quantiles, new Random(seed), depthExponent), depthExponent);
        }
        System.out.printf("depth^%.1f: mean log error at the corners %.3f, by cost alone %.3f%n", depthExponent, chosenError / probes,
                byCostError / probes);
        assertTrue(depthExponent == 1.0 ? chosenError < 1.1 * byCostError + 0.02 * probes
                : chosenError < 0.8 * byCostError, "mean log error " + chosenError / probes + " against "
                + byCostError / probes + " by cost alone");
    }

    private static double truth(int rows, double trees, double depth, double depthExponent) {
        return 1e-6 * rows * trees * Math.pow(depth, depthExponent);
    }

    private static CostModel fit(List<Map<String, Object>> draws, Random noise, double depthExponent) {
        List<CostModel.Run> runs = new ArrayList<>();
        for (Map<String, Object> d : draws) {
            double trees = ((Number) d.get("numTrees")).doubleValue();
            double depth = ((Number) d.get("depth")).doubleValue();
            for (int rows : new int[]{60, 120, 240}) {
                runs.add(new CostModel.Run(rows, TREES_AND_DEPTH.of(d, rows),
                        truth(rows, trees, depth, depthExponent) * Math.exp(0.15 * noise.nextGaussian())));
            }
        }
        return CostModel.fit(runs);
    }

    /** Absolute log error of the model's price, summed over the two corners off the cost diagonal, at 480 rows. */
    private static double cornerError(CostModel model, double depthExponent) {
        double error = 0;
        for (double[] corner : new double[][]{{300, 2}, {10, 12}}) {
            double price = model.seconds(480, TREES_AND_DEPTH.of(Map.of("numTrees", corner[0], "depth", corner[1]), 480));
            error += Math.abs(Math.log(price / truth(480, corner[0], corner[1], depthExponent)));
        }
        return error;
    }

    /**
     * A law with a fixed cost per run that grows slowly with rows and a training cost that grows faster (a booster on
     * a few hundred rows: building its matrix and predicting, then its trees): one rows exponent for all draws, fitted
     * at an eighth to a half of the rows with the cheapest draw alone at the full rows, bends towards the cheap draw's
     * flat growth and prices costly configurations short at the full rows. Timing every draw there, as the probe does
     * when that costs little against the study, prices them within the run-to-run noise.
     */
    @Test
    void drawsTimedAtTheFullRowsPriceTheStudysRunsWhereOneExponentCannot() {
        int full = 300;
        double cheapestOnly = 0;
        double oneExponent = 0;
        double every = 0;
        int probes = 100;
        for (int rep = 0; rep < probes; rep++) {
            Random random = new Random(rep);
            List<Map<String, Object>> candidates = candidates(random, 256);
            List<Map<String, Object>> draws = ProbeDraws.choose(candidates, TREES_AND_DEPTH, full, 4);
            long seed = random.nextLong();
            cheapestOnly += fullRowsError(fitWithFullRuns(draws, 1, new Random(seed), CostModel.INTERACTION_PENALTY),
                    candidates, full);
            oneExponent += fullRowsError(fitWithFullRuns(draws, 1, new Random(seed), 1e9), candidates, full);
            every += fullRowsError(fitWithFullRuns(draws, draws.size(), new Random(seed),
                    CostModel.INTERACTION_PENALTY), candidates, full);
        }
        System.out.printf("mean log error at the full rows: cheapest draw there %.3f (one rows exponent for all:"
                + " %.3f), every draw %.3f%n", cheapestOnly / probes, oneExponent / probes, every / probes);
        assertTrue(every < 0.85 * cheapestOnly, every / probes + " against " + cheapestOnly / probes);
        assertTrue(every / probes < 0.12, "mean log error " + every / probes);
    }

    private static double fixedPlusTraining(int rows, Map<String, Object> c) {
        double trees = ((Number) c.get("numTrees")).doubleValue();
        double depth = ((Number) c.get("depth")).doubleValue();
        return 0.004 * Math.pow(rows, 0.3) + 2e-7 * Math.pow(rows, 1.3) * trees * Math.sqrt(depth);
    }

    /** The probe's fit: every draw at 1/8, 1/4 and 1/2 of the rows, the {@code atFull} cheapest also at the full. */
    private static CostModel fitWithFullRuns(List<Map<String, Object>> draws, int atFull, Random noise,
                                             double interactionPenalty) {
        List<CostModel.Run> runs = new ArrayList<>();
        int full = 300;
        for (int i = 0; i < draws.size(); i++) {
            Map<String, Object> d = draws.get(i);
            for (int rows : new int[]{full / 8, full / 4, full / 2}) {
                runs.add(new CostModel.Run(rows, TREES_AND_DEPTH.of(d, rows),
                        fixedPlusTraining(rows, d) * Math.exp(0.1 * noise.nextGaussian()), 1));
            }
            if (i < atFull) {
                runs.add(new CostModel.Run(full, TREES_AND_DEPTH.of(d, full),
                        fixedPlusTraining(full, d) * Math.exp(0.1 * noise.nextGaussian()), draws.size()));
            }
        }
        return CostModel.fit(runs, interactionPenalty);
    }

    /** Mean absolute log error of the model's price of the candidates at the full rows. */
    private static double fullRowsError(CostModel model, List<Map<String, Object>> candidates, int full) {
        double error = 0;
        for (Map<String, Object> c : candidates) {
            error += Math.abs(Math.log(model.seconds(full, TREES_AND_DEPTH.of(c, full)) / fixedPlusTraining(full, c)));
        }
        return error / candidates.size();
    }

    /**
     * A choice the trainer does not declare as a cost (a linear kernel that converges four times slower than rbf):
     * with one driver per value the probe's draws take both values, and the fit prices each.
     */
    @Test
    void aChoiceOfTheSpaceGetsDrawsOfEachValueAndItsOwnPrice() {
        dev.tuner.space.SearchSpace space = dev.tuner.space.SearchSpace.parse(
                Map.of("cost", "log(0.1, 10.0)", "kernel", "choice(linear, rbf)"));
        CostDrivers declared = (params, rows) -> List.of(
                new CostModel.Driver("cost", ((Number) params.get("cost")).doubleValue(), 0.3));
        CostDrivers drivers = CostDrivers.withCategories(declared, space);
        int linearFirst = 0;
        for (int rep = 0; rep < 20; rep++) {
            Random random = new Random(rep);
            List<Map<String, Object>> candidates = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                candidates.add(Map.of("cost", Math.exp(Math.log(0.1) + random.nextDouble() * Math.log(100)),
                        "kernel", random.nextBoolean() ? "linear" : "rbf"));
            }
            List<Map<String, Object>> draws = ProbeDraws.choose(candidates, drivers, 1000, 4);
            assertEquals(2, draws.stream().map(d -> d.get("kernel")).distinct().count(), draws.toString());
            List<CostModel.Run> runs = new ArrayList<>();
            for (Map<String, Object> d : draws) {
                for (int rows : new int[]{125, 250, 500, 1000}) {
                    double seconds = 1e-4 * rows * Math.pow(((Number) d.get("cost")).doubleValue(), 0.3)
                            * ("linear".equals(d.get("kernel")) ? 4 : 1) * Math.exp(0.1 * random.nextGaussian());
                    runs.add(new CostModel.Run(rows, drivers.of(d, rows), seconds));
                }
            }
            CostModel model = CostModel.fit(runs);
            double linear = model.seconds(1000, drivers.of(Map.of("cost", 1.0, "kernel", "linear"), 1000));
            double rbf = model.seconds(1000, drivers.of(Map.of("cost", 1.0, "kernel", "rbf"), 1000));
            assertTrue(linear / rbf > 2.5 && linear / rbf < 6, "linear over rbf " + linear / rbf);
            linearFirst += linear > rbf ? 1 : 0;
        }
        assertEquals(20, linearFirst);
        // Without a choice in the space, the declared drivers are all there is.
        assertEquals(declared, CostDrivers.withCategories(declared,
                dev.tuner.space.SearchSpace.parse(Map.of("cost", "log(0.1, 10.0)"))));
    }

    /**
     * A driver whose prior ties it to cost (a booster's learning rate, eta^-0.3: the costly quantiles hold the low
     * rates) is still drawn at both ends: the information of the draws counts the model's intercept, so three draws
     * at the lowest rate tell nothing of its exponent.
     */
    @Test
    void aDriverTiedToCostIsDrawnAtBothEnds() {
        CostDrivers booster = (params, rows) -> List.of(
                new CostModel.Driver("numTrees", ((Number) params.get("numTrees")).doubleValue(), 1),
                new CostModel.Driver("depth", ((Number) params.get("depth")).doubleValue(), 1),
                new CostModel.Driver("eta", ((Number) params.get("eta")).doubleValue(), -0.3));
        List<Double> spans = new ArrayList<>();
        for (int rep = 0; rep < 50; rep++) {
            Random random = new Random(rep);
            List<Map<String, Object>> candidates = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                candidates.add(Map.of("numTrees", 20 + random.nextInt(381), "depth", 2 + random.nextInt(7),
                        "eta", Math.exp(Math.log(0.01) + random.nextDouble() * Math.log(50))));
            }
            List<Double> etas = ProbeDraws.choose(candidates, booster, 100, 4).stream()
                    .map(d -> ((Number) d.get("eta")).doubleValue()).toList();
            spans.add(Math.log(etas.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                    / etas.stream().mapToDouble(Double::doubleValue).min().orElseThrow()) / Math.log(50));
        }
        double median = spans.stream().sorted().toList().get(spans.size() / 2);
        System.out.printf("share of eta's log range the draws span: median %.2f%n", median);
        assertTrue(median > 0.6, "the draws span a median " + median + " of eta's log range");
    }
}
