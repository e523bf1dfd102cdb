package dev.tuner.tuning;

import dev.tuner.config.ConfigurationException;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.config.Setting;
import dev.tuner.pruner.Pruner;
import dev.tuner.pruner.Pruners;
import dev.tuner.sampler.AutoSampler;
import dev.tuner.sampler.Sampler;
import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.space.FloatDistribution;
import dev.tuner.space.IntDistribution;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.StudyStorages;
import dev.tuner.study.Objective;
import dev.tuner.study.ObjectiveContext;
import dev.tuner.study.ProductionRun;
import dev.tuner.study.Stage;
import dev.tuner.study.Study;
import dev.tuner.study.StudyListener;
import dev.tuner.study.StudyResult;
import dev.tuner.study.StudySettings;
import dev.tuner.trial.Constraint;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.ParamValues;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import dev.tuner.tribuo.TrainerDefinition;
import dev.tuner.tribuo.TribuoLogging;
import dev.tuner.tribuo.TribuoObjective;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The {@code tune} use case: reads the data, builds the Tribuo objective (or loads the project's own), runs the
 * study and compares the best trial with the trainer's defaults on the held-out rows.
 */
public final class Tuning {
    /** {@code <seed>}'s default ({@code tuner.seed}). */
    public static final long DEFAULT_SEED = 42;

    private Tuning() {
    }

    /** Checks a staged request's stages against the rest of it (see {@code <stages>}). */
    public static void checkStages(TuningRequest request) {
        StagedTuning.check(request);
    }

    /**
     * The request of one searching stage of a staged request, over the configured trainer and space (what {@code tune}
     * runs for sanity and coarse; for fine before the previous stage has narrowed them).
     */
    public static TuningRequest stageRequest(TuningRequest request, Stage stage) {
        return StagedTuning.requestFor(request, stage, request.trainer(), request.searchSpace(), request.options());
    }

    /**
     * A stage's request as its stored study was created (a fine stage's narrowed space and trainer), or the configured
     * one when the storage holds no study of that stage yet. Reads the storage only.
     */
    public static TuningRequest storedStageRequest(TuningRequest request, Stage stage) {
        return StagedTuning.storedRequest(request, stage).orElseGet(() -> stageRequest(request, stage));
    }

    public static TuningOutcome run(TuningRequest request, StudyListener listener) throws Exception {
        listener = listener == null ? StudyListener.NONE : listener;
        TribuoLogging.quiet();
        // Before anything reads a budget (the small-budget note, the stages): a bad ladder names <budgets>.
        StudySettings.checkBudgets(request.budgets());
        checkPinned(request);
        if (!request.options().stages().isEmpty()) {
            if (request.options().carryTrialsFrom() != null || request.options().moreTrials() > 0) {
                throw new ConfigurationException("{carryTrialsFrom} and {moreTrials} do not apply to {stages}:"
                        + " raise the {stages/stage/trials} of a stage to extend it");
            }
            return StagedTuning.run(request, listener);
        }
        boolean custom = request.objective() != null && !request.objective().isBlank();
        if (custom && request.trainer() != null && !request.trainer().isBlank()) {
            throw new ConfigurationException("set either {trainer} or {objective}, not both");
        }
        Map<String, Object> description = new LinkedHashMap<>();
        Objective objective;
        TribuoObjective tribuoObjective = null;
        TribuoSetup setup = null;
        List<ObjectiveSpec> objectives;
        SearchSpace space = SearchSpace.parse(request.searchSpace());
        List<String> notes = new ArrayList<>();
        int heldOutRows = 0;
        Objective own = null;
        if (custom) {
            objective = instantiate(request.objective(), Objective.class, request.classLoader(), "objective");
            own = objective;
            if (request.objectives() == null || request.objectives().isEmpty()) {
                throw new InvalidSettingException("objectives", null, "must name the metric(s) that "
                        + request.objective() + " returns, e.g. score:max");
            }
            space = space.withFixed(pinnedValues(space, request.options().params()));
            objectives = ObjectiveSpec.parseAll(request.objectives());
            objective = new ConstraintMetricsCheck(objective, request.options().constraints(), request.objective());
            description.putAll(customDescription(request));
            TribuoSetup.budgetNote(request).ifPresent(notes::add);
        } else {
            setup = TribuoSetup.of(request);
            setup.data().warnings().forEach(listener::warning);
            space = setup.space();
            objectives = setup.objectives();
            notes.addAll(setup.notes());
            heldOutRows = setup.splits().heldOutRows().length;
            tribuoObjective = setup.objective(request.seed());
            objective = tribuoObjective;
            description.putAll(setup.description());
        }

        for (ObjectiveSpec o : objectives) {
            o.reversedWarning().ifPresent(listener::warning);
        }
        StudyOptions options = request.options();
        List<Map<String, Object>> enqueued = new ArrayList<>();
        Map<String, Object> defaultsParams = null;
        if (setup != null) {
            defaultsParams = defaultsTrial(request, setup, space, listener).orElse(null);
            if (defaultsParams != null) {
                enqueued.add(defaultsParams);
            }
        }
        for (Map<String, String> trial : options.enqueue()) {
            // An enqueued trial is not sampled: it gets the pinned values here, or it would train with the defaults.
            Map<String, Object> values = new LinkedHashMap<>(space.fixedValues());
            values.putAll(space.coerce(trial, Setting.of("enqueue", "trial")));
            // A trial without a value for a parameter would reach the objective without it (a project's objective
            // then fails on a null) and stand in storage as a point no sampler can place.
            SearchSpace searched = space;
            List<String> missing = searched.distributions().keySet().stream()
                    .filter(name -> !values.containsKey(name) && searched.isActive(name, values)).toList();
            if (!missing.isEmpty()) {
                throw new InvalidSettingException(Setting.of("enqueue", "trial"), trial.toString(), "sets no value for "
                        + String.join(", ", missing) + "; an enqueued trial sets every parameter of the search space"
                        + " it uses");
            }
            enqueued.add(values);
        }
        if (!options.params().isEmpty() && space.fixedValues().size() == space.size()) {
            throw new InvalidSettingException("params", null, "pins every parameter of the search space "
                    + space.names()
                    + ": nothing is left to tune (tune with fewer pins, or skip tune with -Dtuner.tune.skip and let"
                    + " bundle refit the pinned values)");
        }
        StudySettings settings = new StudySettings(request.study(), description, space, objectives, request.trials(),
                request.budgets(), request.folds(), request.jobs(), request.seed(), request.trialTimeout(),
                options.constraints(), enqueued);
        // Said before the first trial, while a user can still stop the build and act on them.
        notes.forEach(listener::info);
        Sampler sampler = TuningExtras.sampler(request, space, tribuoObjective);
        if (sampler instanceof AutoSampler auto) {
            listener.info(auto.describe(space, objectives.size(), request.trials()));
        } else if (objectives.size() > 1 && sampler.handsSeveralObjectivesToMotpe()) {
            listener.info("Sampler " + sampler.name() + " models one loss; with " + objectives.size()
                    + " objectives it proposes as motpe does (Pareto ranking)");
        }
        OptionalLong points = space.distinctPoints();
        OptionalLong capacity = sampler.capacity(space);
        if (points.isPresent() && points.getAsLong() < request.trials()) {
            listener.info("The search space holds " + points.getAsLong() + " distinct configuration(s), fewer than"
                    + " the " + request.trials() + " trials: " + (capacity.isPresent()
                    ? "sampler " + sampler.name() + " measures each once, so the study ends at "
                    + Math.min(points.getAsLong(), capacity.getAsLong()) + " trials"
                    : "the rest measure configurations again (samplers auto and grid measure each once)"));
        }
        Pruner pruner = Pruners.create(request.pruner(), request.budgets());
        if (own != null) {
            prepare(own, request);
        }
        StudyResult result;
        String storageNote;
        FinalChoice.Outcome finalChoice = null;
        double trialsSeconds;
        double finalChoiceSeconds = 0;
        try (dev.tuner.storage.JdbcStudyStorage storage = StudyStorages.open(request.storage())) {
            Study study = new Study(settings, storage, sampler, pruner, objective, listener);
            if (defaultsParams != null) {
                defaultsLine(storage, request.study(), space.activeOnly(defaultsParams), settings.trials())
                        .ifPresent(listener::info);
            }
            if (options.carryTrialsFrom() != null) {
                TuningExtras.carryOver(storage, options.carryTrialsFrom(), study, settings,
                        setup == null ? Map.of() : setup.trainer().storedDefaults(), listener);
            }
            if (options.moreTrials() > 0) {
                settings = TuningExtras.extended(storage, settings, options.moreTrials(), listener);
                study = new Study(settings, storage, sampler, pruner, objective, listener);
            }
            long trialsStart = System.nanoTime();
            result = study.optimize();
            trialsSeconds = PhaseSeconds.since(trialsStart);
            if (setup != null) {
                long choiceStart = System.nanoTime();
                finalChoice = FinalChoice.run(request, setup, result, defaultsParams, storage, listener);
                // A choice that re-scored nothing (switched off, one candidate) is no phase of the run.
                finalChoiceSeconds = finalChoice == null ? 0 : PhaseSeconds.since(choiceStart);
            }
            storageNote = "Storage " + storage.location() + ": " + storage.busyRetries() + " busy retries";
        }

        List<String> summary = new ArrayList<>();
        summary.add(storageNote);
        if (sampler instanceof AutoSampler auto) {
            auto.handOver(space, objectives.stream().map(ObjectiveSpec::direction).toList(), result.trials(),
                    options.constraints()).ifPresent(summary::add);
        }
        Trial best = result.best();
        if (finalChoice != null) {
            best = finalChoice.chosen();
            summary.add(finalChoice.line());
        }
        TribuoObjective heldOutBy = heldOutRows > 0 ? tribuoObjective : null;
        TuningReport.HeldOut heldOut = null;
        double heldOutSeconds = 0;
        if (heldOutBy != null && best != null) {
            long refitStart = System.nanoTime();
            Map<String, Double> tuned = heldOutBy.evaluateHeldOut(best.params());
            Map<String, Double> defaults = heldOutBy.evaluateHeldOut(Map.of());
            heldOutSeconds = PhaseSeconds.since(refitStart);
            heldOut = new TuningReport.HeldOut(heldOutRows, best.number(), tuned, defaults);
            String metric = objectives.get(0).metric();
            summary.add(String.format(Locale.ROOT, "Held-out rows (%d): tuned %s=%.4f, trainer defaults %s=%.4f",
                    heldOutRows, metric, tuned.getOrDefault(metric, Double.NaN), metric,
                    defaults.getOrDefault(metric, Double.NaN)));
            defaultsWin(objectives.get(0), tuned, defaults, heldOutRows,
                    whyNotChosen(request, defaultsParams, space, result, heldOutRows)).ifPresent(listener::warning);
        }
        TuningExtras.Report report = TuningExtras.report(request, space, result, sampler, heldOutBy, heldOut);
        summary.addAll(report.lines());
        List<ProductionRun.Row> production = own == null ? List.of() : ProductionRun.run(own, result, options.topK());
        production.forEach(r -> summary.add("Production #" + r.number() + " full data " + r.full()
                + (r.feasible() ? "" : " (breaks a constraint)")));
        List<String> parameterNames = new ArrayList<>(space.names());
        TuningReport sections = finalChoice == null ? report.sections()
                : report.sections().withFinalChoice(finalChoice.report());
        return new TuningOutcome(result, parameterNames, request.budgets(), sections, summary, production,
                new PhaseSeconds(trialsSeconds, finalChoiceSeconds, heldOutSeconds), TuningOutcome.RunTrials.of(result));
    }

    /**
     * What identifies the study of a project's own objective, for tune and estimate alike (estimate looks the study
     * up, and a study it described otherwise would be refused by tune as changed).
     */
    public static Map<String, Object> customDescription(TuningRequest request) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("objectiveClass", request.objective());
        if (!request.objectiveProperties().isEmpty()) {
            // Another corpus or setting is another study; studies without properties keep their fingerprint.
            description.put("objectiveProperties", new TreeMap<>(request.objectiveProperties()));
        }
        if (request.seed() != DEFAULT_SEED) {
            // The objective gets the seed (ObjectiveContext.seed, and the rows of its folds), so a trial's value
            // depends on it; studies with the default seed keep the fingerprint they had before it was recorded.
            description.put("seed", request.seed());
        }
        return description;
    }

    /**
     * A warning when the trainer's defaults score better than the tuned model on the held-out rows by the first
     * objective: a tuned model worse than doing nothing is what a user must hear about, with what to do about it.
     *
     * @param why why the study did not choose the defaults ({@link #whyNotChosen})
     */
    static Optional<String> defaultsWin(ObjectiveSpec objective, Map<String, Double> tuned,
                                        Map<String, Double> defaults, int rows, String why) {
        Double t = tuned.get(objective.metric());
        Double d = defaults.get(objective.metric());
        if (t == null || d == null || t.isNaN() || d.isNaN()
                || objective.direction().toLoss(d) >= objective.direction().toLoss(t)) {
            return Optional.empty();
        }
        int decimals = decimalsApart(d, t);
        return Optional.of(String.format(Locale.ROOT, "The trainer's defaults beat the tuned model on the %d"
                + " held-out rows (%s %." + decimals + "f against %." + decimals + "f): %s", rows, objective.metric(),
                d, t, why));
    }

    /**
     * Four decimals, or as many more (up to ten) as it takes for two different values to read differently: a
     * warning that one beats the other must not print the same figure twice.
     */
    static int decimalsApart(double a, double b) {
        int decimals = 4;
        while (decimals < 10 && String.format(Locale.ROOT, "%." + decimals + "f", a)
                .equals(String.format(Locale.ROOT, "%." + decimals + "f", b))) {
            decimals++;
        }
        return decimals;
    }

    /**
     * Why the study did not choose the trainer's defaults, with what a user can do about it: they were not run
     * (switched off, a sampler with its own points, a default outside the space), they broke a constraint, a pruner
     * stopped them, or cross-validation preferred another trial.
     *
     * @param defaultsParams the defaults trial the study enqueued, or null when it enqueued none
     */
    static String whyNotChosen(TuningRequest request, Map<String, Object> defaultsParams, SearchSpace space,
                               StudyResult result, int rows) {
        if (defaultsParams == null) {
            if (!request.options().evaluateDefaults()) {
                return "the study did not evaluate them (<evaluateDefaults> is off): switch it on, or bundle the"
                        + " defaults with <params>";
            }
            if (proposesItsOwnPoints(request)) {
                return "sampler " + request.sampler().strip() + " proposes its own points and did not try them: bundle the defaults"
                        + " with <params>";
            }
            return "the study never tried them, as they lie outside <searchSpace>: widen it, or bundle the defaults"
                    + " with <params>";
        }
        Map<String, Object> active = space.activeOnly(defaultsParams);
        Optional<Trial> trial = result.trials().stream().filter(t -> ParamValues.same(t.params(), active))
                .findFirst();
        if (trial.isPresent() && trial.get().state() == TrialState.COMPLETE
                && !Constraint.feasible(result.constraints(), trial.get())) {
            return "they break <constraints> (" + Constraint.describe(result.constraints()) + ") on the study's folds, so the study could not choose them;"
                    + " the tuned model is the best trial that keeps them";
        }
        if (trial.isPresent() && trial.get().state() == TrialState.PRUNED) {
            return "the pruner stopped the defaults' trial #" + trial.get().number() + " at a small budget, so it did"
                    + " not compete for best; a larger first budget in <budgets>, or <pruner>none</pruner>, lets it";
        }
        return "the study measured the defaults and cross-validation preferred the tuned trial; on " + rows
                + " rows the difference may be chance, more folds or <rescoreRepeats> give the choice more evidence";
    }

    /**
     * The trainer's defaults as one trial of the space (pins kept), so that a study always measures them: tuning
     * that cannot beat the defaults by cross-validation then bundles the defaults rather than a worse trial. None
     * when switched off, for samplers that choose their own points (grid, sweep), for a choice of trainers, or when
     * a default lies outside the space (the user excluded it; said to {@code listener}). The estimate asks the same
     * question, to plan the trials tune will run.
     */
    public static Optional<Map<String, Object>> defaultsTrial(TuningRequest request, TribuoSetup setup,
                                                              SearchSpace space, StudyListener listener) {
        if (!request.options().evaluateDefaults() || setup.choice() != null || proposesItsOwnPoints(request)) {
            return Optional.empty();
        }
        // Pins are kept; a one-value entry of <searchSpace> is a range like any other, which the default may miss.
        Map<String, Object> trial = new LinkedHashMap<>(space.fixedValues());
        trial.keySet().retainAll(request.options().params().keySet());
        Map<String, Object> defaults = setup.trainer().storedDefaults();
        for (String name : space.names()) {
            if (trial.containsKey(name)) {
                continue;
            }
            Object value = defaults.get(name);
            if (value == null || !space.get(name).contains(value)) {
                listener.info("The trainer's defaults are not evaluated first: its default " + name + "=" + value
                        + " lies outside <searchSpace><" + name + ">" + written(request, space, name) + "</" + name
                        + ">");
                return Optional.empty();
            }
            trial.put(name, value);
        }
        return Optional.of(trial);
    }

    /** Whether the request's sampler walks points of its own ({@code grid}, {@code sweep}): no defaults trial joins. */
    private static boolean proposesItsOwnPoints(TuningRequest request) {
        String sampler = request.sampler() == null ? "" : request.sampler().strip().toLowerCase(Locale.ROOT);
        return sampler.equals("grid") || sampler.equals("sweep");
    }

    /** A space entry as the user wrote it ({@code 4}, not {@code choice(4)}), or as the space describes it. */
    private static String written(TuningRequest request, SearchSpace space, String name) {
        String text = request.searchSpace() == null ? null : request.searchSpace().get(name);
        return text == null ? space.get(name).describe() : text.strip();
    }

    /**
     * {@code <params>} pins parameters for every trial of every sampler; the sweep's baseline is
     * {@code <sweepBaseline>}. A configuration written when {@code <params>} was the sweep's baseline (a sweep whose
     * {@code <params>} name parameters of {@code <searchSpace>}) would now pin them: say so instead.
     */
    private static void checkPinned(TuningRequest request) {
        boolean sweep = request.sampler() != null && request.sampler().strip().equalsIgnoreCase("sweep");
        if (sweep && request.searchSpace() != null && request.options().sweepBaseline().isEmpty()) {
            for (String name : request.options().params().keySet()) {
                if (request.searchSpace().containsKey(name)) {
                    throw new InvalidSettingException(Setting.of("params", name), request.options().params().get(name),
                            "{params} pins a parameter for every trial and no longer sets the sweep's baseline;"
                            + " write it as " + ConfigurationException.reference(Setting.of("sweepBaseline", name))
                            + " instead");
                }
            }
        }
    }

    /**
     * {@code <params>} of a project's own objective, typed like the space's parameter of the same name, else as
     * written: an integer, a number, or a word.
     */
    public static Map<String, Object> pinnedValues(SearchSpace space, Map<String, String> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((name, text) -> {
            String t = text == null ? "" : text.strip();
            Distribution d = space.get(name);
            try {
                out.put(name, d instanceof FloatDistribution ? (Object) Double.parseDouble(t)
                        : d instanceof IntDistribution ? (Object) Long.parseLong(t)
                        : d instanceof CategoricalDistribution ? t : inferred(t));
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(Setting.of("params", name), t, "not a number, as " + d.describe()
                        + " in {searchSpace} needs");
            }
        });
        return out;
    }

    private static Object inferred(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(text);
                return Double.isFinite(d) ? (Object) d : text;
            } catch (NumberFormatException notANumber) {
                return text;
            }
        }
    }

    /**
     * The log line about the defaults trial: which trial measured them in a resumed or extended study (they are not
     * run again), else that they run first; none for a study that has reached its target without them (nothing is
     * enqueued into it).
     */
    static Optional<String> defaultsLine(dev.tuner.storage.StudyStorage storage, String study,
                                         Map<String, Object> defaults, int target) {
        List<Trial> trials = storage.findStudy(study).map(record -> storage.trials(record.id())).orElse(List.of());
        Optional<Trial> measured = trials.stream()
                .filter(t -> dev.tuner.trial.ParamValues.same(t.params(), defaults)).findFirst();
        if (measured.isPresent()) {
            return Optional.of("The trainer's defaults are trial #" + measured.get().number()
                    + " of the study: " + defaults);
        }
        if (trials.stream().filter(t -> t.state().isFinished()).count() >= target) {
            return Optional.empty();
        }
        return Optional.of("Trial of the trainer's defaults first: " + defaults);
    }

    /**
     * Hands a project's own objective what it needs before its first evaluation (seed, folds, budgets, its
     * properties, the project directory): tune and estimate evaluate the same prepared objective.
     */
    public static void prepare(Objective objective, TuningRequest request) throws Exception {
        objective.prepare(new ObjectiveContext(request.seed(), request.folds(), request.budgets(),
                request.objectiveProperties(), request.directory() == null ? Path.of("")
                .toAbsolutePath() : request.directory()));
    }

    /** A project's class named by the top-level setting {@code setting}, created with its no-argument constructor. */
    public static <T> T instantiate(String className, Class<T> type, ClassLoader loader, String setting) {
        Class<?> c;
        try {
            c = Class.forName(className, true, loader == null ? Tuning.class.getClassLoader() : loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidSettingException(setting, className, "class not found on the project's classpath;"
                    + " the goal must run after compile: bind it to process-classes (estimate's default phase,"
                    + " validate, comes before compile)");
        }
        if (!type.isAssignableFrom(c)) {
            throw new InvalidSettingException(setting, className, "does not implement " + type.getName());
        }
        try {
            return type.cast(c.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new InvalidSettingException(setting, className, "cannot be created with a public no-argument"
                    + " constructor (" + e + ")");
        }
    }
}
