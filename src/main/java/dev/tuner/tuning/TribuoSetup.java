package dev.tuner.tuning;

import dev.tuner.space.SearchSpaceException;
import dev.tuner.config.ConfigurationException;
import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.pruner.NopPruner;
import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Constraint;
import dev.tuner.trial.ObjectiveSpec;

import dev.tuner.tribuo.DataSplits;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tribuo.Metrics;
import dev.tuner.tribuo.TabularData;
import dev.tuner.tribuo.TaskType;
import dev.tuner.tribuo.TrainerCatalogue;
import dev.tuner.tribuo.TrainerChoice;
import dev.tuner.tribuo.TrainerDefinition;
import dev.tuner.tribuo.TribuoLogging;
import dev.tuner.tribuo.TribuoObjective;
import dev.tuner.tribuo.TunableTrainer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What every goal that works on a Tribuo trainer derives from the configuration, in one place: the data, the
 * trainer (or trainer choice), the search space, the objectives, the splits and the study description whose hash is
 * the study's fingerprint. {@code estimate}, {@code tune} and {@code bundle} must agree on that description to the
 * byte, or {@code bundle} would not find the study {@code tune} ran; hence one builder, not three.
 *
 * @param data        the loaded CSV
 * @param choice      the trainer choice, or null for a single trainer
 * @param trainer     the trainer (the first listed one for a choice)
 * @param space       the search space (the trainer's suggested one when none was configured)
 * @param objectives  the objectives (accuracy or rmse by default)
 * @param splits      held-out rows and folds
 * @param description the study description: data hash, target, task, split, text columns, trainer
 * @param notes       what the user should know (a suggested space was used, a budget is very small)
 */
public record TribuoSetup(TabularData data, TrainerChoice choice, TrainerDefinition trainer, SearchSpace space,
                          List<ObjectiveSpec> objectives, DataSplits splits, Map<String, Object> description,
                          List<String> notes) {

    /** Below this many training rows a budget rarely ranks models meaningfully. */
    static final int SMALL_BUDGET_ROWS = 30;

    /** Reads and checks the configuration; every problem is a {@link ConfigurationException} naming the setting. */
    public static TribuoSetup of(TuningRequest request) {
        TribuoLogging.quiet();
        if (request.trainer() == null || request.trainer().isBlank()) {
            throw new InvalidSettingException("trainer", null, "not set: name a built-in trainer ("
                    + String.join(", ", TrainerCatalogue.builtIn().all().stream().map(TrainerDefinition::name)
                    .distinct().sorted().toList()) + ") or set {objective} to a class of your own");
        }
        DatasetSpec ds = request.dataset();
        if (ds == null || ds.getPath() == null) {
            throw new InvalidSettingException(Setting.of("dataset", "path"), null, "not set: point it at a CSV file with"
                    + " a header row");
        }
        if (ds.getTarget() == null || ds.getTarget().isBlank()) {
            throw new InvalidSettingException(Setting.of("dataset", "target"), null, "not set: name the response column"
                    + " of " + ds.getPath());
        }
        if (!(ds.getTestFraction() >= 0 && ds.getTestFraction() < 1)) {
            throw new InvalidSettingException(Setting.of("dataset", "testFraction"), String.valueOf(ds.getTestFraction()),
                    "must be in [0, 1)");
        }
        if (request.folds() < 1) {
            throw new InvalidSettingException("folds", request.folds(), "must be >= 1 for a trainer (1 = a single"
                    + " validation split, more = k-fold cross-validation)");
        }
        List<String> notes = new ArrayList<>();
        TabularData data = TabularData.load(ds);
        TrainerChoice choice = TrainerChoice.isChoice(request.trainer())
                ? TrainerChoice.parse(request.trainer(), data.task()) : null;
        TrainerDefinition trainer = choice != null ? choice.first() : request.trainer().contains(".")
                ? TrainerDefinition.of(Tuning.instantiate(request.trainer(), TunableTrainer.class,
                request.classLoader(), "trainer"))
                : TrainerCatalogue.builtIn().get(request.trainer(), data.task());
        SearchSpace space;
        if (choice != null) {
            space = choice.space(request.searchSpace(), notes);
        } else {
            space = SearchSpace.parse(request.searchSpace());
            if (space.isEmpty()) {
                space = trainer.suggestedSpace();
                notes.add("<searchSpace> is empty: tuned trainer '" + trainer.name() + "' over its suggested space "
                        + space.describe());
            }
            trainer.checkParameters(space.names());
            trainer.checkSpace(space, SearchSpaceException.SEARCH_SPACE);
        }
        space = pinned(space, request.options().params(), trainer, choice, request.searchSpace(), notes);
        List<String> names = request.objectives() == null || request.objectives().isEmpty()
                ? List.of(data.task() == TaskType.REGRESSION ? "rmse" : "accuracy") : request.objectives();
        List<ObjectiveSpec> objectives = ObjectiveSpec.parseAll(names);
        Set<String> available = Metrics.available(data);
        for (ObjectiveSpec o : objectives) {
            if (!available.contains(o.metric())) {
                throw new InvalidSettingException(ObjectiveSpec.OBJECTIVE, o.metric(), "not available for "
                        + data.task().name().toLowerCase(Locale.ROOT) + " of " + ds.getPath().getName()
                        + "; available: " + available);
            }
        }
        for (Constraint c : request.options().constraints()) {
            c.check();
            if (!available.contains(c.getMetric())) {
                throw new InvalidSettingException(Constraint.METRIC, c.getMetric(), "not available"
                        + " for " + data.task().name().toLowerCase(Locale.ROOT) + " of " + ds.getPath().getName()
                        + "; available: " + available);
            }
        }
        if (choice == null && !trainer.mayGiveProbabilities(space)) {
            // Every trial would fail on a missing metric, and count towards <trials>, before anyone is told.
            String why = "trainer '" + trainer.name() + "' gives no probabilities with any parameters of the search"
                    + " space, so no trial would report log-loss; choose another metric, or a trainer (or, for"
                    + " liblinear, a *_lr solver) that gives probabilities";
            for (ObjectiveSpec o : objectives) {
                if (o.metric().equals(Metrics.LOG_LOSS)) {
                    throw new InvalidSettingException(ObjectiveSpec.OBJECTIVE, o.metric(), why);
                }
            }
            for (Constraint c : request.options().constraints()) {
                if (Metrics.LOG_LOSS.equals(c.getMetric())) {
                    throw new InvalidSettingException(Constraint.METRIC, c.getMetric(), why);
                }
            }
        }
        DataSplits splits = new DataSplits(data, ds.getTestFraction(), request.folds(), request.seed());
        double smallest = request.budgets().get(0);
        int smallestRows = splits.trainingRows(0, smallest).length;
        Optional<String> ladder = budgetNote(request);
        if (ladder.isPresent()) {
            notes.add(ladder.get());
        } else if (request.budgets().size() > 1 && smallestRows < SMALL_BUDGET_ROWS) {
            notes.add("budget " + smallest + " trains on " + smallestRows + " rows per fold; models that small"
                    + " often score alike (for example all predicting " + (data.task() == TaskType.REGRESSION
                    ? "the mean" : "the majority class") + "), which makes pruning"
                    + " there close to arbitrary: consider a larger first budget");
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("data", Map.of("file", ds.getPath().getName(), "sha256", data.sha256(),
                "target", ds.getTarget(), "task", data.task().name().toLowerCase(Locale.ROOT),
                "testFraction", ds.getTestFraction(), "splitSeed", request.seed()));
        if (!ds.getTextColumns().isEmpty()) {
            description.put("textColumns", ds.getTextColumns());
        }
        if (!ds.charset().equals(StandardCharsets.UTF_8)) {
            description.put("encoding", ds.charset().name());
        }
        description.put("trainer", choice != null ? choice.describe() : trainer.name());
        return new TribuoSetup(data, choice, trainer, space, objectives, splits, description, List.copyOf(notes));
    }

    /**
     * A note when the budgets and the pruner do not fit together, whatever the objective: budgets that no pruner
     * uses, or a pruner with a single budget to judge at.
     */
    public static Optional<String> budgetNote(TuningRequest request) {
        boolean noPruner = request.pruner() == null
                || request.pruner().strip().equalsIgnoreCase(NopPruner.NAME);
        List<String> notes = new ArrayList<>();
        if (request.budgets().size() > 1 && noPruner) {
            notes.add("budgets " + request.budgets().subList(0, request.budgets().size() - 1) + " are not"
                    + " used: without a pruner every trial runs at the last budget only (a pruner such as hyperband"
                    + " or successive-halving judges trials there)");
        }
        if (request.budgets().size() == 1 && !noPruner) {
            notes.add("budget " + request.budgets().get(0) + " is the only one: pruner "
                    + request.pruner().strip() + " never stops a trial, as it judges trials at the budgets before the"
                    + " last; give rising <budgets> such as 0.25,1.0 to prune");
        }
        double last = request.budgets().get(request.budgets().size() - 1);
        if (last < 1.0 && !StagedTuning.isSanityStage(request)) {
            notes.add((notes.isEmpty() ? "budget " : "and budget ") + last + " is the last: every trial trains on"
                    + " at most that share of its fold's training rows, and the study ranks configurations as they do"
                    + " on that many rows; end <budgets> with 1.0 to judge them on all");
        }
        return notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes));
    }

    /**
     * {@code space} with each {@code <params>} entry fixed at its value (checked against the trainer's type and
     * range), so that every sampler tunes the rest around it.
     */
    private static SearchSpace pinned(SearchSpace space, Map<String, String> params, TrainerDefinition trainer,
                                      TrainerChoice choice, Map<String, String> configured, List<String> notes) {
        if (params.isEmpty()) {
            return space;
        }
        Map<String, Object> values = new TreeMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String name = e.getKey();
            Setting element = Setting.of("params", name);
            TrainerDefinition owner = trainer;
            String own = name;
            if (choice != null) {
                TrainerChoice.Owned owned = choice.owner(name).orElseThrow(() -> new InvalidSettingException(element,
                        null, "with {trainer} " + choice.describe() + " pin a parameter of one trainer, prefixed with"
                        + " its name (e.g. " + ConfigurationException.reference(Setting.of("params",
                        choice.names().get(0) + ".name")) + "); to fix the trainer, name it alone in {trainer}"));
                owner = owned.trainer();
                own = owned.parameter();
            }
            if (owner.hyperparameter(own).isEmpty()) {
                throw new InvalidSettingException(element, null, "trainer '" + owner.name() + "' has no hyperparameter '"
                        + own + "'; it has: " + String.join(", ", owner.defaults().keySet()));
            }
            values.put(name, owner.value(element, own, e.getValue()));
        }
        List<String> overlap = values.keySet().stream().filter(n -> configured != null && configured.containsKey(n))
                .toList();
        if (!overlap.isEmpty()) {
            notes.add("<params> pins " + overlap + ", which <searchSpace> also lists: every trial uses the pinned"
                    + " value, the rest is tuned");
        }
        return space.withFixed(values);
    }

    /** The objective the study evaluates: the trainer, or for a choice the trainer each trial chose. */
    public TribuoObjective objective(long seed) {
        return choice != null ? TribuoObjective.choosing(splits, choice, seed)
                : new TribuoObjective(splits, trainer, seed);
    }
}
