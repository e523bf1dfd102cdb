package dev.tuner.estimate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cost model recovers known timing laws from a probe-sized sample of synthetic runs. */
class CostModelTest {

    /** seconds = a * rows^b * trees^wt * depth^wd, with a few per cent of noise, on a probe-like design. */
    private static List<CostModel.Run> synthetic(double a, double b, double wTrees, double wDepth, double noise,
                                                 double treesPrior, long seed) {
        Random random = new Random(seed);
        List<CostModel.Run> runs = new ArrayList<>();
        int[] rows = {60, 120, 240, 480};
        double[][] draws = {{10, 9}, {60, 2}, {120, 16}, {200, 5}};
        for (int r : rows) {
            for (double[] d : draws) {
                double s = a * Math.pow(r, b) * Math.pow(d[0], wTrees) * Math.pow(d[1], wDepth)
                        * Math.exp(noise * random.nextGaussian());
                runs.add(new CostModel.Run(r, List.of(new CostModel.Driver("numTrees", d[0], treesPrior),
                        new CostModel.Driver("depth", d[1], 1)), s));
            }
        }
        return runs;
    }

    @ParameterizedTest(name = "b={0}, trees^{1}, depth^{2}")
    @CsvSource({"1.0, 1.0, 1.0", "1.3, 1.0, 0.6", "0.8, 0.9, 1.0"})
    void recoversTheExponentsOfAKnownLaw(double b, double wTrees, double wDepth) {
        CostModel m = CostModel.fit(synthetic(2e-6, b, wTrees, wDepth, 0.03, 1, 1));
        assertEquals(b, m.rowsExponent(), 0.05);
        assertEquals(wTrees, m.exponent("numTrees"), 0.08);
        assertEquals(wDepth, m.exponent("depth"), 0.12);
        double truth = 2e-6 * Math.pow(4000, b) * Math.pow(150, wTrees) * Math.pow(8, wDepth);
        double forecast = m.seconds(4000, List.of(new CostModel.Driver("numTrees", 150, 1),
                new CostModel.Driver("depth", 8, 1)));
        // Extrapolated eight-fold beyond the largest probe rows.
        assertEquals(1.0, forecast / truth, 0.25);
    }

    /**
     * A fixed cost that grows slowly with rows plus a training cost that grows faster: the cheap configurations are
     * mostly the first, the costly mostly the second, and the model gives each its own rows exponent. Where every
     * configuration grows alike, it gives them one.
     */
    @Test
    void costlyConfigurationsMayGrowFasterWithRowsThanCheapOnes() {
        Random random = new Random(3);
        List<CostModel.Run> runs = new ArrayList<>();
        List<CostModel.Run> alike = new ArrayList<>();
        double[][] draws = {{10, 2}, {60, 4}, {150, 8}, {300, 12}};
        // As the probe times them: every draw at an eighth to a half of the study's rows, the cheapest also at all.
        for (int rows : new int[]{40, 80, 160, 320}) {
            for (double[] d : rows == 320 ? new double[][]{draws[0]} : draws) {
                List<CostModel.Driver> drivers = drivers(d);
                double noise = Math.exp(0.05 * random.nextGaussian());
                runs.add(new CostModel.Run(rows, drivers,
                        (0.005 * Math.pow(rows, 0.2) + 1e-7 * Math.pow(rows, 1.3) * d[0] * d[1]) * noise));
                alike.add(new CostModel.Run(rows, drivers, 1e-6 * Math.pow(rows, 0.9) * d[0] * d[1] * noise));
            }
        }
        CostModel m = CostModel.fit(runs);
        CostModel oneExponent = CostModel.fit(runs, 1e9);
        List<CostModel.Driver> cheap = drivers(draws[0]);
        List<CostModel.Driver> costly = drivers(draws[3]);
        assertTrue(m.rowsExponent(costly) > m.rowsExponent(cheap) + 0.4,
                m.rowsExponent(cheap) + " against " + m.rowsExponent(costly));
        // At the study's rows, the draws' prices against the law's: closer than with one exponent for all.
        double error = 0;
        double oneExponentError = 0;
        for (double[] d : draws) {
            double truth = 0.005 * Math.pow(320, 0.2) + 1e-7 * Math.pow(320, 1.3) * d[0] * d[1];
            error += Math.abs(Math.log(m.seconds(320, drivers(d)) / truth)) / draws.length;
            oneExponentError += Math.abs(Math.log(oneExponent.seconds(320, drivers(d)) / truth)) / draws.length;
        }
        assertTrue(error < 0.6 * oneExponentError, "mean log error " + error + " against " + oneExponentError);
        CostModel same = CostModel.fit(alike);
        assertEquals(same.rowsExponent(cheap), same.rowsExponent(costly), 0.1);
        assertEquals(0.9, same.rowsExponent(), 0.1);
    }

    /**
     * One run slowed 2.5-fold by a hiccup (a garbage-collection pause), at the largest rows where it weighs as much as
     * a whole budget: down-weighted, it moves the prices there far less than in a plain least-squares fit.
     */
    @Test
    void aRunSlowedByAHiccupDoesNotMoveTheFit() {
        List<CostModel.Run> runs = new ArrayList<>();
        Random random = new Random(8);
        double[][] draws = {{10, 2}, {60, 4}, {150, 8}, {300, 12}};
        for (int rows : new int[]{100, 200, 400, 800}) {
            for (double[] d : draws) {
                double seconds = 1e-6 * rows * d[0] * d[1] * Math.exp(0.05 * random.nextGaussian());
                boolean hiccup = rows == 800 && d[0] == 150;
                runs.add(new CostModel.Run(rows, drivers(d), hiccup ? 2.5 * seconds : seconds, rows == 800 ? 4 : 1));
            }
        }
        CostModel robust = CostModel.fit(runs);
        CostModel plain = CostModel.fitOnce(runs, CostModel.INTERACTION_PENALTY);
        double robustError = 0;
        double plainError = 0;
        for (double[] d : draws) {
            double truth = 1e-6 * 800 * d[0] * d[1];
            robustError = Math.max(robustError, Math.abs(Math.log(robust.seconds(800, drivers(d)) / truth)));
            plainError = Math.max(plainError, Math.abs(Math.log(plain.seconds(800, drivers(d)) / truth)));
        }
        System.out.printf("largest log error at 800 rows: %.3f down-weighted, %.3f plain%n", robustError, plainError);
        assertTrue(robustError < 0.2 && robustError < 0.6 * plainError,
                "largest log error at 800 rows " + robustError + " against " + plainError + " without down-weighting");
    }

    @Test
    void aDriverTheProbeDidNotVaryKeepsItsPrior() {
        List<CostModel.Run> runs = new ArrayList<>();
        for (int r : new int[]{100, 200, 400}) {
            runs.add(new CostModel.Run(r, List.of(new CostModel.Driver("epochs", 10, 1)), 1e-4 * r));
        }
        CostModel m = CostModel.fit(runs);
        assertEquals(1.0, m.exponent("epochs"), 1e-6);
        assertEquals(1.0, m.rowsExponent(), 0.01);
        // Twice the epochs, twice the time: the prior, since the probe could not tell.
        double one = m.seconds(400, List.of(new CostModel.Driver("epochs", 10, 1)));
        double two = m.seconds(400, List.of(new CostModel.Driver("epochs", 20, 1)));
        assertEquals(2.0, two / one, 1e-6);
    }

    @Test
    void theRowsExponentsStandardErrorGrowsWithScatter() {
        CostModel tight = CostModel.fit(synthetic(1e-5, 1.1, 1, 1, 0.01, 1, 2));
        CostModel loose = CostModel.fit(synthetic(1e-5, 1.1, 1, 1, 0.3, 1, 2));
        assertTrue(loose.rowsExponentSe() > 5 * tight.rowsExponentSe(), tight + " vs " + loose);
        assertTrue(loose.residualSd() > 5 * tight.residualSd());
    }

    /**
     * Four configurations, each with a speed of its own the drivers do not explain (its runs share it): the refits on
     * resampled draws spread their forecasts by about that speed's scatter over the square root of the draws, not by
     * the much smaller scatter of runs within a draw, which a resample of single runs would see.
     */
    @ParameterizedTest(name = "own speed scatter {0}")
    @CsvSource({"0.05", "0.4"})
    void refitsOnResampledDrawsSpreadAsTheDrawsOwnSpeeds(double ownSd) {
        Random random = new Random(5);
        double[] spreads = new double[40];
        for (int rep = 0; rep < spreads.length; rep++) {
            List<CostModel.Run> runs = new ArrayList<>();
            List<Integer> draws = new ArrayList<>();
            double[][] configs = {{10, 9}, {60, 2}, {120, 16}, {200, 5}};
            for (int d = 0; d < configs.length; d++) {
                double own = Math.exp(ownSd * random.nextGaussian());
                for (int r : new int[]{60, 120, 240}) {
                    runs.add(new CostModel.Run(r, List.of(new CostModel.Driver("numTrees", configs[d][0], 1),
                            new CostModel.Driver("depth", configs[d][1], 1)),
                            1e-6 * r * configs[d][0] * configs[d][1] * own * Math.exp(0.02 * random.nextGaussian())));
                    draws.add(d);
                }
            }
            List<CostModel> models = CostModel.bootstrap(runs, draws.stream().mapToInt(Integer::intValue).toArray(),
                    200, rep);
            double[] logs = models.stream().mapToDouble(m -> Math.log(m.seconds(480, List.of(
                    new CostModel.Driver("numTrees", 100, 1), new CostModel.Driver("depth", 6, 1))))).toArray();
            double mean = java.util.Arrays.stream(logs).average().orElse(0);
            spreads[rep] = Math.sqrt(java.util.Arrays.stream(logs).map(x -> (x - mean) * (x - mean)).sum()
                    / (logs.length - 1));
        }
        double typical = java.util.Arrays.stream(spreads).sorted().toArray()[spreads.length / 2];
        // About ownSd / sqrt(4), give or take what the ridge towards the drivers' priors takes away.
        assertTrue(typical > 0.5 * ownSd / 2 && typical < 2 * ownSd / 2 + 0.02, "median spread " + typical);
    }

    @Test
    void aRunOfWeightKCountsAsKRuns() {
        List<CostModel.Run> weighted = new ArrayList<>(synthetic(1e-5, 0.9, 1, 1, 0.1, 1, 3));
        List<CostModel.Run> repeated = new ArrayList<>(weighted);
        CostModel.Run full = new CostModel.Run(1000, List.of(new CostModel.Driver("numTrees", 10, 1),
                new CostModel.Driver("depth", 9, 1)), 0.5);
        weighted.add(new CostModel.Run(full.rows(), full.drivers(), full.seconds(), 4));
        for (int i = 0; i < 4; i++) {
            repeated.add(full);
        }
        // Of the least-squares core: the down-weighting of runs far off the fit reads the median residual, which
        // copies move and a weight does not.
        CostModel a = CostModel.fitOnce(weighted, CostModel.INTERACTION_PENALTY);
        CostModel b = CostModel.fitOnce(repeated, CostModel.INTERACTION_PENALTY);
        assertEquals(b.rowsExponent(), a.rowsExponent(), 1e-9);
        assertEquals(b.intercept(), a.intercept(), 1e-9);
    }

    @Test
    void aRunMarkedForEveryResampleIsInEveryRefit() {
        // Three draws at small rows say time is flat in rows; one run at ten times the rows says otherwise. Every
        // refit keeps it, so none of them forecasts the large rows as cheaply as the small draws alone would.
        List<CostModel.Run> runs = new ArrayList<>();
        List<Integer> draws = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            for (int r : new int[]{50, 100, 200}) {
                runs.add(new CostModel.Run(r, List.of(), 0.1 * (1 + 0.05 * d)));
                draws.add(d);
            }
        }
        runs.add(new CostModel.Run(2000, List.of(), 1.0, 3));
        draws.add(-1);
        CostModel alone = CostModel.fit(runs.subList(0, 9));
        for (CostModel m : CostModel.bootstrap(runs, draws.stream().mapToInt(Integer::intValue).toArray(), 50, 1)) {
            assertTrue(m.seconds(2000, List.of()) > 2 * alone.seconds(2000, List.of()), m.toString());
        }
    }

    @Test
    void moreRowsNeverForecastLessTime() {
        // A probe whose small budgets ran slow (a JIT still warming, a load that eased): time falls with rows.
        List<CostModel.Run> runs = new ArrayList<>();
        for (int r : new int[]{90, 180, 360}) {
            runs.add(new CostModel.Run(r, List.of(), 0.9 * Math.pow(r / 90.0, -0.5)));
        }
        CostModel m = CostModel.fit(runs);
        assertEquals(0.0, m.rowsExponent(), 1e-6);
        assertTrue(m.seconds(720, List.of()) >= m.seconds(90, List.of()) * (1 - 1e-6));
        assertTrue(m.rowsExponentSe() > 0);
    }

    @Test
    void refusesRunsWithoutTime() {
        assertThrows(IllegalArgumentException.class, () -> CostModel.fit(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> CostModel.fit(List.of(new CostModel.Run(10, List.of(), 0))));
    }

    private static List<CostModel.Driver> drivers(double[] treesAndDepth) {
        return List.of(new CostModel.Driver("numTrees", treesAndDepth[0], 1),
                new CostModel.Driver("depth", treesAndDepth[1], 1));
    }
}
