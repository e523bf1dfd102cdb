package dev.tuner.maven;

import dev.tuner.tribuo.OnnxForm;
import dev.tuner.bundle.Embedder;
import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.config.ConfigurationException;
import dev.tuner.bundle.BundleBuilder;
import dev.tuner.bundle.BundleException;
import dev.tuner.bundle.BundleRequest;
import dev.tuner.bundle.Embedders;
import dev.tuner.bundle.EmbeddingsSpec;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProjectHelper;

import java.io.File;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Refits the chosen parameters on every non-held-out row, writes model + embeddings + manifest into a reproducible
 * zip, checks it through the loader, and attaches it with classifier {@code model-bundle}.
 */
@Mojo(name = "bundle", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class BundleMojo extends AbstractTrainerMojo {
    /** The classifier the bundle is attached with. */
    public static final String CLASSIFIER = "model-bundle";

    /** Skips this goal. */
    @Parameter(property = "tuner.bundle.skip", defaultValue = "false")
    private boolean skipBundle;

    /** JSON with the parameters: one trial of best.json ({"params": {...}}) or a whole best.json. */
    @Parameter(property = "tuner.paramsFile")
    private File paramsFile;

    /** Precomputed sentence embeddings of one or more corpora. */
    @Parameter
    private EmbeddingsSpec embeddings;

    /** The embedding cache shared by builds. */
    @Parameter(property = "tuner.embeddings.cache", defaultValue = "${settings.localRepository}/.cache/tuner-embeddings")
    private File embeddingsCache;

    /** The bundle file. */
    @Parameter(property = "tuner.bundle.file",
            defaultValue = "${project.build.directory}/${project.artifactId}-${project.version}-model-bundle.zip")
    private File bundleFile;

    /** Attach the bundle to the project (classifier model-bundle, type zip) so install/deploy publish it. */
    @Parameter(property = "tuner.bundle.attach", defaultValue = "true")
    private boolean attach;

    /** Timestamp of the zip entries and the model's provenance; ISO-8601 or seconds since the epoch. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    private String pluginVersion;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    protected String goal() {
        return "bundle";
    }

    @Override
    protected boolean skipGoal() {
        return skipBundle;
    }

    /** The embedder {@code <embeddings><model>} names. */
    private static Embedder embedder(String model) {
        if (!Embedders.ships(model)) {
            throw new InvalidSettingException(Setting.of("embeddings", "model"), model, "unknown model; supported: "
                    + Embedders.MINILM);
        }
        return Embedders.create(model);
    }

    @Override
    protected void executeGoal() throws Exception {
        BundleRequest request = new BundleRequest(tuningRequest(), params, paramsFile, embeddings,
                BundleMojo::embedder, embeddingsCache.toPath(), bundleFile.toPath(),
                outputDirectory.toPath().resolve("bundle.json"), timestamp(outputTimestamp), pluginVersion,
                project == null ? null : project.getBasedir().toPath(), project == null ? null
                : new BundleRequest.Coordinates(project.getGroupId(), project.getArtifactId(), project.getVersion()));
        BundleBuilder.Outcome outcome;
        try {
            outcome = BundleBuilder.build(request);
        } catch (BundleException e) {
            throw usersFault(oneLine(e), e);
        }
        getLog().info("Parameters from " + outcome.paramsSource() + "; held-out metrics "
                + ProgressLines.metrics(outcome.metrics()));
        if (embeddings != null) {
            getLog().info("Embeddings: " + outcome.computed() + " computed, " + outcome.cached() + " from the cache "
                    + embeddingsCache);
        }
        getLog().info("Wrote " + outcome.zip() + " (" + outcome.bytes() + " bytes, sha256 " + outcome.sha256()
                + "), checked through the loader");
        OnnxForm.Check onnx = outcome.report().safetyCheck().onnx();
        if (onnx != null && onnx.leftOutBecause() != null) {
            getLog().warn("The bundle has no ONNX form: " + onnx.leftOutBecause() + " (model/model.tribuo is complete)");
        } else if (onnx != null) {
            getLog().info(String.format(Locale.ROOT, "ONNX form checked: ONNX Runtime predicts the %d held-out rows as"
                    + " the model (largest difference %.1e)", onnx.rows(), onnx.largestDifference()));
        }
        if (attach && project != null && projectHelper != null) {
            projectHelper.attachArtifact(project, "zip", CLASSIFIER, bundleFile);
        }
    }

    /** Maven's outputTimestamp: ISO-8601, or whole seconds since the epoch; absent: a fixed constant. */
    static Instant timestamp(String text) {
        if (text == null || text.isBlank() || text.strip().length() < 2) {
            return Instant.parse("2000-01-01T00:00:00Z");
        }
        String t = text.strip();
        if (t.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochSecond(Long.parseLong(t));
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new ConfigurationException("project.build.outputTimestamp '" + text + "': expected ISO-8601 such as"
                    + " 2024-01-01T00:00:00Z or seconds since the epoch");
        }
    }
}
