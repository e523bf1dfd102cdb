package dev.tuner.report;

import dev.tuner.study.StudyResult;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders report.html in a real headless Chromium (Debian's {@code chromium}) and looks at what it drew: every plot
 * paints pixels of its own colours into the screenshot, and the rendered DOM holds each plot's SVG marks. Skipped,
 * saying why, when chromium is not installed (CI installs it: see .ci/run).
 */
class ReportChromiumTest {
    private static String chromium;

    @TempDir
    static Path dir;

    @BeforeAll
    static void findChromium() {
        for (String candidate : new String[]{"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                chromium = candidate;
            }
        }
        Assumptions.assumeTrue(chromium != null,
                "chromium is not installed (apt-get install -y chromium): skipping the rendering check of report.html");
    }

    @Test
    void everyPlotIsDrawnInItsColours() throws Exception {
        Path html = dir.resolve("report.html");
        Path estimate = dir.resolve("estimate.json");
        Files.writeString(estimate, "{\"expectedSeconds\": 1.5}");
        StudyResult study = ReportFixtures.study(2, 40);
        assertTrue(study.count(TrialState.PRUNED) > 0, "the fixture's Hyperband pruned some trials");
        HtmlReport.write(ReportData.of(study, Optional.empty(), estimate), html);
        Path png = dir.resolve("report.png");
        run(List.of("--screenshot=" + png, "--window-size=1100,7000", html.toUri().toString()));
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null && image.getWidth() >= 1000, "a screenshot was written");

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("history points", HtmlReport.Colours.HISTORY_POINT);
        expected.put("history best-so-far", HtmlReport.Colours.HISTORY_BEST);
        expected.put("pruned trials", HtmlReport.Colours.PRUNED);
        expected.put("intermediate values", HtmlReport.Colours.INTERMEDIATE);
        expected.put("pareto dominated", HtmlReport.Colours.PARETO_OTHER);
        expected.put("pareto front", HtmlReport.Colours.PARETO_FRONT);
        expected.put("importance bars", HtmlReport.Colours.IMPORTANCE);
        expected.put("importance bars of the second objective", HtmlReport.Colours.IMPORTANCE_BY_OBJECTIVE.get(1));
        expected.put("contour, best end", HtmlReport.Colours.CONTOUR_BEST);
        expected.put("contour, worst end", HtmlReport.Colours.CONTOUR_WORST);
        expected.put("parallel coordinates, best end", HtmlReport.Colours.PARALLEL_BEST);
        expected.put("parallel coordinates, worst end", HtmlReport.Colours.PARALLEL_WORST);
        expected.put("slices", HtmlReport.Colours.SLICE);
        expected.put("rank, best end", HtmlReport.Colours.RANK_BEST);
        expected.put("rank, worst end", HtmlReport.Colours.RANK_WORST);
        expected.put("empirical distribution", HtmlReport.Colours.EDF);
        expected.put("funnel", HtmlReport.Colours.FUNNEL);
        expected.put("estimated time", HtmlReport.Colours.ESTIMATED);
        expected.put("actual time", HtmlReport.Colours.ACTUAL);
        expected.put("timeline", HtmlReport.Colours.TIMELINE_COMPLETE);
        List<String> missing = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            int n = countPixels(image, Integer.parseInt(e.getValue().substring(1), 16));
            counts.put(e.getKey(), n);
            if (n < 40) {
                missing.add(e.getKey());
            }
        }
        assertTrue(missing.isEmpty(), "not drawn: " + missing + "; pixels per colour " + counts);
        // The plots sit in page order, top to bottom.
        List<Integer> rows = new ArrayList<>();
        for (String colour : List.of(HtmlReport.Colours.HISTORY_POINT, HtmlReport.Colours.INTERMEDIATE,
                HtmlReport.Colours.CONTOUR_WORST, HtmlReport.Colours.RANK_BEST, HtmlReport.Colours.EDF,
                HtmlReport.Colours.FUNNEL, HtmlReport.Colours.TIMELINE_COMPLETE)) {
            rows.add(firstRow(image, colour));
        }
        assertEquals(rows.stream().sorted().toList(), rows, "first rows of history, intermediate, contour, rank, edf,"
                + " funnel, timeline");
    }

    @Test
    void theRenderedDomHoldsEachPlotsMarks() throws Exception {
        Path html = dir.resolve("report3.html");
        StudyResult study = ReportFixtures.study(3, 30);
        HtmlReport.write(ReportData.of(study, Optional.empty(), null), html);
        String dom = run(List.of("--dump-dom", html.toUri().toString()));
        for (String plot : HtmlReport.SECTIONS.subList(1, HtmlReport.SECTIONS.size())) {
            assertTrue(dom.contains("data-plot=\"" + plot + "\""), plot + " in the rendered DOM");
        }
        // Pareto: 3 pairs of objectives; slices: 4 parameters; contour and rank: 3 pairs of the top 3 parameters;
        // EDF: 3 objectives.
        assertEquals(3 + 4 + 3 + 3 + 3, count(dom, "class=\"panel-title\">"), "panels of every plot");
        assertTrue(dom.contains("no estimate recorded"));

        // Every pruned trial that reported a value is a dashed curve in the intermediate values and a cross in the
        // history.
        long pruned = study.trials().stream().filter(t -> t.state() == TrialState.PRUNED)
                .filter(t -> !t.intermediate().isEmpty()).count();
        assertTrue(pruned > 0, "the fixture's Hyperband pruned some trials");
        String intermediate = plot(dom, "intermediate");
        assertEquals(pruned, count(intermediate, "stroke-dasharray"), "dashed pruned curves");
        assertEquals(study.count(TrialState.COMPLETE), count(intermediate, "<circle"), "complete curves end in a dot");
        assertEquals(pruned, count(plot(dom, "history"), "<path"), "pruned crosses in the history");
        assertEquals(pruned * 4, count(plot(dom, "slices"), "<path"), "pruned crosses in each of the 4 slices");
    }

    @Test
    void categoricalAxesShowTheChoicesNames() throws Exception {
        Path html = dir.resolve("report-categories.html");
        HtmlReport.write(ReportData.of(ReportFixtures.study(1, 30), Optional.empty(), null), html);
        String dom = run(List.of("--dump-dom", html.toUri().toString()));
        String slices = plot(dom, "slices");
        int panel = slices.indexOf(">booster</text>");
        assertTrue(panel >= 0, "a slice panel for the booster");
        String boosterPanel = slices.substring(panel);
        for (String choice : new String[]{"gbtree", "gblinear", "dart"}) {
            assertTrue(boosterPanel.contains("class=\"tick\">" + choice + "</text>"), choice + " ticks the slice axis");
            assertTrue(plot(dom, "parallel").contains(">" + choice + "</text>"), choice + " ticks the parallel axis");
        }
        // An int axis is ticked at round values, not at its half-step margins.
        assertTrue(plot(dom, "parallel").contains(">10</text>"), "depth int(1, 10) ticked at 10");
        assertFalse(plot(dom, "parallel").contains(">10.5</text>"), "no tick at the margin 10.5");
        // Index ticks (0, 0.5, 1, ...) are gone from the choice axis: its ticks are exactly the three names.
        String xTicks = boosterPanel.substring(0, boosterPanel.indexOf("class=\"axis-label\""));
        int ticks = count(xTicks, "text-anchor=\"middle\" class=\"tick\"");
        assertEquals(3, ticks, "x ticks of the booster slice: " + xTicks);
    }

    /** The markup of one plot's svg in the rendered DOM. */
    private static String plot(String dom, String name) {
        int start = dom.indexOf("data-plot=\"" + name + "\"");
        assertTrue(start >= 0, name + " in the DOM");
        return dom.substring(start, dom.indexOf("</svg>", start));
    }

    private static String run(List<String> args) throws Exception {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile));
        command.addAll(args);
        File out = dir.resolve("chromium-" + System.nanoTime() + ".out").toFile();
        Process p = new ProcessBuilder(command).redirectOutput(out)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + command);
        }
        assertEquals(0, p.exitValue(), "chromium exit code for " + command);
        return Files.readString(out.toPath());
    }

    private static int countPixels(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (close(image.getRGB(x, y) & 0xffffff, rgb)) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * The first row with a run of the colour: a mark, not the odd anti-aliased edge of another plot's line whose blend
     * with the white background happens to land near this colour.
     */
    private static int firstRow(BufferedImage image, String colour) {
        int rgb = Integer.parseInt(colour.substring(1), 16);
        for (int y = 0; y < image.getHeight(); y++) {
            int n = 0;
            for (int x = 0; x < image.getWidth(); x++) {
                if (close(image.getRGB(x, y) & 0xffffff, rgb) && ++n >= 6) {
                    return y;
                }
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Within 6 per channel: colour management may shift an sRGB value by a step or two. */
    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 6) {
                return false;
            }
        }
        return true;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
