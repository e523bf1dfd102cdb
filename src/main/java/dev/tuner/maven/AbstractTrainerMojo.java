package dev.tuner.maven;

import dev.tuner.trial.Constraint;
import dev.tuner.study.Preset;
import dev.tuner.tuning.StudyOptions;
import dev.tuner.tuning.TuningRequest;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer and the study it was tuned in, shared by {@code bundle} (which finds the study's best trial, or refits
 * the pinned parameters) and by the goals that plan or run the study ({@link AbstractStudyMojo}).
 */
public abstract class AbstractTrainerMojo extends AbstractDataMojo {

    /** A built-in trainer name (see docs/trainers.md) or a class of the project implementing TunableTrainer. */
    @Parameter(property = "tuner.trainer")
    protected String trainer;

    /** A class of the project implementing {@code dev.tuner.study.Objective}, instead of a trainer. */
    @Parameter(property = "tuner.objective")
    protected String objective;

    /**
     * Settings of a project's {@code <objective>}, name to text, handed to it before the study
     * ({@code dev.tuner.study.ObjectiveContext}): where its data is, for example.
     */
    @Parameter
    protected Map<String, String> objectiveProperties = new LinkedHashMap<>();

    /** Parameter name to distribution: float(lo, hi), log(lo, hi), int(lo, hi[, step]), choice(a, b, ...). */
    @Parameter
    protected Map<String, String> searchSpace = new LinkedHashMap<>();

    /** Rising fractions of the training rows, e.g. {@code 0.05,0.2,1.0} (default 1.0, or the preset's). */
    @Parameter(property = "tuner.budgets")
    protected String budgets;

    /**
     * Pinned hyperparameters (name to plain value): {@code tune} keeps them fixed in every trial, whatever the
     * sampler, and tunes the rest; {@code bundle} refits them (with the study's best values for the rest when the
     * study ran with these pins, else the trainer's defaults).
     */
    @Parameter
    protected Map<String, String> params = new LinkedHashMap<>();

    /** Limits on metrics: {@code <constraint><metric>model-size</metric><maximum>500000</maximum></constraint>}. */
    @Parameter
    protected List<Constraint> constraints = new ArrayList<>();

    /** SQLite file or a jdbc: URL. */
    @Parameter(property = "tuner.storage", defaultValue = STORAGE)
    protected String storage;

    /** The study's name in storage. */
    @Parameter(property = "tuner.study", defaultValue = STUDY)
    protected String study;

    /** The study as the engine takes it; this goal reads only the parameters above. */
    protected TuningRequest tuningRequest() throws Exception {
        return request(1, null, null, 1, null, new StudyOptions(constraints, List.of(), params, Map.of(),
                0, 1, List.of()));
    }

    TuningRequest request(int trials, String sampler, String pruner, int jobs, Duration trialTimeout,
                          StudyOptions options) throws Exception {
        return new TuningRequest(dataset, trainer, objective, projectClassLoader(), searchSpace, objectives, trials,
                sampler, pruner, AbstractStudyMojo.parseBudgets(budgets()), folds(), jobs, seed, storage, study,
                trialTimeout, options, objectiveProperties, project == null ? null : project.getBasedir().toPath());
    }

    protected String budgets() {
        Preset p = Preset.parse(preset);
        return Preset.resolve("budgets", budgets == null || budgets.isBlank() ? null : budgets, explicitFrom("budgets"),
                p, p == null ? null : p.budgets(), Preset.DEFAULT_BUDGETS, origins);
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
