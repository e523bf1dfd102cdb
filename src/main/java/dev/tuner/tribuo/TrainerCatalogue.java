package dev.tuner.tribuo;

import dev.tuner.config.InvalidSettingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Trainers by task and name. {@link #builtIn()} holds Tribuo's trainers under short names (docs/trainers.md
 * lists them); {@link #with(TunableTrainer)} adds a project's own trainer.
 */
public final class TrainerCatalogue {
    private final Map<TaskType, Map<String, TrainerDefinition>> byTask;

    private TrainerCatalogue(Map<TaskType, Map<String, TrainerDefinition>> byTask) {
        this.byTask = byTask;
    }

    public static TrainerCatalogue builtIn() {
        TrainerCatalogue catalogue = new TrainerCatalogue(new LinkedHashMap<>());
        for (TunableTrainer trainer : List.of(
                SgdTrainers.logistic(),
                TreeTrainers.classificationTree(),
                TreeTrainers.randomForest(),
                TreeTrainers.extraTrees(),
                XGBoostTrainers.classification(),
                SvmTrainers.liblinear(),
                SvmTrainers.libsvmClassification(),
                NaiveBayesTrainers.multinomial(),
                SgdTrainers.factorizationMachine(),
                NearestNeighbourTrainers.classification(),
                SgdTrainers.linearRegression(),
                TreeTrainers.regressionTree(),
                XGBoostTrainers.regression(),
                SvmTrainers.libsvmRegression())) {
            catalogue.add(TrainerDefinition.of(trainer));
        }
        return catalogue;
    }

    /**
     * A catalogue that also holds {@code trainer}, which replaces a trainer of the same task and name.
     * This catalogue is unchanged.
     */
    public TrainerCatalogue with(TunableTrainer trainer) {
        Map<TaskType, Map<String, TrainerDefinition>> copy = new LinkedHashMap<>();
        byTask.forEach((task, trainers) -> copy.put(task, new LinkedHashMap<>(trainers)));
        TrainerCatalogue extended = new TrainerCatalogue(copy);
        extended.add(TrainerDefinition.of(trainer));
        return extended;
    }

    private void add(TrainerDefinition definition) {
        byTask.computeIfAbsent(definition.task(), t -> new LinkedHashMap<>()).put(definition.name(), definition);
    }

    /**
     * @param task CLASSIFICATION or REGRESSION (a loaded data set's task)
     * @throws IllegalArgumentException for an unknown name, listing the trainers of that task
     */
    public TrainerDefinition get(String name, TaskType task) {
        TrainerDefinition definition = byTask.getOrDefault(task, Map.of()).get(name);
        if (definition == null) {
            String taskName = task.name().toLowerCase(Locale.ROOT);
            String hint = "";
            Optional<String> sameLetters = names(task).stream().filter(n -> n.equalsIgnoreCase(name))
                    .findFirst();
            Optional<TaskType> otherTask = byTask.entrySet().stream()
                    .filter(e -> e.getKey() != task && e.getValue().keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name)))
                    .map(Map.Entry::getKey).findFirst();
            if (sameLetters.isPresent()) {
                hint = " (names are lower case: did you mean " + sameLetters.get() + "?)";
            } else if (otherTask.isPresent()) {
                hint = " (it is a " + otherTask.get().name().toLowerCase(Locale.ROOT) + " trainer, and this data set's"
                        + " task is " + taskName + ": set {dataset/task} if the target is read the wrong way)";
            }
            throw new InvalidSettingException("trainer", name, "no " + taskName + " trainer of this name" + hint
                    + "; known: " + String.join(", ", names(task))
                    + ", or the class name of a dev.tuner.tribuo.TunableTrainer");
        }
        return definition;
    }

    /** Trainer names for a task, in catalogue order. */
    public List<String> names(TaskType task) {
        return new ArrayList<>(byTask.getOrDefault(task, Map.of()).keySet());
    }

    /** Every trainer, classification first. */
    public List<TrainerDefinition> all() {
        List<TrainerDefinition> out = new ArrayList<>();
        byTask.values().forEach(trainers -> out.addAll(trainers.values()));
        return out;
    }
}
