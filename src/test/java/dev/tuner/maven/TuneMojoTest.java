package dev.tuner.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tune goal as Maven configures it from a POM, without a full build. */
@MojoTest
class TuneMojoTest {
    private static final String POM = "pom.xml";

    @TempDir
    Path out;

    @Test
    @InjectMojo(goal = "tune", pom = POM)
    @Basedir("src/test/resources/unit/tune-iris")
    void tunesAndWritesTrialsAndBest(TuneMojo mojo) throws Exception {
        configure(mojo);
        mojo.execute();
        List<String> rows = Files.readAllLines(out.resolve("tuner/trials.csv"));
        assertEquals(7, rows.size());
        assertTrue(rows.get(0).startsWith("number,state,param:maxDepth,value@1,accuracy,"), rows.get(0));
        JsonNode best = new ObjectMapper().readTree(out.resolve("tuner/best.json").toFile());
        assertEquals("mojo-test", best.get("study").asText());
        assertTrue(best.at("/best/values/accuracy").asDouble() > 0.8);
        assertEquals(30, best.at("/heldOut/rows").asInt());
    }

    @Test
    @InjectMojo(goal = "tune", pom = POM)
    @Basedir("src/test/resources/unit/tune-iris")
    void skipFlagSkipsWithoutTouchingAnything(TuneMojo mojo) throws Exception {
        configure(mojo);
        MojoExtension.setVariableValueToObject(mojo, "skipTune", true);
        mojo.execute();
        assertFalse(Files.exists(out.resolve("tuner")));
    }

    @Test
    @InjectMojo(goal = "tune", pom = POM)
    @Basedir("src/test/resources/unit/tune-iris")
    void aBadDistributionIsTheUsersFailureNamingTheElement(TuneMojo mojo) throws Exception {
        configure(mojo);
        MojoExtension.setVariableValueToObject(mojo, "searchSpace", Map.of("maxDepth", "int(6, 1)"));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<searchSpace><maxDepth>: 'int(6, 1)': low 6 is greater than high 1", e.getMessage());
    }

    /** A trainer's study under the default sampler keeps gp through a stall: its metric is a cross-validation. */
    @Test
    @InjectMojo(goal = "tune", pom = POM)
    @Basedir("src/test/resources/unit/tune-iris")
    void theDefaultSamplerOfATrainersStudySaysItKeepsGpThroughAStall(TuneMojo mojo) throws Exception {
        configure(mojo);
        MojoExtension.setVariableValueToObject(mojo, "sampler", AbstractStudyMojo.DEFAULT_SAMPLER);
        List<String> info = infoLines(mojo);
        mojo.execute();
        assertTrue(info.stream().anyMatch(l -> l.startsWith("Sampler auto: gp (")
                && l.endsWith("; no hand-over to cmaes at a stall, the metric being a cross-validated estimate")),
                String.join("\n", info));
    }

    @Test
    @InjectMojo(goal = "tune", pom = POM)
    @Basedir("src/test/resources/unit/tune-iris")
    void severalObjectivesPrintTheParetoFrontRatherThanABestTrial(TuneMojo mojo) throws Exception {
        configure(mojo);
        MojoExtension.setVariableValueToObject(mojo, "objectives", List.of("accuracy", "model-size:min"));
        MojoExtension.setVariableValueToObject(mojo, "sampler", AbstractStudyMojo.DEFAULT_SAMPLER);
        List<String> info = infoLines(mojo);
        mojo.execute();

        List<Integer> front = new ArrayList<>();
        new ObjectMapper().readTree(out.resolve("tuner/best.json").toFile()).get("paretoFront")
                .forEach(t -> front.add(t.get("number").asInt()));
        assertFalse(front.isEmpty());
        // The default sampler says how it handles two objectives (it does not optimise the first alone).
        assertTrue(info.stream().anyMatch(l -> l.startsWith("Sampler ") && l.contains("2 objectives")),
                String.join("\n", info));
        assertTrue(info.stream().noneMatch(l -> l.startsWith("Best trial") || l.contains("| best ")),
                String.join("\n", info));
        // The front's size, said as a count of trials (a bare number read like a rank).
        java.util.regex.Pattern frontOfTrials = java.util.regex.Pattern.compile("\\| Pareto front of \\d+ trials? \\|");
        assertTrue(info.stream().filter(l -> l.startsWith("trial ") && l.contains(" complete "))
                .allMatch(l -> frontOfTrials.matcher(l).find()), String.join("\n", info));
        int header = info.indexOf("Pareto front: " + front.size() + " non-dominated trial(s) on accuracy:max,"
                + " model-size:min");
        assertTrue(header >= 0, String.join("\n", info));
        List<Integer> listed = new ArrayList<>();
        for (String line : info.subList(header + 1, header + 1 + front.size())) {
            Matcher m = Pattern.compile("^  #(\\d+): accuracy=\\S+ model-size=\\S+ \\{.*}$").matcher(line);
            assertTrue(m.matches(), line);
            listed.add(Integer.parseInt(m.group(1)));
        }
        assertEquals(front, listed, "exactly the Pareto front, in number order");
    }

    /**
     * The nested {@code <dataset><encoding>} binds from the POM (the file is windows-1252, so UTF-8 would fail on
     * line 2), and a data warning (a word in a numeric column, line 8) reaches the Maven log.
     */
    @Test
    @InjectMojo(goal = "tune", pom = POM)
    @Basedir("src/test/resources/unit/tune-quirks")
    void readsTheDeclaredEncodingAndLogsDataWarnings(TuneMojo mojo) throws Exception {
        configure(mojo);
        List<String> lines = new java.util.ArrayList<>();
        mojo.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                lines.add(content.toString());
            }

            @Override
            public void warn(CharSequence content) {
                lines.add(content.toString());
            }
        });
        mojo.execute();
        assertTrue(lines.stream().anyMatch(l -> l.contains("iris-latin1.csv: column 'sepal_length_cm' is numeric")
                && l.contains("line 8 'high'")), lines.toString());
    }

    private void configure(TuneMojo mojo) throws Exception {
        MojoExtension.setVariableValueToObject(mojo, "outputDirectory", out.resolve("tuner").toFile());
        MojoExtension.setVariableValueToObject(mojo, "storage", out.resolve("studies.db").toString());
        // The POM names the data as ${basedir}/iris.csv; the harness resolves it against @Basedir.
        Object dataset = MojoExtension.getVariableValueFromObject(mojo, "dataset");
        assertTrue(((File) MojoExtension.getVariableValueFromObject(dataset, "path")).isFile());
    }

    /** The info lines the mojo logs from here on. */
    private static List<String> infoLines(TuneMojo mojo) {
        List<String> info = new ArrayList<>();
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                info.add(content.toString());
            }
        });
        return info;
    }
}
