package dev.tuner.maven;

import dev.tuner.bundle.BundleBuilder;
import dev.tuner.bundle.BundleRequest;
import dev.tuner.gate.Gate;
import dev.tuner.gate.GateSpec;
import dev.tuner.gate.Rule;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tuning.TuningRequest;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.WorkspaceReader;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate goal as Maven configures it from a POM: {@code <gate>} binds onto the engine's GateSpec and Rule. */
@MojoTest
class GateMojoTest {
    private static final String POM = "pom.xml";

    @TempDir
    Path out;

    @Test
    @InjectMojo(goal = "gate", pom = POM)
    @Basedir("src/test/resources/unit/gate-iris")
    void gateElementBindsOntoTheEngineClasses(GateMojo mojo) throws Exception {
        GateSpec spec = (GateSpec) MojoExtension.getVariableValueFromObject(mojo, "gate");
        assertEquals("baseline.json", spec.baseline());
        assertEquals(2, spec.rules().size());
        Rule first = spec.rules().get(0);
        assertEquals("accuracy", first.getMetric());
        assertEquals(0.01, first.getMaxDrop());
        assertEquals(0.5, spec.rules().get(1).getMinimum());
        assertEquals(0.1, spec.significance());
        assertEquals(300, spec.resamples());
        assertTrue(spec.haltOnFailure());
    }

    @Test
    @InjectMojo(goal = "gate", pom = POM)
    @Basedir("src/test/resources/unit/gate-iris")
    void aMissingCandidateIsRefusedClearly(GateMojo mojo) throws Exception {
        configure(mojo, null);
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("candidate bundle " + out.resolve("candidate.zip") + " not found"),
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "gate", pom = POM)
    @Basedir("src/test/resources/unit/gate-iris")
    void aBaselineWithHigherMetricsFailsWithOneLinePerFailedRuleUnlessHaltOnFailureIsOff(GateMojo mojo)
            throws Exception {
        Path baseline = out.resolve("high.json");
        Files.writeString(baseline, "{\"metrics\": {\"accuracy\": 1.0, \"macro-f1\": 1.0}}");
        configure(mojo, baseline);
        bundle(mojo);
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(2, lines.size(), e.getMessage());
        assertEquals("tuner:gate: 1 of 2 rule(s) failed against " + baseline + ":", lines.get(0));
        assertTrue(lines.get(1).startsWith("accuracy: drop "), lines.get(1));
        assertTrue(lines.get(1).contains("baseline 1.0000, candidate "), lines.get(1));
        assertTrue(Files.isRegularFile(out.resolve("tuner/TEST-tuner-gate.xml")));

        MojoExtension.setVariableValueToObject(mojo, "haltOnFailure", false);
        mojo.execute();
        assertTrue(Files.readString(out.resolve("tuner/gate.md")).contains("**failed**"));
    }

    @Test
    @InjectMojo(goal = "gate", pom = POM)
    @Basedir("src/test/resources/unit/gate-iris")
    void updateBaselineWritesTheFileAndTheNextRunPasses(GateMojo mojo) throws Exception {
        Path baseline = out.resolve("recorded/baseline.json");
        configure(mojo, baseline);
        bundle(mojo);
        MojoExtension.setVariableValueToObject(mojo, "updateBaseline", true);
        mojo.execute();
        assertTrue(Files.isRegularFile(baseline));
        MojoExtension.setVariableValueToObject(mojo, "updateBaseline", false);
        mojo.execute();
        assertTrue(Files.readString(out.resolve("tuner/gate.json")).contains("\"status\" : \"passed\""));
    }

    /**
     * A baseline named by coordinates is read from the repositories only: the reactor's workspace would answer the
     * project's own coordinates (a release build gated against the version it builds) with the candidate itself.
     * The stub stands for Maven's resolver: it says which session it was asked with and returns a file.
     */
    @Test
    @InjectMojo(goal = "gate", pom = POM)
    @Basedir("src/test/resources/unit/gate-iris")
    void aReleasedBaselineIsResolvedWithoutTheReactorAndNeverToTheCandidate(GateMojo mojo) throws Exception {
        configure(mojo, null);
        bundle(mojo);
        Path candidate = out.resolve("candidate.zip");
        Path released = out.resolve("repository/gate-iris-1.0-model-bundle.zip");
        Files.createDirectories(released.getParent());
        Files.copy(candidate, released);
        DefaultRepositorySystemSession buildSession = new DefaultRepositorySystemSession();
        buildSession.setWorkspaceReader((WorkspaceReader) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{WorkspaceReader.class}, (proxy, method, args) -> null));
        List<RepositorySystemSession> asked = new java.util.ArrayList<>();
        Path[] answer = {released};
        RepositorySystem resolver = (RepositorySystem) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{RepositorySystem.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("resolveArtifact")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    asked.add((RepositorySystemSession) args[0]);
                    ArtifactRequest request = (ArtifactRequest) args[1];
                    return new ArtifactResult(request).setArtifact(request.getArtifact()
                            .setFile(answer[0].toFile()));
                });
        MojoExtension.setVariableValueToObject(mojo, "repositorySystem", resolver);
        MojoExtension.setVariableValueToObject(mojo, "repositorySession", buildSession);
        MojoExtension.setVariableValueToObject(mojo, "baseline", "dev.tuner.test:gate-iris:1.0");

        mojo.execute();
        assertEquals(1, asked.size());
        assertEquals(null, asked.get(0).getWorkspaceReader(), "the reactor is left out of the resolution");
        assertTrue(Files.readString(out.resolve("tuner/gate.json")).contains("\"paired\" : true"));

        answer[0] = candidate;
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<gate><baseline>dev.tuner.test:gate-iris:1.0</baseline>: resolves to this build's own bundle "
                + candidate + ", so the gate would compare it with itself; name a released version, or point"
                + " <baseline> at a file", e.getMessage());
    }

    /**
     * Without {@code <baseline>}, the file that {@code -Dtuner.gate.updateBaseline} records (and the log says to
     * commit) is the one the next build is gated against; ignoring it would pass every later build unchecked.
     */
    @Test
    @InjectMojo(goal = "gate", pom = POM)
    @Basedir("src/test/resources/unit/gate-iris")
    void withoutABaselineElementTheRecordedDefaultFileIsTheBaseline(GateMojo mojo) throws Exception {
        configure(mojo, null);
        MojoExtension.setVariableValueToObject(mojo, "gate", new GateSpec(null, List.of(), null, null, null));
        MavenProject project = new MavenProject();
        project.setFile(out.resolve("project/pom.xml").toFile());
        MojoExtension.setVariableValueToObject(mojo, "project", project);
        bundle(mojo);
        Path recorded = out.resolve("project").resolve(Gate.DEFAULT_BASELINE_FILE);
        MojoExtension.setVariableValueToObject(mojo, "updateBaseline", true);
        mojo.execute();
        assertTrue(Files.isRegularFile(recorded));

        MojoExtension.setVariableValueToObject(mojo, "updateBaseline", false);
        mojo.execute();
        String report = Files.readString(out.resolve("tuner/gate.json"));
        assertTrue(report.contains("\"status\" : \"passed\""), report);
        assertTrue(report.contains("\"paired\" : true"), report);

        Files.writeString(recorded, "{\"metrics\": {\"accuracy\": 1.0}}");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("tuner:gate: 1 of 1 rule(s) failed against " + recorded + ":"),
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "gate", pom = POM)
    @Basedir("src/test/resources/unit/gate-iris")
    void skipFlagSkips(GateMojo mojo) throws Exception {
        configure(mojo, null);
        MojoExtension.setVariableValueToObject(mojo, "skipGate", true);
        mojo.execute();
        assertFalse(Files.exists(out.resolve("tuner")));
    }

    /** A bad setting of the gate: the build fails on one line naming the element as the POM writes it. */
    @ParameterizedTest
    @MethodSource("badSettings")
    @InjectMojo(goal = "gate", pom = POM)
    @Basedir("src/test/resources/unit/gate-iris")
    void aBadGateSettingNamesItsElement(Map<String, Object> parameters, String expected, GateMojo mojo)
            throws Exception {
        configure(mojo, null);
        for (Map.Entry<String, Object> p : parameters.entrySet()) {
            MojoExtension.setVariableValueToObject(mojo, p.getKey(), p.getValue());
        }
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(Map.of("gate", gateWith(Rule.maxDrop("my-score", 0.1))),
                        "<gate><rules><rule><metric>my-score</metric>: unknown metric, so a drop has no direction"),
                Arguments.of(Map.of("gate", gateWith(Rule.maxDrop("accuracy", -0.1))),
                        "<gate><rules><rule><maxDrop>-0.1</maxDrop>: is negative"),
                Arguments.of(Map.of("gate", gateWith(new Rule(null, 0.9, null, null, null))),
                        "<gate><rules><rule><metric>: not set"),
                Arguments.of(Map.of("gate", gateWith(new Rule("accuracy", 0.9, 0.5, null, null))),
                        "<gate><rules><rule><minimum>0.9</minimum>: is above <gate><rules><rule><maximum> 0.5"),
                Arguments.of(Map.of("gate", new GateSpec(null, List.of(), 1.5, null, null)),
                        "<gate><significance>1.5</significance>: must be in (0, 1)"),
                Arguments.of(Map.of("significance", 1.5), "<significance>1.5</significance>: must be in (0, 1)"),
                Arguments.of(Map.of("resamples", 10), "<resamples>10</resamples>: use at least 100"),
                Arguments.of(Map.of("updateBaseline", true, "baseline", "g:a:1"), "<updateBaseline>true"
                        + "</updateBaseline>: writes a baseline file, but <gate><baseline> names the released"
                        + " bundle g:a:1"));
    }

    private static GateSpec gateWith(Rule rule) {
        return new GateSpec(null, List.of(rule), null, null, null);
    }

    private void configure(GateMojo mojo, Path baseline) throws Exception {
        MojoExtension.setVariableValueToObject(mojo, "outputDirectory", out.resolve("tuner").toFile());
        MojoExtension.setVariableValueToObject(mojo, "bundleFile", out.resolve("candidate.zip").toFile());
        if (baseline != null) {
            MojoExtension.setVariableValueToObject(mojo, "baseline", baseline.toString());
        }
    }

    /** The bundle tuner:bundle would have written, from the same configuration. */
    private void bundle(GateMojo mojo) throws Exception {
        Object dataset = MojoExtension.getVariableValueFromObject(mojo, "dataset");
        File csv = (File) MojoExtension.getVariableValueFromObject(dataset, "path");
        TuningRequest study = new TuningRequest(new DatasetSpec(csv, "label", 0.2, "auto"), "logistic", null,
                getClass().getClassLoader(), Map.of(), List.of(), 4, "random", "none", List.of(1.0), 2, 1, 42,
                out.resolve("studies.db").toString(), "gate-mojo", null);
        Path zip = out.resolve("candidate.zip");
        BundleBuilder.build(new BundleRequest(study, Map.of("epochs", "20", "learningRate", "0.5"), null, null, null,
                out.resolve("cache"), zip, out.resolve("bundle.json"), Instant.parse("2026-11-23T00:00:00Z"), "test",
                null));
    }
}
