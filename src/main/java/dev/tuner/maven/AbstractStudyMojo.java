package dev.tuner.maven;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.study.Preset;
import dev.tuner.study.Stage;
import dev.tuner.tuning.FinalChoice;
import dev.tuner.tuning.StudyOptions;
import dev.tuner.tuning.TuningRequest;
import org.apache.maven.plugins.annotations.Parameter;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.tuner.config.Setting;

/**
 * The study configuration read by the goals that plan or run a study ({@code estimate}, {@code tune}): one
 * {@code <configuration>} serves them all (docs/configuration.md). What only running the study
 * needs (enqueued trials, the sweep's baseline, stages) is {@code tune}'s own.
 */
public abstract class AbstractStudyMojo extends AbstractTrainerMojo {

    /** The study's target: finished trials in total, whoever ran them (default 20, or the preset's). */
    @Parameter(property = "tuner.trials")
    private Integer trials;

    /**
     * auto (the default: picks gp, cmaes, tpe, motpe or nsga2 from the study's shape and logs why), random, grid,
     * sobol, tpe, tpe-multivariate, gp, cmaes, nsga2, motpe or sweep; see docs/tune.md.
     */
    @Parameter(property = "tuner.sampler", defaultValue = DEFAULT_SAMPLER)
    private String sampler;
    /** Default of {@code <sampler>}. */
    static final String DEFAULT_SAMPLER = dev.tuner.sampler.Samplers.DEFAULT;

    /** none, median, percentile, successive-halving or hyperband. */
    @Parameter(property = "tuner.pruner", defaultValue = "none")
    private String pruner;

    /** Worker threads. */
    @Parameter(property = "tuner.jobs", defaultValue = "1")
    private int jobs;

    /** How many of the best trials best.json lists (at least 1; default 5, or the preset's). */
    @Parameter(property = "tuner.topK")
    private Integer topK;

    /** Wall-clock limit of one trial, ISO-8601 (e.g. PT2M); a trial over it fails, the study goes on. */
    @Parameter(property = "tuner.trialTimeout")
    private String trialTimeout;

    /**
     * Evaluates a built-in trainer's default hyperparameters as the study's first trial (when they lie inside the
     * search space), so the study's best is never worse than the defaults by cross-validation. Not for grid, sweep
     * or a choice of trainers.
     */
    @Parameter(property = "tuner.evaluateDefaults", defaultValue = "true")
    private boolean evaluateDefaults;

    /**
     * With one objective and a built-in trainer, the best this many trials (and the defaults trial) are re-scored on
     * {@code rescoreRepeats} more cross-validations over other folds, and the best mean over all of them is the
     * study's choice (best.json, bundle); 0 or 1 takes the study's best as it is. See docs/tune.md.
     */
    @Parameter(property = "tuner.rescoreTop", defaultValue = "3")
    private int rescoreTop;

    /** Cross-validations added for the final choice, each over other folds of the same rows (at least 1). */
    @Parameter(property = "tuner.rescoreRepeats", defaultValue = "2")
    private int rescoreRepeats;

    /** The study as the engine takes it: the plan of one study, without {@code tune}'s own options. */
    @Override
    protected TuningRequest tuningRequest() throws Exception {
        return tuningRequest(List.of(), Map.of(), 0, List.of());
    }

    /** The study with {@code tune}'s options: enqueued trials, the sweep's baseline and size, stages. */
    protected TuningRequest tuningRequest(List<? extends Map<String, String>> enqueue, Map<String, String> sweepBaseline,
                                          int maxVariants, List<Stage> stages) throws Exception {
        heldOutRowsForLaterGoals();
        dev.tuner.space.SearchSpace.requireFreeParameter(searchSpace);
        Preset p = Preset.parse(preset);
        int resolvedTrials = Preset.resolve("trials", trials, explicitFrom("trials"), p, p == null ? null : p.trials(),
                Preset.DEFAULT_TRIALS, origins);
        // The defaults trial and the final choice are planned by estimate as tune runs them.
        return request(resolvedTrials, sampler, pruner, jobs, parseDuration("trialTimeout", trialTimeout),
                new StudyOptions(constraints, new ArrayList<>(enqueue), params, sweepBaseline, maxVariants, topK(),
                        stages).withEvaluateDefaults(evaluateDefaults)
                        .withFinalChoice(new FinalChoice.Settings(rescoreTop, rescoreRepeats)));
    }

    /**
     * {@code bundle} and {@code gate} measure on the held-out rows, so a {@code <testFraction>} of 0 fails them; when
     * this build goes on to either, it fails here, before the study rather than after it.
     */
    private void heldOutRowsForLaterGoals() {
        if (dataset == null || dataset.getTestFraction() > 0) {
            return;
        }
        List<String> later = laterGoalsOfThisBuild(Map.of("bundle", "package", "gate", "verify"));
        if (!later.isEmpty()) {
            throw new InvalidSettingException(Setting.of("dataset", "testFraction"),
                    dataset.testFractionText(),
                    "must be in (0, 1): this build goes on to tuner:"
                    + String.join(" and tuner:", later) + (later.size() == 1 ? ", which measures" : ", which measure")
                    + " on the held-out rows (checked before the study runs)");
        }
    }

    protected int topK() {
        Preset p = Preset.parse(preset);
        return Preset.resolve("topK", topK, explicitFrom("topK"), p, p == null ? null : p.topK(), Preset.DEFAULT_TOP_K,
                origins);
    }

    static List<Double> parseBudgets(String text) {
        List<Double> out = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                out.add(Double.parseDouble(part.strip()));
            } catch (NumberFormatException e) {
                throw new InvalidSettingException("budgets", text, "'" + part.strip()
                        + "' is not a number; expected rising fractions like 0.1,0.3,1.0");
            }
        }
        return out;
    }

    static Duration parseDuration(String setting, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new InvalidSettingException(setting, text, "not an ISO-8601 duration such as PT30S or PT2M");
        }
    }
}
