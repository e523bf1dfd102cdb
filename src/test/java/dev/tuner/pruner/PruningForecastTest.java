package dev.tuner.pruner;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.tuner.pruner.TrialFixtures.LADDER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PruningForecastTest {

    private static final int TRIALS = 60;

    @Test
    void noPruningEvaluatesEveryTrialAtTheFullBudgetOnly() {
        PruningForecast.Forecast forecast = PruningForecast.forecast(new NopPruner(), TRIALS, LADDER, 1, 5);
        assertArrayEquals(new double[] {0, 0, TRIALS}, forecast.evaluated());
        assertArrayEquals(new double[] {0, 0, 0}, forecast.stopped());
        assertEquals(1.0, forecast.rowsFraction(), 1e-12);
        assertEquals(TRIALS, forecast.expectedRuns(), 1e-12);
    }

    @Test
    void everyTrialIsEitherStoppedOrCompletedAndNobodyIsStoppedAtTheFullBudget() {
        for (String name : Pruners.NAMES) {
            PruningForecast.Forecast forecast = PruningForecast.forecast(Pruners.create(name), TRIALS, LADDER, 5, 50);
            assertEquals(0.0, forecast.stopped()[2], name);
            assertEquals(TRIALS, forecast.expectedStopped() + forecast.evaluated()[2], 1e-9, name);
        }
    }

    @Test
    void sameSeedSameFigures() {
        Pruner median = new MedianPruner();
        assertArrayEquals(PruningForecast.forecast(median, 30, LADDER, 9, PruningForecast.SIMULATIONS).evaluated(),
                PruningForecast.forecast(median, 30, LADDER, 9, PruningForecast.SIMULATIONS).evaluated());
        assertArrayEquals(PruningForecast.forecast(median, 30, LADDER, 9, PruningForecast.SIMULATIONS).stopped(),
                PruningForecast.forecast(median, 30, LADDER, 9, PruningForecast.SIMULATIONS).stopped());
    }

    /** The first rung of successive halving is known exactly: arrival n goes on with probability floor(n/3)/n. */
    @Test
    void successiveHalvingMatchesTheAsynchronousRuleAtTheFirstRung() {
        double promotedByRule = 0;
        for (int n = 1; n <= TRIALS; n++) {
            promotedByRule += n / 3 == 0 ? 1.0 / n : (double) (n / 3) / n;
        }
        double[] reaching = PruningForecast.forecast(new SuccessiveHalvingPruner(), TRIALS, LADDER, 2,
                PruningForecast.SIMULATIONS).evaluated();
        assertEquals(TRIALS, reaching[0], 1e-12);
        assertEquals(promotedByRule, reaching[1], 0.4);
    }

    /** Brackets are dealt by trial number, so who starts where is exact; 60 trials = 3 cycles of 17 + 9. */
    @Test
    void hyperbandStartsTrialsAtTheirBracketRung() {
        double[] reaching = PruningForecast.forecast(new HyperbandPruner(), TRIALS, LADDER, 2,
                PruningForecast.SIMULATIONS).evaluated();
        assertEquals(32.0, reaching[0], 1e-12, "bracket 0 trials");
        assertTrue(reaching[1] >= 17.0 && reaching[1] <= 17.0 + 32.0, Arrays.toString(reaching));
        assertTrue(reaching[2] >= 11.0, "the 11 trials of the full-budget bracket all get there");
    }

    /** For many trials ASHA promotes close to one in eta, and the forecast meets the analytic cost. */
    @Test
    void hyperbandCostApproachesTheAnalyticFractionForLongStudies() {
        HyperbandPruner hyperband = new HyperbandPruner();
        double analytic = hyperband.expectedCostFraction(LADDER);
        double shortStudy = PruningForecast.forecast(hyperband, TRIALS, LADDER, 4, 100).rowsFraction();
        double longStudy = PruningForecast.forecast(hyperband, 340, LADDER, 4, 30).rowsFraction();
        System.out.printf("hyperband rows fraction: analytic %.3f, forecast %d trials %.3f, 340 trials %.3f%n",
                analytic, TRIALS, shortStudy, longStudy);
        assertEquals(analytic, longStudy, 0.015);
        assertTrue(shortStudy > longStudy, "early ASHA arrivals are promoted more often");
    }

    /** The forecast and a separately written study loop, on a different objective, count the same runs. */
    @Test
    void agreesWithSimulatedStudies() {
        int studies = 100;
        for (String name : Pruners.NAMES) {
            double[] forecast = PruningForecast.forecast(Pruners.create(name), TRIALS, LADDER, 11,
                    PruningForecast.SIMULATIONS).evaluated();
            double[] simulated = new double[LADDER.size()];
            for (long seed = 0; seed < studies; seed++) {
                int[] evaluated = SyntheticStudy.run(Pruners.create(name), TRIALS, LADDER, 500 + seed).evaluatedAt();
                for (int rung = 0; rung < simulated.length; rung++) {
                    simulated[rung] += evaluated[rung] / (double) studies;
                }
            }
            System.out.printf("%-20s forecast %s, simulated studies %s%n", name, format(forecast), format(simulated));
            for (int rung = 0; rung < simulated.length; rung++) {
                // Measured differences are at most 0.9 trial (percentile at 0.2: 20.6 vs 19.8): the two objectives
                // differ in how well small budgets predict the full one, and 100 studies leave some sampling noise.
                assertEquals(forecast[rung], simulated[rung], Math.max(1.0, 0.1 * forecast[rung]),
                        name + " at budget " + LADDER.get(rung));
            }
        }
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> PruningForecast.forecast(new NopPruner(), -1, LADDER, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> PruningForecast.forecast(new NopPruner(), 5, List.of(1.0, 0.5), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> PruningForecast.forecast(new NopPruner(), 5, List.of(), 1, 1));
    }

    private static String format(double[] counts) {
        return Arrays.stream(counts).mapToObj(c -> String.format("%.2f", c)).toList().toString();
    }
}
