package dev.tuner.maven;

import dev.tuner.config.ConfigurationException;
import dev.tuner.config.Spelling;
import dev.tuner.storage.StorageException;
import dev.tuner.study.StudyFailedException;
import dev.tuner.tribuo.DataException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;

/**
 * Base of every goal: one place that honours {@code tuner.skip} and the goal's own skip flag, and one exception
 * ladder that turns the engine's typed exceptions into a clear one-line failure (the user's mistake) or an
 * execution error (ours).
 */
public abstract class AbstractTunerMojo extends AbstractMojo {

    /** Default of {@code <storage>}. */
    static final String STORAGE = "${project.basedir}/.tuner/studies.db";
    /** Default of {@code <study>}. */
    static final String STUDY = "${project.artifactId}";
    /** Default of {@code <outputDirectory>}. */
    static final String OUTPUT_DIRECTORY = "${project.build.directory}/tuner";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Skips every tuner goal. */
    @Parameter(property = "tuner.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    private MojoExecution mojoExecution;

    @Parameter(defaultValue = "${session}", readonly = true)
    private MavenSession session;

    /** The default lifecycle's phases in order, for which bound goals a build's requested phases reach. */
    private static final List<String> LIFECYCLE = List.of("validate", "initialize", "generate-sources",
            "process-sources", "generate-resources", "process-resources", "compile", "process-classes",
            "generate-test-sources", "process-test-sources", "generate-test-resources", "process-test-resources",
            "test-compile", "process-test-classes", "test", "prepare-package", "package", "pre-integration-test",
            "integration-test", "post-integration-test", "verify", "install", "deploy");

    /**
     * Which of the goals of this plugin named in {@code defaultPhases} the POM binds to a phase this build's requested phases reach (and which no
     * skip property switches off): what will run later in this build, so that a setting it cannot take fails before
     * the study, not after it. Empty outside a Maven build.
     *
     * @param defaultPhases each goal's default phase, for an execution that names none
     */
    protected List<String> laterGoalsOfThisBuild(Map<String, String> defaultPhases) {
        if (project == null || session == null || mojoExecution == null || project.getBuild() == null) {
            return List.of();
        }
        int reached = session.getGoals().stream().mapToInt(LIFECYCLE::indexOf).max().orElse(-1);
        Properties user = session.getUserProperties();
        Plugin plugin = project.getBuild().getPluginsAsMap()
                .get(mojoExecution.getMojoDescriptor().getPluginDescriptor().getPluginLookupKey());
        if (plugin == null || reached < 0 || Boolean.parseBoolean(user.getProperty("tuner.skip"))) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (PluginExecution execution : plugin.getExecutions()) {
            for (String goal : execution.getGoals()) {
                if (!defaultPhases.containsKey(goal)) {
                    continue;
                }
                String phase = execution.getPhase() != null ? execution.getPhase() : defaultPhases.get(goal);
                if (phase != null && LIFECYCLE.indexOf(phase) >= 0 && LIFECYCLE.indexOf(phase) <= reached
                        && !Boolean.parseBoolean(user.getProperty("tuner." + goal + ".skip")) && !out.contains(goal)) {
                    out.add(goal);
                }
            }
        }
        return out;
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (mojoExecution != null && session != null) {
            shadowedProperties(mojoExecution.getMojoDescriptor(), mojoExecution.getConfiguration(),
                    session.getUserProperties()).forEach(getLog()::warn);
            unknownElementsOnce().forEach(getLog()::warn);
        }
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
        } catch (ConfigurationException e) {
            // The user's configuration: name the setting as the POM or the command line wrote it.
            throw usersFault(settingMessages().render(e), e);
        } catch (StudyFailedException | StorageException | DataException e) {
            // The user's data or storage: say what to fix, without a stack trace.
            throw usersFault(oneLine(e), e);
        } catch (Exception e) {
            // Ours, engine contract checks (IllegalArgumentException, IllegalStateException) included: keep the trace.
            throw new MojoExecutionException("tuner:" + goal() + " failed: " + oneLine(e), e);
        }
    }

    /**
     * One warning per {@code -Dproperty=value} that the POM's plugin configuration overrides: Maven gives a parameter
     * written in {@code <configuration>} precedence over the command line, so {@code -Dtuner.trials=80} does nothing
     * next to {@code <trials>60</trials>}, without a word. The execution's configuration holds, for a parameter the
     * POM leaves alone, its own {@code ${property}} expression; anything else came from the POM.
     */
    static List<String> shadowedProperties(MojoDescriptor descriptor, Xpp3Dom configuration, Properties user) {
        List<String> out = new ArrayList<>();
        if (descriptor == null || configuration == null || user == null || descriptor.getParameters() == null) {
            return out;
        }
        for (org.apache.maven.plugin.descriptor.Parameter p : descriptor.getParameters()) {
            String expression = p.getExpression();
            if (expression == null || !expression.startsWith("${") || !expression.endsWith("}")) {
                continue;
            }
            String property = expression.substring(2, expression.length() - 1);
            String given = user.getProperty(property);
            Xpp3Dom element = configuration.getChild(p.getName());
            if (element == null && p.getAlias() != null) {
                element = configuration.getChild(p.getAlias());
            }
            String configured = element == null ? null : element.getValue();
            if (given == null || configured == null || configured.contains(expression)
                    || configured.strip().equals(given.strip())) {
                continue;
            }
            out.add("-D" + property + "=" + given + " is ignored: <" + element.getName() + ">" + configured.strip()
                    + "</" + element.getName() + "> in the POM's plugin <configuration> takes precedence; set it as"
                    + " <properties><" + property + ">" + configured.strip() + "</" + property + "></properties>"
                    + " instead so that the command line can override it");
        }
        return out;
    }

    /**
     * The warnings for elements of this plugin's configuration in the POM that no goal of the plugin has, once per
     * project and build (every goal would find the same): Maven 3.8 drops them without a word, so a misspelled
     * ceiling ({@code <maxSeconds>}) is simply not applied.
     */
    private List<String> unknownElementsOnce() {
        if (project == null || project.getBuild() == null || session.getRepositorySession() == null) {
            return List.of();
        }
        org.apache.maven.plugin.descriptor.PluginDescriptor descriptor =
                mojoExecution.getMojoDescriptor().getPluginDescriptor();
        Plugin plugin = project.getBuild().getPluginsAsMap().get(descriptor.getPluginLookupKey());
        String key = "tuner.unknownElements:" + project.getId();
        if (plugin == null || descriptor.getMojos() == null
                || !session.getRepositorySession().getData().set(key, null, Boolean.TRUE)) {
            return List.of();
        }
        java.util.Set<String> known = new java.util.TreeSet<>();
        for (org.apache.maven.plugin.descriptor.MojoDescriptor mojo : descriptor.getMojos()) {
            if (mojo.getParameters() != null) {
                for (org.apache.maven.plugin.descriptor.Parameter p : mojo.getParameters()) {
                    known.add(p.getName());
                    if (p.getAlias() != null) {
                        known.add(p.getAlias());
                    }
                }
            }
        }
        List<Xpp3Dom> configurations = new ArrayList<>();
        if (plugin.getConfiguration() instanceof Xpp3Dom c) {
            configurations.add(c);
        }
        for (PluginExecution execution : plugin.getExecutions()) {
            if (execution.getConfiguration() instanceof Xpp3Dom c) {
                configurations.add(c);
            }
        }
        return unknownElements(known, configurations);
    }

    /**
     * One warning per element of {@code configurations} whose name is not in {@code known}, with the known names it
     * is probably a misspelling of ({@link Spelling#near}), then those that start with the same three letters.
     */
    static List<String> unknownElements(java.util.Set<String> known, List<Xpp3Dom> configurations) {
        java.util.Set<String> unknown = new java.util.LinkedHashSet<>();
        for (Xpp3Dom configuration : configurations) {
            for (Xpp3Dom child : configuration.getChildren()) {
                if (!known.contains(child.getName())) {
                    unknown.add(child.getName());
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String name : unknown) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            // Misspellings first (trails: trials), then names that start alike (maxSeconds: maxMemory, maxWallTime).
            java.util.Set<String> near = new java.util.LinkedHashSet<>(Spelling.near(name, known));
            known.stream().sorted().filter(k -> lower.length() >= 3
                    && k.toLowerCase(java.util.Locale.ROOT).startsWith(lower.substring(0, 3))).forEach(near::add);
            List<String> close = near.stream().map(k -> "<" + k + ">").limit(4).toList();
            out.add("<" + name + "> in the plugin's <configuration> is not a parameter of any tuner goal, so it has no"
                    + " effect" + (close.isEmpty() ? "" : " (close: " + String.join(", ", close) + ")")
                    + "; docs/configuration.md lists them");
        }
        return out;
    }

    /** A configuration error in one line, its setting named as the POM or the command line wrote it. */
    protected String settingMessage(ConfigurationException e) {
        return settingMessages().render(e);
    }

    private SettingMessages settingMessages() {
        return new SettingMessages(mojoExecution == null ? null : mojoExecution.getMojoDescriptor(),
                mojoExecution == null ? null : mojoExecution.getConfiguration(),
                session == null ? null : session.getUserProperties());
    }

    /** The build's session, or null outside Maven. */
    protected MavenSession session() {
        return session;
    }

    /**
     * Whether the POM's plugin configuration writes {@code <element>} itself, rather than leaving it to its
     * {@code ${property}} expression (which the execution's configuration then holds).
     */
    protected boolean writtenInPluginConfiguration(String element) {
        if (mojoExecution == null || mojoExecution.getConfiguration() == null) {
            return false;
        }
        Xpp3Dom child = mojoExecution.getConfiguration().getChild(element);
        return child != null && child.getValue() != null && !child.getValue().contains("${");
    }

    /** Whether {@code -Dproperty=...} was given for this build. */
    protected boolean givenOnCommandLine(String property) {
        return session != null && session.getUserProperties() != null
                && session.getUserProperties().getProperty(property) != null;
    }

    /** Whether Maven builds modules in parallel ({@code -T}), so that several goals may log at once. */
    protected boolean parallelBuild() {
        return session != null && session.isParallel();
    }

    /** The goal's name, as in {@code tuner:<goal>}. */
    protected abstract String goal();

    /** The goal's own skip flag, {@code tuner.<goal>.skip}. */
    protected abstract boolean skipGoal();

    protected abstract void executeGoal() throws Exception;

    /**
     * The user's mistake in one line. Maven's console appends the message of every cause that the line does not
     * contain: with the engine's exception as cause, its own wording of the setting ({@code folds = 3: ...} after
     * {@code <folds>3</folds>: ...}) or the further lines of a long message would follow. So the cause is
     * {@link EngineFault}: the same line, with the engine's frames, which {@code mvn -e} prints under it.
     */
    static MojoFailureException usersFault(String line, Exception engine) {
        return new MojoFailureException(line, new EngineFault(line, engine));
    }

    /**
     * Where the engine raised a user's mistake: its stack trace under the line the user reads. The engine's exception
     * itself is kept as a suppressed one (Maven's console prints neither its message nor its causes).
     */
    static final class EngineFault extends Exception {
        EngineFault(String line, Exception engine) {
            super(line);
            setStackTrace(engine.getStackTrace());
            addSuppressed(engine);
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.lines().findFirst().orElse(m);
    }
}
