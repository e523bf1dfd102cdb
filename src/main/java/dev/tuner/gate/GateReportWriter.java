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
import java.util.List;
import java.util.Locale;

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

    /** {@code gate.json}: Jackson writes the components in this order, nulls included. */
    public record Json(String status, String candidate, BaselineJson baseline, int rows, double significance,
                       double confidence, int resamples, long seed, List<RuleJson> rules, List<String> notes) {
    }

    /** The baseline of {@code gate.json}; {@code kind} is {@code file} or {@code bundle}. */
    public record BaselineJson(String source, String kind, boolean paired, String note) {
    }

    /** One rule of {@code gate.json}. */
    public record RuleJson(String name, String metric, String direction, Limits limits, String status,
                           Double baseline, Double candidate, Double change, Double relativeChangePercent,
                           Double tolerance, PairedBootstrap.Interval interval, McNemar mcnemar, String message,
                           List<String> notes) {
    }

    /** A rule's limits as configured, null when not set. */
    public record Limits(Double minimum, Double maximum, Double maxDrop, Double maxRelativeDrop) {
    }

    public static Json toJson(GateReport report) {
        Baseline b = report.baseline();
        List<RuleJson> rules = report.results().stream().map(r -> new RuleJson(r.rule().name(),
                r.rule().metricName(), r.direction() == null ? null : r.direction().shortName(),
                new Limits(r.rule().getMinimum(), r.rule().getMaximum(), r.rule().getMaxDrop(),
                        r.rule().getMaxRelativeDrop()),
                r.status().label(), r.baseline(), r.candidate(), r.change(), r.relativeChange(), r.tolerance(),
                r.interval(), r.mcNemar(), r.message(), r.notes())).toList();
        return new Json(report.status(), report.candidate(),
                b == null ? null : new BaselineJson(b.source(), b.kind().jsonName(), b.paired(), b.note()),
                report.rows(), report.significance(), 1 - report.significance(), report.resamples(), report.seed(),
                rules, report.notes());
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
