package dev.tuner.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The estimate goal as Maven configures it from a POM (the same configuration shape as tune). */
@MojoTest
class EstimateMojoTest {
    private static final String POM = "pom.xml";

    @TempDir
    Path out;

    @Test
    @InjectMojo(goal = "estimate", pom = POM)
    @Basedir("src/test/resources/unit/estimate-iris")
    void writesThePlanWithTheDesignKeysAndTheBudgetTable(EstimateMojo mojo) throws Exception {
        configure(mojo);
        MojoExtension.setVariableValueToObject(mojo, "costPerCpuHour", 0.5);
        mojo.execute();
        JsonNode e = new ObjectMapper().readTree(out.resolve("tuner/estimate.json").toFile());
        for (String key : new String[]{"plannedRuns", "expectedRuns", "expectedSeconds", "peakMemoryBytes",
                "diskBytes", "budgets", "cost"}) {
            assertTrue(e.has(key), key + " in " + e);
        }
        assertEquals(6 * 3 * 2, e.get("plannedRuns").asLong());
        assertEquals(3, e.get("budgets").size());
        assertEquals(12, e.at("/budgets/0/expectedRuns").asDouble(), 1e-9);
        assertTrue(e.get("expectedRuns").asDouble() < 36 && e.get("expectedRuns").asDouble() > 12);
        assertTrue(e.get("expectedSeconds").asDouble() > 0);
        // 6 trials of a few hundred bytes each at least (their parameters, values and intermediate values).
        assertTrue(e.at("/disk/databaseBytes").asLong() > 6 * 200, e.get("disk").toString());
        assertFalse(Files.exists(out.resolve("studies.db")), "estimate must not create the storage");
    }

    /** The final choice is planned as tune will run it, from the same elements. */
    @Test
    @InjectMojo(goal = "estimate", pom = POM)
    @Basedir("src/test/resources/unit/estimate-iris")
    void plansTheFinalChoiceAsTuneIsConfigured(EstimateMojo mojo) throws Exception {
        configure(mojo);
        mojo.execute();
        JsonNode planned = new ObjectMapper().readTree(out.resolve("tuner/estimate.json").toFile());
        assertTrue(planned.at("/phases/finalChoiceSeconds").asDouble() > 0, planned.toString());

        MojoExtension.setVariableValueToObject(mojo, "rescoreTop", 0);
        mojo.execute();
        JsonNode off = new ObjectMapper().readTree(out.resolve("tuner/estimate.json").toFile());
        assertEquals(0, off.at("/phases/finalChoiceSeconds").asDouble(), 1e-12, off.toString());
    }

    @Test
    @InjectMojo(goal = "estimate", pom = POM)
    @Basedir("src/test/resources/unit/estimate-iris")
    void aWallTimeCeilingFailsTheBuildNamingIt(EstimateMojo mojo) throws Exception {
        configure(mojo);
        MojoExtension.setVariableValueToObject(mojo, "maxWallTime", "PT0.001S");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("<maxWallTime>PT0.001S</maxWallTime> exceeded: expected "),
                e.getMessage());
        assertTrue(Files.exists(out.resolve("tuner/estimate.json")), "the plan is still written");
    }

    @Test
    @InjectMojo(goal = "estimate", pom = POM)
    @Basedir("src/test/resources/unit/estimate-iris")
    void aBadMemoryCeilingFailsBeforeTheProbe(EstimateMojo mojo) throws Exception {
        configure(mojo);
        MojoExtension.setVariableValueToObject(mojo, "maxMemory", "lots");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<maxMemory>lots</maxMemory>: not a memory size such as 512m or 2g", e.getMessage());
        assertFalse(Files.exists(out.resolve("tuner")));
    }

    @Test
    @InjectMojo(goal = "estimate", pom = POM)
    @Basedir("src/test/resources/unit/estimate-iris")
    void skipFlagSkips(EstimateMojo mojo) throws Exception {
        configure(mojo);
        MojoExtension.setVariableValueToObject(mojo, "skipEstimate", true);
        mojo.execute();
        assertFalse(Files.exists(out.resolve("tuner")));
    }

    private void configure(EstimateMojo mojo) throws Exception {
        MojoExtension.setVariableValueToObject(mojo, "outputDirectory", out.resolve("tuner").toFile());
        MojoExtension.setVariableValueToObject(mojo, "storage", out.resolve("studies.db").toString());
    }
}
