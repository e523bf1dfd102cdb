package dev.tuner.gate;

import dev.tuner.files.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the gate's three reports: {@code gate.json} (scripts), {@code gate.md} (a Markdown table for a pull request
 * or a CI job summary) and {@code TEST-tuner-gate.xml} (JUnit XML, one test case per rule, so CI test tabs list the
 * rules).
 */
public final class GateReportWriter {
    public static final String JSON_FILE = "gate.json";
    public static final String MARKDOWN_FILE = "gate.md";
    public static final String JUNIT_FILE = "TEST-tuner-gate.xml";
    /** The JUnit suite's name and each test case's class name. */
    public static final String SUITE = "tuner-gate";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GateReportWriter() {
    }

    public static void writeAll(GateReport report, Path directory, double seconds) throws IOException {
        Files.createDirectories(directory);
        AtomicFiles.write(directory.resolve(JSON_FILE), out -> JSON.writeValue(out, toJson(report)));
        AtomicFiles.writeString(directory.resolve(MARKDOWN_FILE), markdown(report));
        AtomicFiles.write(directory.resolve(JUNIT_FILE), out -> {
            try {
                junit(report, out, seconds);
            } catch (XMLStreamException e) {
                throw new IOException("cannot write " + JUNIT_FILE + ": " + e.getMessage(), e);
            }
        });
    }

    public static Map<String, Object> toJson(GateReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("status", report.status());
        root.put("candidate", report.candidate());
        Map<String, Object> baseline = new LinkedHashMap<>();
        if (report.baseline() != null) {
            baseline.put("source", report.baseline().source());
            baseline.put("kind", report.baseline().kind().jsonName());
            baseline.put("paired", report.baseline().paired());
            baseline.put("note", report.baseline().note());
        }
        root.put("baseline", report.baseline() == null ? null : baseline);
        root.put("rows", report.rows());
        root.put("significance", report.significance());
        root.put("confidence", 1 - report.significance());
        root.put("resamples", report.resamples());
        root.put("seed", report.seed());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RuleResult r : report.results()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.rule().name());
            m.put("metric", r.rule().metricName());
            m.put("direction", r.direction() == null ? null : r.direction().shortName());
            Map<String, Object> limits = new LinkedHashMap<>();
            limits.put("minimum", r.rule().getMinimum());
            limits.put("maximum", r.rule().getMaximum());
            limits.put("maxDrop", r.rule().getMaxDrop());
            limits.put("maxRelativeDrop", r.rule().getMaxRelativeDrop());
            m.put("limits", limits);
            m.put("status", r.status().label());
            m.put("baseline", r.baseline());
            m.put("candidate", r.candidate());
            m.put("change", r.change());
            m.put("relativeChangePercent", r.relativeChange());
            m.put("tolerance", r.tolerance());
            if (r.interval() != null) {
                m.put("interval", Map.of("lower", r.interval().lower(), "upper", r.interval().upper(),
                        "confidence", r.interval().confidence(), "resamples", r.interval().resamples()));
            } else {
                m.put("interval", null);
            }
            if (r.mcNemar() != null) {
                m.put("mcnemar", Map.of("candidateOnly", r.mcNemar().candidateOnly(),
                        "baselineOnly", r.mcNemar().baselineOnly(), "pValue", r.mcNemar().pValue(),
                        "method", r.mcNemar().method()));
            } else {
                m.put("mcnemar", null);
            }
            m.put("message", r.message());
            m.put("notes", r.notes());
            rules.add(m);
        }
        root.put("rules", rules);
        root.put("notes", report.notes());
        return root;
    }

    public static String markdown(GateReport report) {
        StringBuilder md = new StringBuilder();
        long failed = report.failures().size();
        md.append("### tuner:gate ").append(switch (report.status()) {
            case "failed" -> "FAILED: " + failed + " of " + report.results().size() + " rules";
            case "no-baseline" -> "passed (no baseline)";
            default -> "passed";
        }).append("\n\n");
        md.append("Candidate `").append(cell(report.candidate())).append("`; baseline ");
        if (report.baseline() == null) {
            md.append("none");
        } else {
            md.append('`').append(cell(report.baseline().source())).append('`')
                    .append(report.baseline().paired() ? " (paired on the same " + report.rows() + " held-out rows)"
                            : " (aggregate metrics)");
        }
        md.append(". Intervals: ").append(GateFormat.confidence(report.significance()))
                .append(" paired bootstrap, ").append(report.resamples()).append(" resamples, seed ")
                .append(report.seed()).append(".\n\n");
        String conf = GateFormat.confidence(report.significance());
        md.append("| rule | baseline | candidate | change | ").append(conf)
                .append(" interval | McNemar p | result |\n");
        md.append("| --- | ---: | ---: | ---: | --- | ---: | --- |\n");
        for (RuleResult r : report.results()) {
            md.append("| ").append(cell(r.rule().name()))
                    .append(" | ").append(GateFormat.value(r.baseline()))
                    .append(" | ").append(GateFormat.value(r.candidate()))
                    .append(" | ").append(GateFormat.change(r.change()))
                    .append(r.relativeChange() == null ? "" : " (" + GateFormat.percent(r.relativeChange()) + ")")
                    .append(" | ").append(r.interval() == null ? "n/a" : "[" + GateFormat.change(r.interval().lower())
                            + ", " + GateFormat.change(r.interval().upper()) + "]")
                    .append(" | ").append(r.mcNemar() == null ? "n/a" : GateFormat.pValue(r.mcNemar().pValue()))
                    .append(" | ").append(r.status() == RuleResult.Status.FAILED ? "**failed**" : r.status().label())
                    .append(" |\n");
        }
        List<String> notes = new ArrayList<>(report.notes());
        for (RuleResult r : report.results()) {
            if (r.status() == RuleResult.Status.FAILED) {
                notes.add(r.message());
            } else {
                r.notes().forEach(n -> notes.add(r.rule().metricName() + ": " + n));
            }
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    /** Markdown table cells must not contain a pipe or a line break. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace('\n', ' ');
    }

    /** JUnit XML as Surefire writes it: one {@code <testsuite>}, one {@code <testcase>} per rule. */
    public static void junit(GateReport report, OutputStream out, double seconds) throws XMLStreamException {
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", SUITE);
        xml.writeAttribute("tests", Integer.toString(report.results().size()));
        xml.writeAttribute("failures", Long.toString(report.failures().size()));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", Long.toString(report.results().stream()
                .filter(r -> r.status() == RuleResult.Status.SKIPPED).count()));
        xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
        xml.writeCharacters("\n  ");
        xml.writeStartElement("properties");
        property(xml, "candidate", report.candidate());
        property(xml, "baseline", report.baseline() == null ? "none" : report.baseline().source());
        property(xml, "paired", Boolean.toString(report.baseline() != null && report.baseline().paired()));
        property(xml, "rows", Integer.toString(report.rows()));
        property(xml, "significance", Double.toString(report.significance()));
        property(xml, "resamples", Integer.toString(report.resamples()));
        property(xml, "seed", Long.toString(report.seed()));
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
        for (RuleResult r : report.results()) {
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", SUITE);
            xml.writeAttribute("name", r.rule().name());
            xml.writeAttribute("time", "0");
            switch (r.status()) {
                case FAILED -> {
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", r.message());
                    xml.writeAttribute("type", "tuner.gate.RuleFailed");
                    xml.writeCharacters(r.message());
                    xml.writeEndElement();
                    xml.writeCharacters("\n  ");
                }
                case SKIPPED -> {
                    xml.writeCharacters("\n    ");
                    xml.writeEmptyElement("skipped");
                    xml.writeAttribute("message", String.join("; ", r.notes()));
                    xml.writeCharacters("\n  ");
                }
                default -> {
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(r.message() + (r.notes().isEmpty() ? "" : "\n" + String.join("\n", r.notes())));
                    xml.writeEndElement();
                    xml.writeCharacters("\n  ");
                }
            }
            xml.writeEndElement();
        }
        xml.writeCharacters("\n");
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
        xml.flush();
        xml.close();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value == null ? "" : value);
    }
}
