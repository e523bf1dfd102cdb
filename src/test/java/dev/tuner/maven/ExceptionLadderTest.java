package dev.tuner.maven;

import dev.tuner.gate.McNemar;
import dev.tuner.config.ConfigurationException;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.config.Setting;
import dev.tuner.estimate.MemorySize;
import dev.tuner.pruner.Pruners;
import dev.tuner.sampler.Samplers;
import dev.tuner.space.SearchSpace;
import dev.tuner.space.SearchSpaceParser;
import dev.tuner.storage.StudyStorages;
import dev.tuner.trial.Constraint;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.Stage;
import dev.tuner.study.StudySettings;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tuning.StudyOptions;
import dev.tuner.storage.StorageException;
import dev.tuner.tribuo.DataException;
import org.apache.maven.exception.DefaultExceptionHandler;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Mojo layer owns the words: the engine's typed configuration errors become one-line MojoFailureExceptions naming
 * the XML element, and anything else the engine throws (its own contract checks included) is ours: a
 * MojoExecutionException that keeps the exception as its cause, so Maven shows its stack trace.
 */
class ExceptionLadderTest {

    /** A goal whose work is {@code work}. */
    private static final class Goal extends AbstractTunerMojo {
        private final Runnable work;

        Goal(Runnable work) {
            this.work = work;
        }

        @Override
        protected String goal() {
            return "test";
        }

        @Override
        protected boolean skipGoal() {
            return false;
        }

        @Override
        protected void executeGoal() {
            work.run();
        }
    }

    static Stream<Arguments> settingErrors() {
        Stage badTrials = new Stage("coarse", 0, null);
        return Stream.of(
                Arguments.of("trials", (Runnable) () -> settings(0, List.of(1.0)), "<trials>0</trials>: must be >= 1"),
                Arguments.of("budgets", (Runnable) () -> settings(5, List.of(0.5, 0.2)),
                        "<budgets>0.5,0.2</budgets>: budgets must rise, but 0.2 follows 0.5"),
                Arguments.of("stage name", (Runnable) () -> Stage.check(List.of(new Stage("warmup", null, null))),
                        "<stages><stage><name>warmup</name>: unknown stage; use sanity, coarse, fine, refit"),
                Arguments.of("stage trials", (Runnable) () -> Stage.check(List.of(badTrials)),
                        "<stages><stage><trials>0</trials>: must be >= 1 (stage coarse)"),
                Arguments.of("storage", (Runnable) () -> StudyStorages.open(" "),
                        "<storage>: not set: give a file path or a jdbc: URL"),
                Arguments.of("sampler", (Runnable) () -> Samplers.create("bayes"),
                        "<sampler>bayes</sampler>: unknown sampler; expected one of " + String.join(", ",
                                Samplers.names())),
                Arguments.of("pruner", (Runnable) () -> Pruners.create("asha"), "<pruner>asha</pruner>: unknown pruner;"
                        + " expected one of none, median, percentile, successive-halving, hyperband"),
                Arguments.of("objective", (Runnable) () -> ObjectiveSpec.parse("accuracy:up"),
                        "<objectives><objective>accuracy:up</objective>: direction 'up' is neither min nor max"),
                Arguments.of("constraint", (Runnable) () -> new Constraint("accuracy", null, null).check(),
                        "<constraints><constraint><metric>accuracy</metric>: has neither"
                                + " <constraints><constraint><minimum> nor <constraints><constraint><maximum>"),
                Arguments.of("topK", (Runnable) () -> new StudyOptions(List.of(), List.of(), Map.of(), Map.of(), 20, 0,
                        List.of()), "<topK>0</topK>: must be >= 1"),
                Arguments.of("search space", (Runnable) () -> SearchSpaceParser.parse("eta", "log(0, 1)"),
                        "<searchSpace><eta>: 'log(0, 1)': low must be > 0 for a log range"),
                Arguments.of("enqueued trial", (Runnable) () -> SearchSpace.parse(Map.of("eta", "float(0, 1)"))
                        .coerce(Map.of("eta", "2"), Setting.of("enqueue", "trial")),
                        "<enqueue><trial><eta>2</eta>: outside float(0, 1)"),
                Arguments.of("encoding", (Runnable) () -> new DatasetSpec(new File("x.csv"), "y", 0.2, "auto")
                        .withEncoding("latin-9x").charset(), "<dataset><encoding>latin-9x</encoding>: not a character"
                        + " set this Java knows; use a name such as UTF-8, ISO-8859-1, windows-1252 or UTF-16"),
                Arguments.of("memory size", (Runnable) () -> MemorySize.parse("maxMemory", "lots"),
                        "<maxMemory>lots</maxMemory>: not a memory size such as 512m or 2g"),
                Arguments.of("two settings", (Runnable) () -> {
                    throw new ConfigurationException("set either {trainer} or {objective}, not both");
                }, "set either <trainer> or <objective>, not both"));
    }

    private static StudySettings settings(int trials, List<Double> budgets) {
        return new StudySettings("s", Map.of(), SearchSpace.parse(Map.of("x", "float(0, 1)")),
                List.of(ObjectiveSpec.parse("accuracy")), trials, budgets, 2, 1, 1, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settingErrors")
    void aSettingErrorOfTheEngineFailsTheBuildInOneLineNamingItsElement(String name, Runnable engine, String message) {
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> new Goal(engine).execute());
        assertEquals(message, e.getMessage());
        assertInstanceOf(ConfigurationException.class, e.getCause().getSuppressed()[0]);
        assertEquals(message, new DefaultExceptionHandler().handleException(e).getMessage(),
                "Maven's console repeats no part of the line");
    }

    static Stream<Arguments> usersFaults() {
        return Stream.of(
                Arguments.of("a setting in the engine's words", new InvalidSettingException("folds", 3,
                        "more than the 2 tuning rows of the rarest class 'tiny' in b.csv; use at most 2 folds"),
                        "<folds>3</folds>: more than the 2 tuning rows of the rarest class 'tiny' in b.csv; use at"
                        + " most 2 folds"),
                Arguments.of("data with a second line", new DataException("b.csv: line 4 has 2 fields, header has 3\n"
                        + "  near: 1,2"), "b.csv: line 4 has 2 fields, header has 3"),
                Arguments.of("storage with a cause", new StorageException("jdbc:postgresql://h/t: cannot connect to the"
                        + " study database (refused)", new java.sql.SQLException("Connection to h refused. Check"
                        + " that the hostname and port are correct")),
                        "jdbc:postgresql://h/t: cannot connect to the study database (refused)"));
    }

    /**
     * Maven prints a failure's message followed by every cause's message that it does not contain: the engine's
     * exception must not be the cause, or the line would repeat in other words (`<folds>3</folds>: ...: folds = 3:
     * ...`).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("usersFaults")
    void mavenPrintsTheUsersFaultOnceInOneLine(String name, RuntimeException engine, String line) {
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> new Goal(() -> {
            throw engine;
        }).execute());
        assertEquals(line, new DefaultExceptionHandler().handleException(e).getMessage());
        assertSame(engine, e.getCause().getSuppressed()[0]);
        assertArrayEquals(engine.getStackTrace(), e.getCause().getStackTrace(), "mvn -e shows where the engine raised it");
    }

    @Test
    void anEngineIllegalStateIsOursWithItsStackTrace() {
        IllegalStateException bug = new IllegalStateException("rung vector of length 2 for 3 objectives");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> new Goal(() -> {
            throw bug;
        }).execute());
        assertSame(bug, e.getCause());
        assertEquals("tuner:test failed: rung vector of length 2 for 3 objectives", e.getMessage());
    }

    @Test
    void anEngineContractCheckIsOursToo() {
        // Negative counts are the engine calling itself wrongly, not the user's configuration.
        MojoExecutionException e = assertThrows(MojoExecutionException.class,
                () -> new Goal(() -> McNemar.test(-1, 2)).execute());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void aValueGivenOnTheCommandLineIsNamedByItsProperty() throws Exception {
        MojoDescriptor descriptor = new MojoDescriptor();
        Parameter trials = new Parameter();
        trials.setName("trials");
        trials.setExpression("${tuner.trials}");
        Parameter jobs = new Parameter();
        jobs.setName("jobs");
        jobs.setExpression("${tuner.jobs}");
        descriptor.addParameter(trials);
        descriptor.addParameter(jobs);
        Xpp3Dom configuration = new Xpp3Dom("configuration");
        Xpp3Dom ownExpression = new Xpp3Dom("trials");
        ownExpression.setValue("${tuner.trials}");
        configuration.addChild(ownExpression);
        Xpp3Dom fromPom = new Xpp3Dom("jobs");
        fromPom.setValue("0");
        configuration.addChild(fromPom);
        Properties user = new Properties();
        user.setProperty("tuner.trials", "0");
        user.setProperty("tuner.jobs", "3");
        SettingMessages messages = new SettingMessages(descriptor, configuration, user);

        assertEquals("-Dtuner.trials=0: must be >= 1",
                messages.render(new InvalidSettingException("trials", 0, "must be >= 1")));
        // The POM's <jobs> wins over -Dtuner.jobs, so the bad value is the element's.
        assertEquals("<jobs>0</jobs>: must be >= 1",
                messages.render(new InvalidSettingException("jobs", 0, "must be >= 1")));
    }
}
