package dev.tuner.maven;

import dev.tuner.report.BestJsonWriter;
import dev.tuner.report.TrialsCsvWriter;
import dev.tuner.study.StudyListener;
import dev.tuner.study.StudyProgress;
import dev.tuner.study.Trial;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tribuo.Tuning;
import dev.tuner.tribuo.TuningOutcome;
import dev.tuner.tribuo.TuningRequest;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

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

/** Runs the hyperparameter study on the project's data and writes {@code trials.csv} and {@code best.json}. */
@Mojo(name = "tune", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class TuneMojo extends AbstractTunerMojo {

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

    /** Skips this goal. */
    @Parameter(property = "tuner.tune.skip", defaultValue = "false")
    private boolean skipTune;

    @Override
    protected String goal() {
        return "tune";
    }

    @Override
    protected boolean skipGoal() {
        return skipTune;
    }

    @Override
    protected void executeGoal() throws Exception {
        ClassLoader projectLoader = projectClassLoader();
        TuningRequest request = new TuningRequest(dataset, trainer, objective, projectLoader, searchSpace,
                objectives, trials, sampler, pruner, parseBudgets(budgets), folds, jobs, seed, storage, study,
                parseDuration("trialTimeout", trialTimeout));
        TuningOutcome outcome = Tuning.run(request, new ProgressLog());

        TrialsCsvWriter.write(outputDirectory.toPath().resolve("trials.csv"), outcome.result().trials(),
                outcome.parameterNames(), outcome.budgets(), outcome.result().objectives());
        BestJsonWriter.write(outputDirectory.toPath().resolve("best.json"),
                BestJsonWriter.toJson(outcome.result(), topK, outcome.extras()));
        summarize(outcome);
    }

    private void summarize(TuningOutcome outcome) {
        Trial best = outcome.result().best();
        if (best != null) {
            getLog().info("Best trial #" + best.number() + ": " + ProgressLog.values(best, outcome) + " "
                    + best.params());
        }
        outcome.summaryLines().forEach(getLog()::info);
        getLog().info("Wrote " + outputDirectory.toPath().resolve("trials.csv") + " and best.json");
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

    /** One batch-friendly line per finished trial: n/N, state, value, best so far, elapsed, ETA. */
    private final class ProgressLog implements StudyListener {
        @Override
        public void started(String studyName, int finishedBefore, int target, int requeued) {
            getLog().info("Study '" + studyName + "': " + finishedBefore + " of " + target + " trials finished before"
                    + (requeued > 0 ? ", " + requeued + " interrupted trial(s) to retry" : ""));
        }

        @Override
        public void trialFinished(Trial trial, StudyProgress p) {
            StringBuilder line = new StringBuilder();
            line.append(String.format(Locale.ROOT, "trial %d/%d #%-3d %-8s", p.finished(), p.target(), trial.number(),
                    trial.state().name().toLowerCase(Locale.ROOT)));
            switch (trial.state()) {
                case COMPLETE -> line.append(' ').append(format(trial.value()));
                case PRUNED -> line.append(" at ").append(trial.lastBudget()).append(": ")
                        .append(format(trial.intermediate().lastEntry().getValue()));
                case FAILED -> line.append(' ').append(trial.message());
                default -> {
                }
            }
            if (p.best() != null) {
                line.append(" | best ").append(format(p.best().value())).append(" (#").append(p.best().number())
                        .append(')');
            }
            line.append(" | ").append(duration(trial.seconds())).append(" | elapsed ")
                    .append(duration(p.elapsedSeconds()));
            if (!Double.isNaN(p.etaSeconds())) {
                line.append(" ETA ").append(duration(p.etaSeconds()));
            }
            getLog().info(line.toString());
        }

        static String values(Trial t, TuningOutcome outcome) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < outcome.result().objectives().size() && i < t.values().size(); i++) {
                b.append(i > 0 ? " " : "").append(outcome.result().objectives().get(i).metric()).append('=')
                        .append(format(t.values().get(i)));
            }
            return b.toString();
        }

        static String format(double v) {
            return String.format(Locale.ROOT, "%.4f", v);
        }

        static String duration(double seconds) {
            if (Double.isNaN(seconds)) {
                return "-";
            }
            long s = Math.round(seconds);
            if (seconds < 10) {
                return String.format(Locale.ROOT, "%.1fs", seconds);
            }
            if (s < 3600) {
                return (s / 60 > 0 ? s / 60 + "m" : "") + (s % 60) + "s";
            }
            return s / 3600 + "h" + (s % 3600) / 60 + "m";
        }
    }
}
