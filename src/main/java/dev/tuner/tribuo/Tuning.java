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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code tune} use case: reads the data, builds the Tribuo objective (or loads the project's own), runs the
 * study and compares the best trial with the trainer's defaults on the held-out rows.
 */
public final class Tuning {
    /** Tribuo logs every training at INFO; a study trains hundreds of models. Held here so the level sticks. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

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
            TribuoSetup setup = TribuoSetup.of(request);
            space = setup.space();
            objectives = setup.objectives();
            notes.addAll(setup.notes());
            heldOutRows = setup.splits().heldOutRows().length;
            tribuoObjective = setup.objective(request.seed());
            objective = tribuoObjective;
            description.putAll(setup.description());
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
