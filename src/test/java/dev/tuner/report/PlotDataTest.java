package dev.tuner.report;

import dev.tuner.trial.Direction;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data each plot draws, apart from its drawing. */
class PlotDataTest {
    private static PlotContext.Axis numeric(double lo, double hi) {
        return new PlotContext.Axis("x", null, false, new double[]{lo, hi});
    }

    @Test
    void theEdfStepsToOneOverTheSortedDistinctValues() {
        double[] values = {3, 1, 2, 2, Double.NaN, 5};
        List<double[]> points = EdfPlot.points(values);
        assertEquals(4, points.size(), "one step per distinct finite value");
        assertArrayEquals(new double[]{1, 0.2}, points.get(0), 1e-12);
        assertArrayEquals(new double[]{2, 0.6}, points.get(1), 1e-12, "a tie steps once by both values");
        assertArrayEquals(new double[]{3, 0.8}, points.get(2), 1e-12);
        assertArrayEquals(new double[]{5, 1.0}, points.get(3), 1e-12);
        assertTrue(EdfPlot.points(new double[]{Double.NaN}).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void ranksRunFromTheBestToTheWorstWithTiesShared(Direction direction) {
        double[] values = {0.5, 0.1, 0.9, 0.5, Double.NaN};
        double[] ranks = RankPlot.ranks(values, direction);
        int best = direction == Direction.MINIMIZE ? 1 : 2;
        int worst = direction == Direction.MINIMIZE ? 2 : 1;
        assertEquals(0, ranks[best], 1e-12);
        assertEquals(1, ranks[worst], 1e-12);
        assertEquals(0.5, ranks[0], 1e-12, "ranks 1 and 2 of 0..3 share 1.5, i.e. 0.5");
        assertEquals(ranks[0], ranks[3], 1e-12);
        assertTrue(Double.isNaN(ranks[4]), "a non-finite value is unranked");
        assertEquals(0, RankPlot.ranks(new double[]{7}, direction)[0], 1e-12, "a lone trial is the best");
    }

    @Test
    void aContourCellHoldingATrialTakesItsValueAndEveryCellStaysInRange() {
        ContourPlot.Cells x = ContourPlot.Cells.of(numeric(0, 1));
        ContourPlot.Cells y = ContourPlot.Cells.of(numeric(10, 20));
        assertEquals(ContourPlot.CELLS, x.centres().length);
        assertEquals(ContourPlot.CELLS + 1, x.edges().length);
        assertEquals(0, x.edges()[0], 1e-12);
        assertEquals(1, x.edges()[ContourPlot.CELLS], 1e-12);
        double[] px = {x.centres()[2], x.centres()[20], 0.5};
        double[] py = {y.centres()[3], y.centres()[18], 15};
        double[] values = {1, 9, 4};
        double[][] z = ContourPlot.grid(px, py, values, x, y);
        assertEquals(ContourPlot.CELLS, z.length);
        assertEquals(1, z[3][2], 1e-6, "the cell of the trial valued 1");
        assertEquals(9, z[18][20], 1e-6, "the cell of the trial valued 9");
        for (double[] row : z) {
            for (double v : row) {
                assertTrue(v >= 1 - 1e-9 && v <= 9 + 1e-9, "interpolated " + v + " within the trials' range");
            }
        }
    }

    @Test
    void aChoiceGetsOneContourCellPerCategoryAndNoBlendAcrossThem() {
        PlotContext.Axis booster = new PlotContext.Axis("booster", List.of("gbtree", "gblinear", "dart"), false,
                new double[]{0, 2});
        ContourPlot.Cells x = ContourPlot.Cells.of(booster);
        assertArrayEquals(new double[]{0, 1, 2}, x.centres(), 1e-12);
        assertArrayEquals(new double[]{-0.5, 0.5, 1.5, 2.5}, x.edges(), 1e-12);
        ContourPlot.Cells y = ContourPlot.Cells.of(numeric(0, 1));
        // Two trials of gbtree at the ends of y, one of dart in the middle: at y's middle, the gbtree column is
        // their mean, and dart's column is dart's value.
        double[][] z = ContourPlot.grid(new double[]{0, 0, 2}, new double[]{0, 1, 0.5}, new double[]{2, 4, 10}, x, y);
        int middle = ContourPlot.CELLS / 2;
        assertTrue(z[middle][0] < 4, "gbtree stays near its own trials: " + z[middle][0]);
        assertTrue(z[middle][2] > 9, "dart stays near its own trial: " + z[middle][2]);
    }

    @Test
    void intermediateCurvesKeepCompleteAndPrunedTrialsWithTheirBudgets() {
        StudyResult result = ReportFixtures.study(1, 30);
        List<IntermediatePlot.Curve> curves = IntermediatePlot.curves(result.trials());
        long pruned = curves.stream().filter(c -> c.state() == TrialState.PRUNED).count();
        assertTrue(pruned > 0, "the fixture's Hyperband pruned some trials");
        assertEquals(result.count(TrialState.COMPLETE) + pruned, curves.size());
        double top = ReportFixtures.BUDGETS.get(ReportFixtures.BUDGETS.size() - 1);
        for (IntermediatePlot.Curve c : curves) {
            Trial t = result.trials().stream().filter(x -> x.number() == c.number()).findFirst().orElseThrow();
            assertEquals(t.intermediate().size(), c.points().size(), "every reported budget of #" + c.number());
            double last = c.points().get(c.points().size() - 1)[0];
            if (c.state() == TrialState.PRUNED) {
                assertTrue(last < top, "#" + c.number() + " was stopped before the top budget");
            } else {
                assertEquals(top, last, 1e-12, "#" + c.number() + " reached the top budget");
            }
            double[] budgets = c.points().stream().mapToDouble(p -> p[0]).toArray();
            assertArrayEquals(Arrays.stream(budgets).sorted().toArray(), budgets, "in budget order");
        }
    }

    @Test
    void importanceIsComputedForEachObjective() {
        // loss depends almost only on x, latency (depth + 3x) mostly on depth.
        ReportData data = ReportData.of(ReportFixtures.study(3, 40), Optional.empty(), null);
        Map<String, Double> loss = ParameterImportance.compute(data, 0, 1);
        Map<String, Double> latency = ParameterImportance.compute(data, 2, 1);
        assertEquals("x", top(loss), loss.toString());
        assertEquals("depth", top(latency), latency.toString());
        assertEquals(3, HtmlReport.context(data).importance.size(), "one importance per objective for the report");
    }

    @Test
    void theMostImportantParametersArePairedForContourAndRank() {
        ReportData data = ReportData.of(ReportFixtures.study(1, 40), Optional.empty(), null);
        PlotContext context = HtmlReport.context(data);
        List<String> top = context.mostImportant();
        assertEquals(PlotContext.PAIRED_PARAMETERS, top.size());
        assertEquals("x", top.get(0), "x drives the loss");
        assertEquals(3, context.importantPairs().size());
        assertEquals(List.of("x", top.get(1)), List.of(context.importantPairs().get(0)));
    }

    @Test
    void colourScalesRunFromTheirBestToTheirWorstStop() {
        assertEquals("#440154", ColourScale.VIRIDIS.colour(0));
        assertEquals("#fde725", ColourScale.VIRIDIS.colour(1));
        assertEquals(ColourScale.VIRIDIS.colour(1), ColourScale.VIRIDIS.colour(7), "clamped");
        assertEquals("#21918c", ColourScale.VIRIDIS.colour(0.5), "the middle stop");
        assertEquals(0.25, ColourScale.position(2, 1, 5), 1e-12);
        assertEquals(0.25, ColourScale.position(4, 5, 1), 1e-12, "maximising: the best is the larger value");
    }

    private static String top(Map<String, Double> importance) {
        return importance.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
