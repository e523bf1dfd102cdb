package dev.tuner.estimate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostForecastTest {

    /** Candidates costing 1..n seconds at the one budget. */
    private static double[][] linearCosts(int n) {
        double[][] costs = new double[n][1];
        for (int c = 0; c < n; c++) {
            costs[c][0] = c + 1;
        }
        return costs;
    }

    @Test
    void aRandomSamplersTotalIsTheMeanCostTimesTheRuns() {
        CostForecast.Result r = CostForecast.simulate(linearCosts(100), new double[]{40}, 40, true, 0, 1);
        double mean = 50.5;
        assertEquals(40 * mean, r.expected(), 40 * mean * 0.03);
        assertTrue(r.low() < r.expected() && r.expected() < r.high());
        assertEquals(mean, r.secondsPerRun()[0], mean * 0.03);
    }

    @Test
    void aModelBasedSamplerDriftsToTheCostlySideAndWidensTheRange() {
        CostForecast.Result random = CostForecast.simulate(linearCosts(100), new double[]{60}, 60, true, 0, 1);
        CostForecast.Result tpe = CostForecast.simulate(linearCosts(100), new double[]{60}, 60, false, 0, 1);
        assertTrue(tpe.expected() > random.expected(), tpe + " vs " + random);
        assertTrue(tpe.high() - tpe.low() > 2 * (random.high() - random.low()));
    }

    @Test
    void theModelsUncertaintyWidensTheRange() {
        CostForecast.Result exact = CostForecast.simulate(linearCosts(50), new double[]{20}, 20, true, 0, 3);
        CostForecast.Result unsure = CostForecast.simulate(linearCosts(50), new double[]{20}, 20, true, 0.4, 3);
        assertTrue(unsure.high() / unsure.low() > 1.5 * exact.high() / exact.low());
    }
}
