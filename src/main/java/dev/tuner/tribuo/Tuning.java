package dev.tuner.tribuo;

import dev.tuner.pruner.Pruner;
import dev.tuner.pruner.Pruners;
import dev.tuner.sampler.Sampler;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.StudyStorages;
import dev.tuner.study.Objective;
import dev.tuner.study.ObjectiveSpec;
import dev.tuner.study.Study;
import dev.tuner.study.StudyListener;
import dev.tuner.study.StudyResult;
import dev.tuner.study.StudySettings;
import dev.tuner.study.Trial;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tune} use case: reads the data, builds the Tribuo objective (or loads the project's own), runs the
 * study and compares the best trial with the trainer's defaults on the held-out rows.
 */
public final class Tuning {
    /** Tribuo logs every training at INFO; a study trains hundreds of models. Held here so the level sticks. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    /** Below this many training rows a budget rarely ranks models meaningfully. */
    static final int SMALL_BUDGET_ROWS = 30;

    private Tuning() {
    }

    public static TuningOutcome run(TuningRequest request, StudyListener listener) throws Exception {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        // Before anything reads a budget (the small-budget note, the stages): a bad ladder names <budgets>.
        StudySettings.checkBudgets(request.budgets());
        if (!request.options().stages().isEmpty()) {
            return StagedTuning.run(request, listener);
        }
        boolean custom = request.objective() != null && !request.objective().isBlank();
        if (custom && request.trainer() != null && !request.trainer().isBlank()) {
            throw new IllegalArgumentException("set either <trainer> or <objective>, not both");
        }
        if (!custom && (request.trainer() == null || request.trainer().isBlank())) {
            throw new IllegalArgumentException("<trainer> is not set: name a built-in trainer ("
                    + String.join(", ", TrainerCatalogue.builtIn().all().stream().map(TrainerDefinition::name)
                    .distinct().sorted().toList()) + ") or set <objective> to a class of your own");
        }
        Map<String, Object> description = new LinkedHashMap<>();
        Objective objective;
        TribuoObjective tribuoObjective = null;
        List<ObjectiveSpec> objectives;
        SearchSpace space = SearchSpace.parse(request.searchSpace());
        List<String> notes = new ArrayList<>();
        int heldOutRows = 0;
        if (custom) {
            objective = instantiate(request.objective(), Objective.class, request.classLoader(), "<objective>");
            if (request.objectives() == null || request.objectives().isEmpty()) {
                throw new IllegalArgumentException("<objectives> must name the metric(s) that "
                        + request.objective() + " returns, e.g. <objective>score:max</objective>");
            }
            objectives = request.objectives().stream().map(ObjectiveSpec::parse).toList();
            description.put("objectiveClass", request.objective());
        } else {
            DatasetSpec ds = request.dataset();
            if (ds == null || ds.getPath() == null) {
                throw new IllegalArgumentException("<dataset><path> is not set: point it at a CSV file with a header row");
            }
            if (ds.getTarget() == null || ds.getTarget().isBlank()) {
                throw new IllegalArgumentException("<dataset><target> is not set: name the response column of "
                        + ds.getPath());
            }
            if (!(ds.getTestFraction() >= 0 && ds.getTestFraction() < 1)) {
                throw new IllegalArgumentException("<dataset><testFraction> must be in [0, 1), got " + ds.getTestFraction());
            }
            TabularData data = TabularData.load(ds.getPath().toPath(), ds.getTarget(), taskOf(ds.getTask()),
                    ds.getTextColumns());
            TrainerChoice choice = TrainerChoice.isChoice(request.trainer())
                    ? TrainerChoice.parse(request.trainer(), data.task()) : null;
            TrainerDefinition trainer = choice != null ? choice.first() : request.trainer().contains(".")
                    ? TrainerDefinition.of(instantiate(request.trainer(), TunableTrainer.class, request.classLoader(),
                    "<trainer>"))
                    : TrainerCatalogue.builtIn().get(request.trainer(), data.task());
            if (choice != null) {
                space = choice.space(request.searchSpace(), notes);
            } else if (space.isEmpty()) {
                space = suggestedSpace(trainer);
                notes.add("<searchSpace> is empty: tuned trainer '" + trainer.name() + "' over its suggested space "
                        + space.describe());
            }
            if (choice == null) {
                trainer.checkParameters(space.names());
            }
            List<String> names = request.objectives() == null || request.objectives().isEmpty()
                    ? List.of(data.task() == TaskType.REGRESSION ? "rmse" : "accuracy") : request.objectives();
            objectives = names.stream().map(ObjectiveSpec::parse).toList();
            Set<String> available = new java.util.LinkedHashSet<>(Metrics.available(data.task()));
            if (data.task() == TaskType.CLASSIFICATION && data.classes().size() != 2) {
                available.remove("auc");
            }
            for (ObjectiveSpec o : objectives) {
                if (!available.contains(o.metric())) {
                    throw new IllegalArgumentException("<objective>" + o.metric() + "</objective>: not available for "
                            + data.task().name().toLowerCase(Locale.ROOT) + " of " + ds.getPath().getName()
                            + "; available: " + available);
                }
            }
            if (request.folds() < 2) {
                throw new IllegalArgumentException("<folds> must be >= 2 for a trainer (k-fold cross-validation), got "
                        + request.folds());
            }
            DataSplits splits = new DataSplits(data, ds.getTestFraction(), request.folds(), request.seed());
            heldOutRows = splits.heldOutRows().length;
            StudySettings.checkBudgets(request.budgets());
            double smallest = request.budgets().get(0);
            int smallestRows = splits.trainingRows(0, smallest).length;
            if (request.budgets().size() > 1 && smallestRows < SMALL_BUDGET_ROWS) {
                notes.add("budget " + smallest + " trains on " + smallestRows + " rows per fold; models that small"
                        + " often score alike (for example all predicting the majority class), which makes pruning"
                        + " there close to arbitrary: consider a larger first budget");
            }
            tribuoObjective = choice != null ? TribuoObjective.choosing(splits, choice, request.seed())
                    : new TribuoObjective(splits, trainer, request.seed());
            objective = tribuoObjective;
            description.put("data", Map.of("file", ds.getPath().getName(), "sha256", data.sha256(),
                    "target", ds.getTarget(), "task", data.task().name().toLowerCase(Locale.ROOT),
                    "testFraction", ds.getTestFraction(), "splitSeed", request.seed()));
            if (!ds.getTextColumns().isEmpty()) {
                description.put("textColumns", ds.getTextColumns());
            }
            description.put("trainer", choice != null ? choice.describe() : trainer.name());
        }

        StudyOptions options = request.options();
        List<Map<String, Object>> enqueued = new ArrayList<>();
        for (Map<String, String> trial : options.enqueue()) {
            enqueued.add(space.coerce(trial, "<enqueue><trial>"));
        }
        StudySettings settings = new StudySettings(request.study(), description, space, objectives, request.trials(),
                request.budgets(), request.folds(), request.jobs(), request.seed(), request.trialTimeout(),
                options.constraints(), enqueued);
        Sampler sampler = TuningExtras.sampler(request, space, tribuoObjective);
        Pruner pruner = Pruners.create(request.pruner(), request.budgets());
        StudyResult result;
        String storageNote;
        try (dev.tuner.storage.JdbcStudyStorage storage = StudyStorages.open(request.storage())) {
            result = new Study(settings, storage, sampler, pruner, objective, listener).optimize();
            storageNote = "Storage " + storage.location() + ": " + storage.busyRetries() + " busy retries";
        }

        Map<String, Object> extras = new LinkedHashMap<>();
        List<String> summary = new ArrayList<>(notes);
        summary.add(storageNote);
        Trial best = result.best();
        if (tribuoObjective != null && best != null && heldOutRows > 0) {
            Map<String, Double> tuned = tribuoObjective.evaluateHeldOut(best.params());
            Map<String, Double> defaults = tribuoObjective.evaluateHeldOut(Map.of());
            Map<String, Object> heldOut = new LinkedHashMap<>();
            heldOut.put("rows", heldOutRows);
            heldOut.put("bestTrial", best.number());
            heldOut.put("tuned", tuned);
            heldOut.put("defaults", defaults);
            extras.put("heldOut", heldOut);
            String metric = objectives.get(0).metric();
            summary.add(String.format(Locale.ROOT, "Held-out rows (%d): tuned %s=%.4f, trainer defaults %s=%.4f",
                    heldOutRows, metric, tuned.getOrDefault(metric, Double.NaN), metric,
                    defaults.getOrDefault(metric, Double.NaN)));
        }
        TuningExtras.report(request, space, result, sampler, tribuoObjective, heldOutRows, extras, summary);
        List<String> parameterNames = new ArrayList<>(space.names());
        return new TuningOutcome(result, parameterNames, request.budgets(), extras, summary);
    }

    /** The trainer's documented search space, for a configuration that names a trainer and no space. */
    public static SearchSpace suggestedSpace(TrainerDefinition trainer) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (HyperparameterSpec h : trainer.hyperparameters()) {
            if (h.suggestedSpace() != null && !h.suggestedSpace().isBlank()) {
                entries.put(h.name(), h.suggestedSpace());
            }
        }
        return SearchSpace.parse(entries);
    }

    public static TaskType taskOf(String text) {
        String t = text == null ? "auto" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "", "auto" -> TaskType.AUTO;
            case "classification" -> TaskType.CLASSIFICATION;
            case "regression" -> TaskType.REGRESSION;
            default -> throw new IllegalArgumentException("<dataset><task>" + text
                    + "</task>: expected auto, classification or regression");
        };
    }

    public static <T> T instantiate(String className, Class<T> type, ClassLoader loader, String element) {
        Class<?> c;
        try {
            c = Class.forName(className, true, loader == null ? Tuning.class.getClassLoader() : loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(element + className + ": class not found on the project's classpath"
                    + " (is it compiled before the tune goal runs?)");
        }
        if (!type.isAssignableFrom(c)) {
            throw new IllegalArgumentException(element + className + ": does not implement " + type.getName());
        }
        try {
            return type.cast(c.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(element + className + ": cannot be created with a public no-argument"
                    + " constructor (" + e + ")");
        }
    }
}
