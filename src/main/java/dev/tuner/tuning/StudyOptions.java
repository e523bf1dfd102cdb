package dev.tuner.tuning;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.trial.Constraint;
import dev.tuner.study.Stage;

import java.util.List;
import java.util.Map;

/**
 * The study options beyond the basic ones of {@link TuningRequest}: constraints, warm-start trials, pinned
 * parameters and the sweep.
 *
 * @param constraints   limits on metrics ({@code <constraints>}); infeasible trials never count as best
 * @param enqueue       known configurations evaluated first ({@code <enqueue><trial>...}), parameter name to value text
 * @param params        pinned parameters ({@code <params>}): every trial of every sampler trains with these values,
 *                      and {@code bundle} refits with them
 * @param sweepBaseline the {@code sweep} sampler's baseline ({@code <sweepBaseline>}); the trainer's defaults when
 *                      empty
 * @param maxVariants   the sweep's variants after the baseline, at most
 * @param topK          trials listed in best.json and, with several objectives, of the Pareto set re-evaluated on the
 *                      held-out rows
 * @param stages        stages of a staged study ({@code <stages>}), empty for one study
 * @param evaluateDefaults whether a built-in trainer's defaults are the study's first trial
 *                      ({@code <evaluateDefaults>}), so that tuning is always measured against them
 * @param carryTrialsFrom the study whose fitting trials a new study starts from ({@code <carryTrialsFrom>}), or null
 * @param moreTrials    when above 0, the target is this many trials beyond those the study has finished when it
 *                      starts (carried trials included), whatever {@code trials} says ({@code <moreTrials>})
 * @param finalChoice   how the best trial of one objective is chosen: its top trials re-scored on more folds
 *                      ({@code <rescoreTop>}, {@code <rescoreRepeats>}; see {@link FinalChoice})
 */
public record StudyOptions(List<Constraint> constraints, List<Map<String, String>> enqueue, Map<String, String> params,
                           Map<String, String> sweepBaseline, int maxVariants, int topK, List<Stage> stages,
                           boolean evaluateDefaults, String carryTrialsFrom, int moreTrials,
                           FinalChoice.Settings finalChoice) {

    public static final StudyOptions NONE = new StudyOptions(List.of(), List.of(), Map.of(), Map.of(), 20, 5,
            List.of());

    /** Options that evaluate the defaults first, as {@code tune} does unless told otherwise. */
    public StudyOptions(List<Constraint> constraints, List<Map<String, String>> enqueue, Map<String, String> params,
                        Map<String, String> sweepBaseline, int maxVariants, int topK, List<Stage> stages) {
        this(constraints, enqueue, params, sweepBaseline, maxVariants, topK, stages, true, null, 0,
                FinalChoice.Settings.DEFAULT);
    }

    /** The same options with {@code enqueue} as the known configurations evaluated first. */
    public StudyOptions withEnqueue(List<Map<String, String>> enqueue) {
        return new StudyOptions(constraints, enqueue, params, sweepBaseline, maxVariants, topK, stages,
                evaluateDefaults, carryTrialsFrom, moreTrials, finalChoice);
    }

    /** The same options with {@code stages}. */
    public StudyOptions withStages(List<Stage> stages) {
        return new StudyOptions(constraints, enqueue, params, sweepBaseline, maxVariants, topK, stages,
                evaluateDefaults, carryTrialsFrom, moreTrials, finalChoice);
    }

    /** The same options, starting a new study from the trials of {@code study} that fit (null: none). */
    public StudyOptions withCarryTrialsFrom(String study) {
        return new StudyOptions(constraints, enqueue, params, sweepBaseline, maxVariants, topK, stages,
                evaluateDefaults, study == null || study.isBlank() ? null : study.strip(), moreTrials, finalChoice);
    }

    /** The same options, running {@code more} trials beyond the finished ones (0: {@code trials} is the target). */
    public StudyOptions withMoreTrials(int more) {
        return new StudyOptions(constraints, enqueue, params, sweepBaseline, maxVariants, topK, stages,
                evaluateDefaults, carryTrialsFrom, more, finalChoice);
    }

    /** The same options, evaluating the trainer's defaults first or not. */
    public StudyOptions withEvaluateDefaults(boolean evaluateDefaults) {
        return new StudyOptions(constraints, enqueue, params, sweepBaseline, maxVariants, topK, stages,
                evaluateDefaults, carryTrialsFrom, moreTrials, finalChoice);
    }

    /** The same options, choosing the best trial as {@code finalChoice} says. */
    public StudyOptions withFinalChoice(FinalChoice.Settings finalChoice) {
        return new StudyOptions(constraints, enqueue, params, sweepBaseline, maxVariants, topK, stages,
                evaluateDefaults, carryTrialsFrom, moreTrials, finalChoice);
    }

    /** Checks the plain numbers at once, before any file or study is touched. */
    public StudyOptions {
        if (topK < 1) {
            throw new InvalidSettingException("topK", topK, "must be >= 1");
        }
        if (moreTrials < 0) {
            throw new InvalidSettingException("moreTrials", moreTrials, "must be >= 1 (or 0 for none)");
        }
        if (maxVariants < 0) {
            throw new InvalidSettingException("maxVariants", maxVariants, "must be >= 0");
        }
        stages = stages == null ? List.of() : List.copyOf(stages);
        finalChoice = finalChoice == null ? FinalChoice.Settings.DEFAULT : finalChoice;
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        enqueue = enqueue == null ? List.of() : List.copyOf(enqueue);
        params = params == null ? Map.of() : Map.copyOf(params);
        sweepBaseline = sweepBaseline == null ? Map.of() : Map.copyOf(sweepBaseline);
    }
}
