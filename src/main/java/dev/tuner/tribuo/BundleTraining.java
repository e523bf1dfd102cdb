package dev.tuner.tribuo;

import dev.tuner.pruner.Pruners;
import dev.tuner.sampler.Samplers;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.StudyRecord;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;
import dev.tuner.study.ObjectiveSpec;
import dev.tuner.study.Study;
import dev.tuner.study.StudyResult;
import dev.tuner.study.StudySettings;
import dev.tuner.study.Trial;
import org.tribuo.Model;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code bundle} use case's Tribuo half: the same data, trainer and splits that {@link Tuning} used, the
 * study's best stored trial, and the refit of chosen parameters on every non-held-out row.
 */
public final class BundleTraining {
    private final TuningRequest request;
    private final TabularData data;
    private final TrainerDefinition trainer;
    private final DataSplits splits;
    private final TribuoObjective objective;
    private final SearchSpace space;
    private final List<ObjectiveSpec> objectives;
    /** Model choice ({@code <trainer>choice(...)</trainer>}), or null. */
    private final TrainerChoice choice;

    private BundleTraining(TuningRequest request, TabularData data, TrainerDefinition trainer, DataSplits splits,
                           SearchSpace space, List<ObjectiveSpec> objectives, TrainerChoice choice) {
        this.request = request;
        this.data = data;
        this.trainer = trainer;
        this.splits = splits;
        this.choice = choice;
        this.objective = choice != null ? TribuoObjective.choosing(splits, choice, request.seed())
                : new TribuoObjective(splits, trainer, request.seed());
        this.space = space;
        this.objectives = objectives;
    }

    /**
     * Reads the data and resolves the trainer as {@code tune} does.
     *
     * @throws IllegalArgumentException / {@link DataException} naming the element or file to fix
     */
    public static BundleTraining prepare(TuningRequest request) {
        if (request.objective() != null && !request.objective().isBlank()) {
            throw new IllegalArgumentException("<objective>" + request.objective() + "</objective>: tuner:bundle "
                    + "refits a Tribuo <trainer>; a custom objective has no model to bundle");
        }
        if (request.trainer() == null || request.trainer().isBlank()) {
            throw new IllegalArgumentException("<trainer> is not set: tuner:bundle refits a Tribuo trainer");
        }
        DatasetSpec ds = request.dataset();
        if (ds == null || ds.getPath() == null || ds.getTarget() == null || ds.getTarget().isBlank()) {
            throw new IllegalArgumentException("<dataset> needs <path> and <target> for tuner:bundle");
        }
        if (!(ds.getTestFraction() > 0 && ds.getTestFraction() < 1)) {
            throw new IllegalArgumentException("<dataset><testFraction> must be in (0, 1) for tuner:bundle: the "
                    + "safety check and metrics.json use the held-out rows; got " + ds.getTestFraction());
        }
        TabularData data = TabularData.load(ds.getPath().toPath(), ds.getTarget(), Tuning.taskOf(ds.getTask()),
                ds.getTextColumns());
        TrainerChoice choice = TrainerChoice.isChoice(request.trainer())
                ? TrainerChoice.parse(request.trainer(), data.task()) : null;
        TrainerDefinition trainer = choice != null ? choice.first() : request.trainer().contains(".")
                ? TrainerDefinition.of(Tuning.instantiate(request.trainer(), TunableTrainer.class,
                request.classLoader(), "<trainer>"))
                : TrainerCatalogue.builtIn().get(request.trainer(), data.task());
        SearchSpace space = choice != null ? choice.space(request.searchSpace(), new java.util.ArrayList<>())
                : SearchSpace.parse(request.searchSpace());
        if (space.isEmpty()) {
            space = Tuning.suggestedSpace(trainer);
        }
        List<String> names = request.objectives() == null || request.objectives().isEmpty()
                ? List.of(data.task() == TaskType.REGRESSION ? "rmse" : "accuracy") : request.objectives();
        List<ObjectiveSpec> objectives = names.stream().map(ObjectiveSpec::parse).toList();
        DataSplits splits = new DataSplits(data, ds.getTestFraction(), Math.max(2, request.folds()), request.seed());
        return new BundleTraining(request, data, trainer, splits, space, objectives, choice);
    }

    /**
     * The best complete trial of the configured study, read from its storage. The study is looked up under the
     * same name and fingerprint that {@code tune} uses, so a changed configuration is reported, not mixed up.
     *
     * @throws IllegalArgumentException when the study has no complete trial
     */
    public Trial bestStoredTrial() {
        DatasetSpec ds = request.dataset();
        // The same description Tuning.run builds: the fingerprint must match the tuned study's.
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("data", Map.of("file", ds.getPath().getName(), "sha256", data.sha256(),
                "target", ds.getTarget(), "task", data.task().name().toLowerCase(Locale.ROOT),
                "testFraction", ds.getTestFraction(), "splitSeed", request.seed()));
        if (!ds.getTextColumns().isEmpty()) {
            description.put("textColumns", ds.getTextColumns());
        }
        description.put("trainer", choice != null ? choice.describe() : trainer.name());
        StudySettings settings = new StudySettings(request.study(), description, space, objectives, request.trials(),
                request.budgets(), request.folds(), Math.max(1, request.jobs()), request.seed(), null);
        try (StudyStorage storage = StudyStorages.open(request.storage())) {
            Study study = new Study(settings, storage, Samplers.create("random"), Pruners.create("none",
                    request.budgets()), (p, budget, fold) -> Map.of(), null);
            StudyResult result = study.stored();
            Trial best = result.best();
            if (best == null) {
                throw new IllegalArgumentException("study '" + request.study() + "' in " + request.storage()
                        + " has no complete trial: run tuner:tune first, or pin the parameters with <params> or "
                        + "<paramsFile>");
            }
            return best;
        }
    }

    /**
     * Trains on every tuning (non-held-out) row with {@code params}; the model's provenance gets {@code time}
     * instead of the wall clock, so that the same inputs give the same model bytes (see {@link FittedModel}).
     */
    public FittedModel fit(Map<String, Object> params, OffsetDateTime time) {
        Map<String, Object> resolved;
        if (choice != null) {
            // The chosen trainer's parameters with their defaults, under the prefixed names the study uses.
            TrainerChoice.Selected selected = choice.select(params);
            resolved = new LinkedHashMap<>();
            resolved.put(TrainerChoice.PARAMETER, selected.trainer().name());
            String prefix = selected.trainer().name() + ".";
            selected.trainer().resolve(selected.params()).forEach((k, v) -> resolved.put(prefix + k, v));
        } else {
            resolved = trainer.resolve(params);
        }
        Model<?> model = objective.fit(resolved);
        return FittedModel.of(FittedModel.withFixedProvenance(model, time), resolved, splits);
    }

    public TabularData data() {
        return data;
    }

    public DataSplits splits() {
        return splits;
    }

    public TrainerDefinition trainer() {
        return trainer;
    }

    /** The name of the trainer {@code params} train: the chosen one under model choice. */
    public String trainerName(Map<String, Object> params) {
        return choice != null ? choice.select(params).trainer().name() : trainer.name();
    }
}
