package dev.tuner.maven;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.estimate.Ceilings;
import dev.tuner.estimate.Estimate;
import dev.tuner.estimate.Estimator;
import dev.tuner.estimate.MemorySize;
import dev.tuner.study.Stage;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@code tune} run of the same configuration will cost: runs, pruned runs, time, memory, disk, calibrated by
 * a timed probe. Writes {@code estimate.json} and fails the build when a ceiling is exceeded, so that a bound
 * {@code tune} never starts over budget.
 */
@Mojo(name = "estimate", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class EstimateMojo extends AbstractStudyMojo {

    /** Skips this goal. */
    @Parameter(property = "tuner.estimate.skip", defaultValue = "false")
    private boolean skipEstimate;

    /** Ceiling on the expected wall time of tune, ISO-8601 (e.g. PT30M); the build fails above it. */
    @Parameter(property = "tuner.maxWallTime")
    private String maxWallTime;

    /** Ceiling on the expected peak heap of tune, e.g. 512m or 2g; the build fails above it. */
    @Parameter(property = "tuner.maxMemory")
    private String maxMemory;

    /** Optional price of one CPU-hour; estimate.json then carries {@code cost}. */
    @Parameter(property = "tuner.costPerCpuHour")
    private Double costPerCpuHour;

    /** Random parameter draws timed at each probe budget. */
    @Parameter(property = "tuner.probeDraws", defaultValue = "4")
    private int probeDraws;

    /**
     * The full corpus the top-k will be re-run on after tuning on this sample: a row count, or a second data file
     * (read as {@code <dataset>}); the estimate then adds that re-run's time and memory.
     */
    @Parameter(property = "tuner.fullCorpus")
    private String fullCorpus;

    /**
     * Plans the run {@code tune} makes with the same property: this many trials beyond those the study has finished,
     * whatever {@code <trials>} says.
     */
    @Parameter(property = "tuner.moreTrials", defaultValue = "0")
    private int moreTrials;

    /** The stages tune runs ({@code <stages>}, the same element): each searching stage is planned as its study. */
    @Parameter
    private List<Stage> stages = new ArrayList<>();

    @Override
    protected String goal() {
        return "estimate";
    }

    @Override
    protected boolean skipGoal() {
        return skipEstimate;
    }

    /**
     * Whether {@code tune} runs later in this Maven build, in this JVM, which the probe has then warmed up: named on
     * the command line ({@code tuner:tune}, {@code ...:tune}), or bound in the POM while a lifecycle phase runs.
     */
    private boolean tuneFollowsInThisBuild() {
        MavenSession session = session();
        if (session == null || session.getGoals() == null) {
            return false;
        }
        List<String> goals = session.getGoals();
        if (goals.stream().anyMatch(g -> g.endsWith(":tune"))) {
            return true;
        }
        boolean phase = goals.stream().anyMatch(g -> !g.contains(":"));
        return phase && project != null && project.getBuildPlugins().stream()
                .filter(p -> "tuner-maven-plugin".equals(p.getArtifactId()))
                .flatMap(p -> p.getExecutions().stream())
                .anyMatch(e -> e.getGoals().contains("tune"));
    }

    /** Whether {@code <element>} took its value from {@code -Dtuner.element}, not from the POM. */
    private boolean fromCommandLine(String element) {
        return givenOnCommandLine("tuner." + element) && !writtenInPluginConfiguration(element);
    }

    @Override
    protected void executeGoal() throws Exception {
        // Parse the ceilings first: a typo fails at once, before the probe spends any time.
        Ceilings ceilings = new Ceilings(parseDuration("maxWallTime", maxWallTime),
                maxMemory == null || maxMemory.isBlank() ? null : MemorySize.parse("maxMemory", maxMemory),
                fromCommandLine("maxWallTime") ? "-Dtuner.maxWallTime=" + maxWallTime.strip() : null,
                fromCommandLine("maxMemory") ? "-Dtuner.maxMemory=" + maxMemory.strip() : null);
        if (costPerCpuHour != null && !(costPerCpuHour >= 0)) {
            throw new InvalidSettingException("costPerCpuHour", costPerCpuHour, "must be >= 0");
        }
        var request = tuningRequest(List.of(), Map.of(), 0, stages);
        request = request.withOptions(request.options().withMoreTrials(moreTrials));
        String corpus = fullCorpus == null || fullCorpus.isBlank() || fullCorpus.strip().matches("\\d+")
                || project == null ? fullCorpus
                : project.getBasedir().toPath().resolve(fullCorpus.strip()).toString();
        Estimate estimate = Estimator.estimate(request,
                new Estimator.Options(probeDraws, costPerCpuHour, topK(), corpus, origins, tuneFollowsInThisBuild()));
        Path file = outputDirectory.toPath().resolve("estimate.json");
        estimate.write(file);
        estimate.warnings().forEach(getLog()::warn);
        estimate.lines().forEach(getLog()::info);
        getLog().info("Wrote " + file);
        List<String> violations = ceilings.violations(estimate);
        if (!violations.isEmpty()) {
            throw new MojoFailureException(String.join("; ", violations));
        }
    }
}
