package dev.tuner.maven;

import dev.tuner.study.Constraint;
import dev.tuner.study.Stage;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tribuo.StudyOptions;
import dev.tuner.tribuo.TrialParams;
import dev.tuner.tribuo.TuningRequest;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The study configuration shared by the goals that plan or run a study ({@code estimate}, {@code tune}): one
 * {@code <configuration>} serves them all, as DESIGN.md's configuration shape says.
 */
public abstract class AbstractStudyMojo extends AbstractTunerMojo {

    /** The data: {@code <path>}, {@code <target>}, {@code <testFraction>}, {@code <task>}. */
    @Parameter
    private DatasetSpec dataset;

    /** A built-in trainer name (see docs/trainers.md) or a class of the project implementing TunableTrainer. */
    @Parameter(property = "tuner.trainer")
    private String trainer;

    /** A class of the project implementing {@code dev.tuner.study.Objective}, instead of a trainer. */
    @Parameter(property = "tuner.objective")
    private String objective;

    /** Parameter name to distribution: float(lo, hi), log(lo, hi), int(lo, hi[, step]), choice(a, b, ...). */
    @Parameter
    private Map<String, String> searchSpace = new LinkedHashMap<>();

    /** Metrics to optimize, e.g. {@code accuracy} or {@code model-size:min}; default accuracy / rmse. */
    @Parameter
    private List<String> objectives = new ArrayList<>();

    /** The study's target: finished trials in total, whoever ran them. */
    @Parameter(property = "tuner.trials", defaultValue = "20")
    private int trials;

    /** random, grid, sobol or tpe. */
    @Parameter(property = "tuner.sampler", defaultValue = "tpe")
    private String sampler;

    /** none, median, percentile, successive-halving or hyperband. */
    @Parameter(property = "tuner.pruner", defaultValue = "none")
    private String pruner;

    /** Rising fractions of the training rows, e.g. {@code 0.05,0.2,1.0}. */
    @Parameter(property = "tuner.budgets", defaultValue = "1.0")
    private String budgets;

    /** Folds of cross-validation at each budget. */
    @Parameter(property = "tuner.folds", defaultValue = "3")
    private int folds;

    /** Worker threads. */
    @Parameter(property = "tuner.jobs", defaultValue = "1")
    private int jobs;

    /** Seed of sampling, splits and trainers. */
    @Parameter(property = "tuner.seed", defaultValue = "42")
    private long seed;

    /** SQLite file or a jdbc: URL. */
    @Parameter(property = "tuner.storage", defaultValue = "${project.basedir}/.tuner/studies.db")
    private String storage;

    /** The study's name in storage. */
    @Parameter(property = "tuner.study", defaultValue = "${project.artifactId}")
    private String study;

    /** How many of the best trials best.json lists. */
    @Parameter(property = "tuner.topK", defaultValue = "5")
    private int topK;

    /** Wall-clock limit of one trial, ISO-8601 (e.g. PT2M); a trial over it fails, the study goes on. */
    @Parameter(property = "tuner.trialTimeout")
    private String trialTimeout;

    /** Limits on metrics: {@code <constraint><metric>model-size</metric><maximum>500000</maximum></constraint>}. */
    @Parameter
    private List<Constraint> constraints = new ArrayList<>();

    /** Known configurations evaluated first: {@code <trial><eta>0.1</eta><maxDepth>6</maxDepth></trial>}. */
    @Parameter
    private List<TrialParams> enqueue = new ArrayList<>();

    /** Pinned parameters (name to value); the {@code sweep} sampler's baseline. */
    @Parameter
    private Map<String, String> params = new LinkedHashMap<>();

    /** The {@code sweep} sampler's variants after the baseline, at most. */
    @Parameter(property = "tuner.maxVariants", defaultValue = "20")
    private int maxVariants;

    /**
     * Stages run in one build, each a study of its own ({@code <study>:<name>}): {@code <stage><name>sanity</name>
     * <trials>5</trials></stage>}, then coarse, fine (space narrowed around the previous stage's best), refit.
     */
    @Parameter
    private List<Stage> stages = new ArrayList<>();

    /** The study as the engine takes it. */
    protected TuningRequest tuningRequest() throws Exception {
        return new TuningRequest(dataset, trainer, objective, projectClassLoader(), searchSpace,
                objectives, trials, sampler, pruner, parseBudgets(budgets), folds, jobs, seed, storage, study,
                parseDuration("trialTimeout", trialTimeout),
                new StudyOptions(constraints, new ArrayList<>(enqueue), params, maxVariants, topK, stages));
    }

    protected int topK() {
        return topK;
    }

    /** The {@code <storage>} setting: SQLite file or JDBC URL. */
    protected String storageLocation() {
        return storage;
    }

    /** The {@code <study>} setting: the study's name in storage. */
    protected String studyName() {
        return study;
    }

    static List<Double> parseBudgets(String text) {
        List<Double> out = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                out.add(Double.parseDouble(part.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("<budgets>" + text + "</budgets>: '" + part.strip()
                        + "' is not a number; expected rising fractions like 0.1,0.3,1.0");
            }
        }
        return out;
    }

    static Duration parseDuration(String element, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("<" + element + ">" + text + "</" + element
                    + ">: not an ISO-8601 duration such as PT30S or PT2M");
        }
    }

    /** The project's classes and runtime dependencies, for a trainer or objective of the project's own. */
    private ClassLoader projectClassLoader() throws Exception {
        if (project == null || (isBuiltIn(trainer) && objective == null)) {
            return getClass().getClassLoader();
        }
        List<URL> urls = new ArrayList<>();
        for (String element : project.getRuntimeClasspathElements()) {
            urls.add(new File(element).toURI().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader());
    }

    private static boolean isBuiltIn(String trainer) {
        return trainer == null || !trainer.contains(".");
    }
}
