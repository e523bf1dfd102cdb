package dev.tuner.maven;

import dev.tuner.bundle.BundleException;
import dev.tuner.gate.Gate;
import dev.tuner.gate.GateException;
import dev.tuner.gate.GateReport;
import dev.tuner.gate.RuleResult;
import dev.tuner.gate.GateReportWriter;
import dev.tuner.gate.GateSpec;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Evaluates the bundled model against the baseline on the same held-out rows and fails the build on a regression.
 * The baseline is a committed metrics file or a released bundle ({@code groupId:artifactId:version}, classifier
 * {@code model-bundle}, type {@code zip}) resolved through Maven's repository system: from the local repository
 * when it is there, so {@code -o} works once the release was installed or downloaded.
 */
@Mojo(name = "gate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class GateMojo extends AbstractDataMojo {

    private static final String SIGNIFICANCE = "tuner.gate.significance";
    private static final String HALT_ON_FAILURE = "tuner.gate.haltOnFailure";
    private static final String RESAMPLES = "tuner.gate.resamples";

    /** Skips this goal. */
    @Parameter(property = "tuner.gate.skip", defaultValue = "false")
    private boolean skipGate;

    /** {@code <baseline>}, {@code <rules>}, {@code <significance>}, {@code <haltOnFailure>}, {@code <resamples>}. */
    @Parameter
    private GateSpec gate;

    /** Overrides {@code <gate><baseline>}: a file, or groupId:artifactId:version of a released bundle. */
    @Parameter(property = "tuner.gate.baseline")
    private String baseline;

    /**
     * A change rule fails only on a drop significant at this level. {@code <gate><significance>} sets it too; this
     * parameter wins when given on the command line or set to another value than the default.
     */
    @Parameter(property = SIGNIFICANCE, defaultValue = "0.05")
    private double significance;

    /** false turns failed rules into warnings. Wins over {@code <gate><haltOnFailure>} like {@code significance}. */
    @Parameter(property = HALT_ON_FAILURE, defaultValue = "true")
    private boolean haltOnFailure;

    /** Paired bootstrap resamples (at least 100). Wins over {@code <gate><resamples>} like {@code significance}. */
    @Parameter(property = RESAMPLES, defaultValue = "2000")
    private int resamples;

    /** Writes the candidate's metrics and predictions as the new baseline file (explicitly; never otherwise). */
    @Parameter(property = "tuner.gate.updateBaseline", defaultValue = "false")
    private boolean updateBaseline;

    /** The candidate: the bundle tuner:bundle wrote. */
    @Parameter(property = "tuner.bundle.file",
            defaultValue = "${project.build.directory}/${project.artifactId}-${project.version}-model-bundle.zip")
    private File bundleFile;

    @Component
    private RepositorySystem repositorySystem;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
    private RepositorySystemSession repositorySession;

    @Override
    protected String goal() {
        return "gate";
    }

    @Override
    protected boolean skipGoal() {
        return skipGate;
    }

    @Override
    protected void executeGoal() throws Exception {
        GateSpec spec = (gate == null ? new GateSpec() : gate).overriddenBy(baseline,
                override(significance, GateSpec.DEFAULT_SIGNIFICANCE, SIGNIFICANCE),
                override(haltOnFailure, true, HALT_ON_FAILURE), override(resamples, GateSpec.DEFAULT_RESAMPLES, RESAMPLES));
        String named = spec.baseline();
        Path basedir = project == null ? Path.of("") : project.getBasedir().toPath();
        Path baselineFile = null;
        Path baselineBundle = null;
        Path updateTarget = null;
        if (named == null) {
            // The file -Dtuner.gate.updateBaseline records when <baseline> is unset is also the one gated against:
            // otherwise a recorded and committed baseline would be ignored and every build would pass unchecked.
            baselineFile = basedir.resolve(Gate.DEFAULT_BASELINE_FILE);
            updateTarget = baselineFile;
        } else if (Gate.isCoordinates(named) && !basedir.resolve(named).toFile().exists()) {
            if (!updateBaseline) {
                baselineBundle = resolve(named);
            }
        } else {
            baselineFile = basedir.resolve(named);
            updateTarget = baselineFile;
        }
        Gate.Outcome outcome;
        try {
            outcome = Gate.run(new Gate.Request(dataRequest(), spec, bundleFile.toPath(), baselineFile,
                    baselineBundle, named, outputDirectory.toPath(), updateBaseline, updateTarget));
        } catch (GateException | BundleException e) {
            throw usersFault(oneLine(e), e);
        }
        GateReport report = outcome.report();
        getLog().info("Gate: " + report.results().size() + " rule(s) on " + report.rows() + " held-out rows against "
                + (report.baseline() == null ? "no baseline" : report.baseline().source()
                + (report.baseline().paired() ? " (paired)" : " (aggregate metrics)")));
        // A failed rule stands out in the log (ERROR when it fails the build, WARNING when it only warns).
        report.results().forEach(r -> {
            String line = "  " + r.status().label() + ": " + r.message();
            if (r.status() != RuleResult.Status.FAILED) {
                getLog().info(line);
            } else if (spec.haltOnFailure() && !updateBaseline) {
                getLog().error(line);
            } else {
                getLog().warn(line);
            }
        });
        // A baseline named on purpose that is not there may be a typo: the gate then checks no change, so say it loudly.
        boolean namedButMissing = named != null && report.baseline() == null && !updateBaseline;
        report.notes().forEach(n -> {
            if (namedButMissing && n.startsWith("no baseline")) {
                getLog().warn(n);
            } else {
                getLog().info(n);
            }
        });
        getLog().info("Wrote " + outputDirectory.toPath().resolve(GateReportWriter.MARKDOWN_FILE) + ", "
                + GateReportWriter.JSON_FILE + " and " + GateReportWriter.JUNIT_FILE);
        if (report.failed()) {
            String message = "tuner:gate: " + report.failures().size() + " of " + report.results().size()
                    + " rule(s) failed against " + report.baseline().source() + ":\n"
                    + String.join("\n", report.failureLines());
            if (spec.haltOnFailure() && !updateBaseline) {
                throw new MojoFailureException(message);
            }
            message.lines().forEach(getLog()::warn);
        }
    }

    /** {@code value} when it should win over the {@code <gate>} element's own setting, else null. */
    private <T> T override(T value, T defaultValue, String property) {
        return givenOnCommandLine(property) || !value.equals(defaultValue) ? value : null;
    }

    private boolean isCandidate(Path file) {
        try {
            return bundleFile != null && Files.exists(file) && Files.exists(bundleFile.toPath())
                    && Files.isSameFile(file, bundleFile.toPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** The released bundle {@code groupId:artifactId:version}, classifier model-bundle, type zip. */
    private Path resolve(String coordinates) throws MojoFailureException {
        String[] gav = coordinates.strip().split(":");
        DefaultArtifact artifact = new DefaultArtifact(gav[0], gav[1], BundleMojo.CLASSIFIER, "zip", gav[2]);
        if (repositorySystem == null || repositorySession == null) {
            throw new MojoFailureException("<gate><baseline>" + coordinates + "</baseline>: no repository system to "
                    + "resolve it");
        }
        List<RemoteRepository> remotes = project == null ? List.of() : project.getRemoteProjectRepositories();
        // A baseline is a released bundle: read from the repositories, never from this build's reactor, which
        // answers the project's own coordinates with the candidate itself (a release build gated against the
        // version it is building would then pass against itself).
        DefaultRepositorySystemSession repositoriesOnly = new DefaultRepositorySystemSession(repositorySession);
        repositoriesOnly.setWorkspaceReader(null);
        try {
            ArtifactResult result = repositorySystem.resolveArtifact(repositoriesOnly,
                    new ArtifactRequest(artifact, remotes, null));
            Path file = result.getArtifact().getFile().toPath();
            if (isCandidate(file)) {
                throw new MojoFailureException("<gate><baseline>" + coordinates + "</baseline>: resolves to this"
                        + " build's own bundle " + file + ", so the gate would compare it with itself; name a"
                        + " released version, or point <baseline> at a file");
            }
            getLog().info("Baseline " + artifact + " resolved to " + file
                    + (result.getRepository() == null ? "" : " (from " + result.getRepository().getId() + ")"));
            return file;
        } catch (ArtifactResolutionException e) {
            throw usersFault("<gate><baseline>" + coordinates + "</baseline>: cannot resolve the bundle " + artifact
                    + (repositorySession.isOffline() ? " offline: it is not in the local repository "
                    + repositorySession.getLocalRepository().getBasedir() : "") + " (install or deploy that "
                    + "version's bundle first, or point <baseline> at a file)", e);
        }
    }
}
