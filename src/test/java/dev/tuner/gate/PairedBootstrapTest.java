package dev.tuner.gate;

import dev.tuner.tribuo.HeldOutPredictions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedBootstrapTest {

    @Test
    void sameSeedSameIntervalAndTheIntervalHoldsThePointChange() {
        HeldOutPredictions[] p = GateFixtures.paired(150, 0.75, 0.85, 0.6, new Random(1));
        List<String> metrics = List.of("accuracy", "balanced-accuracy", "macro-f1", "log-loss", "auc");
        Map<String, PairedBootstrap.Interval> a = PairedBootstrap.intervals(p[0], p[1], metrics, 500, 7, 0.05);
        Map<String, PairedBootstrap.Interval> b = PairedBootstrap.intervals(p[0], p[1], metrics, 500, 7, 0.05);
        assertEquals(a, b);
        Map<String, Double> c = p[0].metrics();
        Map<String, Double> r = p[1].metrics();
        for (String m : metrics) {
            PairedBootstrap.Interval i = a.get(m);
            double change = c.get(m) - r.get(m);
            assertTrue(i.lower() <= change && change <= i.upper(), m + ": " + change + " outside " + i);
            assertEquals(500, i.resamples());
            assertEquals(0.95, i.confidence(), 1e-12);
        }
    }

    @Test
    void identicalModelsGiveAZeroWidthInterval() {
        HeldOutPredictions[] p = GateFixtures.paired(80, 0.8, 0.8, 1.0, new Random(2));
        PairedBootstrap.Interval i = PairedBootstrap.intervals(p[0], p[0], List.of("accuracy"), 200, 1, 0.05)
                .get("accuracy");
        assertEquals(0, i.lower(), 0);
        assertEquals(0, i.upper(), 0);
    }

    @Test
    void pairingMakesTheIntervalNarrowerThanIndependentErrorsWould() {
        HeldOutPredictions[] correlated = GateFixtures.paired(300, 0.8, 0.8, 0.9, new Random(3));
        HeldOutPredictions[] independent = GateFixtures.paired(300, 0.8, 0.8, 0.0, new Random(3));
        PairedBootstrap.Interval narrow = PairedBootstrap.intervals(correlated[0], correlated[1],
                List.of("accuracy"), 400, 1, 0.05).get("accuracy");
        PairedBootstrap.Interval wide = PairedBootstrap.intervals(independent[0], independent[1],
                List.of("accuracy"), 400, 1, 0.05).get("accuracy");
        assertTrue(narrow.upper() - narrow.lower() < (wide.upper() - wide.lower()) / 2,
                "paired " + narrow + " vs independent " + wide);
    }

    /**
     * Coverage sanity: over 100 simulated data sets whose true accuracy difference is -0.05, the 95% interval
     * should contain -0.05 about 95% of the time (the percentile bootstrap undercovers a little at n = 200).
     */
    @Test
    void ninetyFivePercentIntervalsCoverTheTrueDifferenceAboutNinetyFivePercentOfTheTime() {
        Random random = new Random(2024);
        int replications = 100;
        int covered = 0;
        for (int rep = 0; rep < replications; rep++) {
            HeldOutPredictions[] p = GateFixtures.paired(200, 0.80, 0.85, 0.5, random);
            PairedBootstrap.Interval i = PairedBootstrap.intervals(p[0], p[1], List.of("accuracy"), 400, rep, 0.05)
                    .get("accuracy");
            if (i.lower() <= -0.05 && -0.05 <= i.upper()) {
                covered++;
            }
        }
        System.out.println("bootstrap coverage of the true difference: " + covered + " / " + replications);
        assertTrue(covered >= 88 && covered <= 99, "coverage " + covered + " / " + replications);
    }

    @Test
    void quantileInterpolatesBetweenOrderStatistics() {
        double[] sorted = {0, 1, 2, 3, 4};
        assertEquals(0, PairedBootstrap.quantile(sorted, 0), 0);
        assertEquals(4, PairedBootstrap.quantile(sorted, 1), 0);
        assertEquals(1.1, PairedBootstrap.quantile(sorted, 0.275), 1e-12);
    }
}
