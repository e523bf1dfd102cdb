package dev.tuner.report;

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
        HtmlReport.write(ReportData.of(ReportFixtures.study(2, 40), Optional.empty(), estimate), html);
        Path png = dir.resolve("report.png");
        run(List.of("--screenshot=" + png, "--window-size=1100,5000", html.toUri().toString()));
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null && image.getWidth() >= 1000, "a screenshot was written");

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("history points", HtmlReport.Colours.HISTORY_POINT);
        expected.put("history best-so-far / parallel best", HtmlReport.Colours.HISTORY_BEST);
        expected.put("pareto dominated", HtmlReport.Colours.PARETO_OTHER);
        expected.put("pareto front", HtmlReport.Colours.PARETO_FRONT);
        expected.put("importance bars", HtmlReport.Colours.IMPORTANCE);
        expected.put("parallel coordinates", HtmlReport.Colours.PARALLEL);
        expected.put("slices", HtmlReport.Colours.SLICE);
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
        // The plots sit in page order: the history's blue comes before the funnel's purple, top to bottom.
        assertTrue(firstRow(image, HtmlReport.Colours.HISTORY_POINT) < firstRow(image, HtmlReport.Colours.FUNNEL));
        assertTrue(firstRow(image, HtmlReport.Colours.FUNNEL) < firstRow(image, HtmlReport.Colours.TIMELINE_COMPLETE));
    }

    @Test
    void theRenderedDomHoldsEachPlotsMarks() throws Exception {
        Path html = dir.resolve("report3.html");
        HtmlReport.write(ReportData.of(ReportFixtures.study(3, 30), Optional.empty(), null), html);
        String dom = run(List.of("--dump-dom", html.toUri().toString()));
        for (String plot : new String[]{"history", "pareto", "importance", "parallel", "slices", "funnel", "time",
                "timeline"}) {
            assertTrue(dom.contains("data-plot=\"" + plot + "\""), plot + " in the rendered DOM");
        }
        assertEquals(3, count(dom, "class=\"panel-title\">") - 4, "three Pareto panels next to four slice panels");
        assertTrue(dom.contains("no estimate recorded"));
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

    private static int firstRow(BufferedImage image, String colour) {
        int rgb = Integer.parseInt(colour.substring(1), 16);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (close(image.getRGB(x, y) & 0xffffff, rgb)) {
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
