package dev.tuner.maven;

import dev.tuner.storage.StorageException;
import dev.tuner.study.StudyFailedException;
import dev.tuner.tribuo.DataException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;

/**
 * Base of every goal: one place that honours {@code tuner.skip} and the goal's own skip flag, and one exception
 * ladder that turns the engine's typed exceptions into a clear one-line failure (the user's mistake) or an
 * execution error (ours).
 */
public abstract class AbstractTunerMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Skips every tuner goal. */
    @Parameter(property = "tuner.skip", defaultValue = "false")
    protected boolean skip;

    /** Where the goals write their reports ({@code trials.csv}, {@code best.json}, ...). */
    @Parameter(property = "tuner.outputDirectory", defaultValue = "${project.build.directory}/tuner")
    protected File outputDirectory;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping " + goal() + ": tuner.skip is set");
            return;
        }
        if (skipGoal()) {
            getLog().info("Skipping " + goal() + ": tuner." + goal() + ".skip is set");
            return;
        }
        try {
            executeGoal();
        } catch (MojoFailureException | MojoExecutionException e) {
            throw e;
        } catch (StudyFailedException | StorageException | DataException | IllegalArgumentException e) {
            // The user's configuration, data or storage: say what to fix, without a stack trace.
            throw new MojoFailureException(oneLine(e), e);
        } catch (Exception e) {
            throw new MojoExecutionException("tuner:" + goal() + " failed: " + oneLine(e), e);
        }
    }

    /** The goal's name, as in {@code tuner:<goal>}. */
    protected abstract String goal();

    /** The goal's own skip flag, {@code tuner.<goal>.skip}. */
    protected abstract boolean skipGoal();

    protected abstract void executeGoal() throws Exception;

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.lines().findFirst().orElse(m);
    }
}
