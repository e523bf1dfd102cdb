package dev.tuner.tuning;

import dev.tuner.tribuo.DatasetSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@code tuner:tune} was asked to do, as read from the POM and the command line.
 *
 * @param dataset      the data (required with a trainer; unused with a custom objective)
 * @param trainer      built-in trainer name or class name of a {@link TunableTrainer}
 * @param objective    class name of a project's {@code dev.tuner.study.Objective}, instead of a trainer
 * @param classLoader  where the project's classes are
 * @param searchSpace  parameter name to distribution text
 * @param objectives   metric names with optional {@code :min}/{@code :max}
 * @param trials       the study's target
 * @param sampler      sampler name
 * @param pruner       pruner name
 * @param budgets      budget ladder
 * @param folds        folds
 * @param jobs         worker threads
 * @param seed         seed
 * @param storage      SQLite path or JDBC URL
 * @param study        study name
 * @param trialTimeout per-trial limit, or null
 * @param options      constraints, enqueued trials, the sweep's baseline
 * @param objectiveProperties {@code <objectiveProperties>} for a project's objective ({@code ObjectiveContext})
 * @param directory    the project's base directory, or null
 */
public record TuningRequest(DatasetSpec dataset, String trainer, String objective, ClassLoader classLoader,
                            Map<String, String> searchSpace, List<String> objectives, int trials, String sampler,
                            String pruner, List<Double> budgets, int folds, int jobs, long seed, String storage,
                            String study, Duration trialTimeout, StudyOptions options,
                            Map<String, String> objectiveProperties, Path directory) {

    public TuningRequest {
        options = options == null ? StudyOptions.NONE : options;
        objectiveProperties = objectiveProperties == null ? Map.of() : Map.copyOf(objectiveProperties);
    }

    /** A request without {@code <objectiveProperties>}. */
    public TuningRequest(DatasetSpec dataset, String trainer, String objective, ClassLoader classLoader,
                         Map<String, String> searchSpace, List<String> objectives, int trials, String sampler,
                         String pruner, List<Double> budgets, int folds, int jobs, long seed, String storage,
                         String study, Duration trialTimeout, StudyOptions options) {
        this(dataset, trainer, objective, classLoader, searchSpace, objectives, trials, sampler, pruner, budgets,
                folds, jobs, seed, storage, study, trialTimeout, options, Map.of(), null);
    }

    /** A request without constraints, enqueued trials or sweep options. */
    public TuningRequest(DatasetSpec dataset, String trainer, String objective, ClassLoader classLoader,
                         Map<String, String> searchSpace, List<String> objectives, int trials, String sampler,
                         String pruner, List<Double> budgets, int folds, int jobs, long seed, String storage,
                         String study, Duration trialTimeout) {
        this(dataset, trainer, objective, classLoader, searchSpace, objectives, trials, sampler, pruner, budgets,
                folds, jobs, seed, storage, study, trialTimeout, StudyOptions.NONE);
    }

    /** The same request on another data set, split into {@code otherFolds} folds. */
    public TuningRequest withDataset(DatasetSpec other, int otherFolds) {
        return new TuningRequest(other, trainer, objective, classLoader, searchSpace, objectives, trials, sampler,
                pruner, budgets, otherFolds, jobs, seed, storage, study, trialTimeout, options, objectiveProperties,
                directory);
    }

    /** The same request with {@code options}. */
    public TuningRequest withOptions(StudyOptions options) {
        return new TuningRequest(dataset, trainer, objective, classLoader, searchSpace, objectives, trials, sampler,
                pruner, budgets, folds, jobs, seed, storage, study, trialTimeout, options, objectiveProperties,
                directory);
    }
}
