package dev.tuner.tuning;

import dev.tuner.config.ConfigurationException;
import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.pruner.Pruners;
import dev.tuner.sampler.Samplers;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyMismatchException;
import dev.tuner.storage.StudyStorages;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.Stage;
import dev.tuner.study.Study;
import dev.tuner.study.StudyResult;
import dev.tuner.study.StudySettings;
import dev.tuner.trial.Constraint;
import dev.tuner.trial.Trial;
import dev.tuner.tribuo.DataSplits;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tribuo.FittedModel;
import dev.tuner.tribuo.TabularData;
import dev.tuner.tribuo.TrainerChoice;
import dev.tuner.tribuo.TrainerDefinition;
import dev.tuner.tribuo.TribuoObjective;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tribuo.Model;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code bundle} use case's Tribuo half: the same data, trainer and splits that {@link Tuning} used, the
 * study's best stored trial, and the refit of chosen parameters on every non-held-out row.
 */
public final class BundleTraining {
    private final TuningRequest request;
    private final TabularData data;
    private final TrainerDefinition trainer;
    private final DataSplits splits;
    private final TribuoSetup setup;
    private final TribuoObjective objective;
    private final SearchSpace space;
    private final List<ObjectiveSpec> objectives;
    /** Model choice ({@code <trainer>choice(...)</trainer>}), or null. */
    private final TrainerChoice choice;

    private BundleTraining(TuningRequest request, TribuoSetup setup) {
        this.request = request;
        this.setup = setup;
        this.data = setup.data();
        this.trainer = setup.trainer();
        this.splits = setup.splits();
        this.choice = setup.choice();
        this.objective = setup.objective(request.seed());
        this.space = setup.space();
        this.objectives = setup.objectives();
    }

    /**
     * Reads the data and resolves the trainer as {@code tune} does.
     *
     * @throws IllegalArgumentException / {@link DataException} naming the element or file to fix
     */
    public static BundleTraining prepare(TuningRequest request) {
        if (request.objective() != null && !request.objective().isBlank()) {
            throw new InvalidSettingException("objective", request.objective(), "tuner:bundle refits a Tribuo"
                    + " {trainer}; a custom objective has no model to bundle");
        }
        if (request.trainer() == null || request.trainer().isBlank()) {
            throw new InvalidSettingException("trainer", null, "not set: tuner:bundle refits a Tribuo trainer");
        }
        DatasetSpec ds = request.dataset();
        if (ds == null || ds.getPath() == null || ds.getTarget() == null || ds.getTarget().isBlank()) {
            throw new InvalidSettingException("dataset", null, "needs {dataset/path} and {dataset/target} for"
                    + " tuner:bundle");
        }
        if (!(ds.getTestFraction() > 0 && ds.getTestFraction() < 1)) {
            throw new InvalidSettingException(Setting.of("dataset", "testFraction"),
                    ds.testFractionText(),
                    "must be in (0, 1) for tuner:bundle: the safety check and metrics.json use the held-out rows");
        }
        TribuoSetup setup = TribuoSetup.of(request);
        return new BundleTraining(request, setup);
    }

    /**
     * The best complete feasible trial (under {@code <constraints>}) of the configured study, read from its storage. The study is looked up under the
     * same name and fingerprint that {@code tune} uses, so a changed configuration is reported, not mixed up.
     *
     * @throws IllegalArgumentException when the study has no complete trial
     */
    public Trial bestStoredTrial() {
        Map<String, Object> description = setup.description();
        StudySettings settings = new StudySettings(request.study(), description, space, objectives, request.trials(),
                request.budgets(), request.folds(), Math.max(1, request.jobs()), request.seed(), null,
                request.options().constraints(), List.of());
        try (StudyStorage storage = StudyStorages.openExisting(request.storage())) {
            Study study = new Study(settings, storage, Samplers.create("random"), Pruners.create("none",
                    request.budgets()), (p, budget, fold) -> Map.of(), null);
            StudyResult result = study.stored();
            // The trial tune's final choice picked (its top trials re-scored on more folds), else the study's best.
            Trial best = FinalChoice.stored(result, storage.studyAttribute(result.study().id(), FinalChoice.ATTRIBUTE)
                    .orElse(null)).orElse(result.best());
            if (best == null) {
                List<String> staged = Stage.storedStudies(storage, request.study());
                if (!staged.isEmpty()) {
                    // <stages> store each stage as a study of its own, the fine one over a narrowed space.
                    throw new ConfigurationException("study '" + request.study() + "' in " + request.storage()
                            + " was tuned in {stages}, stored as '" + String.join("', '", staged) + "': bundle the "
                            + "last stage's best with {paramsFile} set to tune's best.json (target/tuner/best.json by "
                            + "default), or pin it with {params}");
                }
                if (result.infeasible() > 0) {
                    throw new ConfigurationException("study '" + request.study() + "' in " + request.storage()
                            + " has no feasible trial: each of its " + result.infeasible() + " complete trial(s) breaks"
                            + " {constraints} (" + Constraint.describe(result.constraints()) + "); loosen them and run tuner:tune again, or pin the"
                            + " parameters with {params} or {paramsFile}");
                }
                throw new ConfigurationException("study '" + request.study() + "' in " + request.storage()
                        + " has no complete trial: run tuner:tune first, or pin the parameters with {params} or "
                        + "{paramsFile}");
            }
            return best;
        }
    }

    /**
     * The best complete trial of a study tuned with the same pinned {@code <params>} (the pins are part of its
     * search space, hence of its fingerprint), or empty when no such study has one: then the pins alone are refit.
     */
    public Optional<Trial> bestStoredTrialWithPins() {
        String location = request.storage();
        if (location == null || !location.startsWith("jdbc:") && !Files.exists(Path.of(location))) {
            return Optional.empty(); // no study was ever stored: do not create a database just to look
        }
        try {
            return Optional.of(bestStoredTrial());
        } catch (StudyMismatchException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks parameters read from a file ({@code <paramsFile>}) as {@code <params>} is checked: every name one of
     * the trainer's (under model choice, prefixed with its trainer's name), every value of its type and range. A
     * hand-edited or stale file is the user's to fix, so it is refused naming the file and the parameter rather than
     * failing inside the trainer.
     *
     * @param setting the setting naming the file
     * @param file    the file, as the message shows it
     * @throws InvalidSettingException naming {@code params.<name>}
     */
    public void checkParams(Setting setting, String file, Map<String, Object> params) {
        for (Map.Entry<String, Object> e : params.entrySet()) {
            String name = e.getKey();
            TrainerDefinition owner = trainer;
            String own = name;
            if (choice != null) {
                if (name.equals(TrainerChoice.PARAMETER)) {
                    continue; // the choice itself: select() names the trainers it may be
                }
                TrainerChoice.Owned owned = choice.owner(name).orElseThrow(() -> new InvalidSettingException(
                        setting, file, "params." + name + ": with {trainer} " + choice.describe() + " a parameter is"
                        + " prefixed with its trainer's name (e.g. " + choice.names().get(0) + ".name)"));
                owner = owned.trainer();
                own = owned.parameter();
            }
            if (owner.hyperparameter(own).isEmpty()) {
                throw new InvalidSettingException(setting, file, "params." + name + ": trainer '" + owner.name()
                        + "' has no hyperparameter '" + own + "'; it has: "
                        + String.join(", ", owner.defaults().keySet()));
            }
            try {
                owner.value(setting, own, String.valueOf(e.getValue()));
            } catch (InvalidSettingException x) {
                throw new InvalidSettingException(setting, file, "params." + name + ": " + x.problem(), x);
            }
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
