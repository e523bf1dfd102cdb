package dev.tuner.report;

import dev.tuner.study.StudyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void importanceFindsTheParameterTheObjectiveDependsOn() {
        StudyResult result = ReportFixtures.study(1, 40);
        Map<String, Double> importance = ParameterImportance.compute(ReportData.of(result, Optional.empty(), null), 1);
        assertEquals(4, importance.size());
        assertEquals(1.0, importance.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        assertTrue(importance.get("x") > 0.6, importance.toString());
        importance.forEach((k, v) -> assertTrue(k.equals("x") || v < importance.get("x"), importance.toString()));
    }

    @Test
    void everySectionIsThereAndTheFileIsSelfContained() throws Exception {
        StudyResult result = ReportFixtures.study(2, 30);
        Path file = dir.resolve("report.html");
        HtmlReport.write(ReportData.of(result, Optional.empty(), dir.resolve("absent-estimate.json")), file);
        String html = Files.readString(file);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        for (String id : HtmlReport.SECTIONS) {
            assertTrue(html.contains("<section id=\"" + id + "\""), id);
        }
        for (String plot : HtmlReport.SECTIONS.subList(1, HtmlReport.SECTIONS.size())) {
            assertTrue(html.contains("data-plot=\"" + plot + "\""), plot);
        }
        assertTrue(html.contains("no estimate recorded"));
        assertTrue(html.contains("permutation importance on a random-forest surrogate"));
        // Nothing fetched: no scripts, no links to elsewhere.
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("src=\"http"));
        assertFalse(html.contains("<link"));
    }

    @Test
    void anEstimateFileIsComparedWithTheRun() throws Exception {
        StudyResult result = ReportFixtures.study(1, 10);
        Path estimate = dir.resolve("estimate.json");
        Files.writeString(estimate, "{\"plannedRuns\": 30, \"expectedSeconds\": 12.5}");
        String html = HtmlReport.render(ReportData.of(result, Optional.empty(), estimate));
        assertTrue(html.contains("12.5 s"), "the estimate's seconds are drawn");
        assertFalse(html.contains("no estimate recorded"));
        assertTrue(html.contains("no Pareto front"));
        String fromAttribute = HtmlReport.render(ReportData.of(result, Optional.of("{\"expectedSeconds\": 99}"), estimate));
        assertTrue(fromAttribute.contains("99.0 s"), "the study attribute wins over the file");
    }

    @Test
    void threeObjectivesDrawAMatrixOfPairs() {
        String html = HtmlReport.render(ReportData.of(ReportFixtures.study(3, 25), Optional.empty(), null));
        assertTrue(html.contains("loss vs size"));
        assertTrue(html.contains("loss vs latency"));
        assertTrue(html.contains("size vs latency"));
        for (String metric : new String[]{"loss", "size", "latency"}) {
            assertEquals(4, count(html, " for " + metric + ": "), "an importance bar per parameter for " + metric);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void parameterNamesAreEscaped() {
        assertEquals("<p class=\"x\">a &lt;b&gt; &amp; c</p>", render(Tag.of("p").attr("class", "x").text("a <b> & c")));
    }

    private static String render(Tag tag) {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            Tag.writeDocument(tag, w);
        } catch (javax.xml.stream.XMLStreamException e) {
            throw new AssertionError(e);
        }
        return w.toString().substring("<!DOCTYPE html>\n".length());
    }
}
