package dev.tuner.tuning;

import dev.tuner.pruner.Pruners;
import dev.tuner.sampler.Samplers;
import dev.tuner.config.InvalidSettingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.ParetoFront;
import dev.tuner.study.SpaceNarrowing;
import dev.tuner.study.Stage;
import dev.tuner.study.StudyFailedException;
import dev.tuner.study.StudyListener;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.Trial;
import dev.tuner.tribuo.DataSplits;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tribuo.TabularData;
import dev.tuner.tribuo.TaskType;
import dev.tuner.tribuo.TrainerChoice;
import dev.tuner.tribuo.TrainerDefinition;
import dev.tuner.tribuo.TribuoObjective;
import dev.tuner.tribuo.TrivialTrainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A staged study ({@code <stages>}): sanity, coarse, fine and refit in one configuration, each stage a study of its
 * own named {@code <study>:<stage>}, so that each resumes on its own.
 *
 * <ul>
 *   <li>{@code sanity}: a few trials at the smallest budget, no pruning; the build fails when the best of them is no
 *   better than a trivial predictor (the class frequencies, or the mean for regression) fitted and measured on the
 *   same folds at the same budget;</li>
 *   <li>{@code coarse}: the configured space;</li>
 *   <li>{@code fine}: the previous stage's space narrowed around its best trials ({@link SpaceNarrowing});</li>
 *   <li>{@code refit}: the last stage's best parameters trained on every tuning row and measured on the held-out
 *   rows.</li>
 * </ul>
 * The outcome is the last searching stage's, with a {@code stages} section added.
 */
final class StagedTuning {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StagedTuning() {
    }

    /**
     * Checks the stages against the rest of the request: their order and names, and that sanity and refit have a
     * Tribuo trainer and refit has held-out rows.
     */
    static void check(TuningRequest request) {
        Stage.check(request.options().stages());
        boolean custom = request.objective() != null && !request.objective().isBlank();
        for (Stage s : request.options().stages()) {
            if (custom && (Stage.SANITY.equals(s.getName()) || Stage.REFIT.equals(s.getName()))) {
                throw new InvalidSettingException(Stage.STAGE.child("name"), s.getName(), "needs a Tribuo {trainer}"
                        + " (a trivial predictor or a refit); with {objective} use coarse and fine only");
            }
            // A stage's own sampler or pruner is named as the stage's element, not the top-level one.
            try {
                if (s.getSampler() != null) {
                    Samplers.create(s.getSampler());
                }
                if (s.getPruner() != null) {
                    Pruners.create(s.getPruner(), request.budgets());
                }
            } catch (InvalidSettingException e) {
                throw new InvalidSettingException(Stage.STAGE.child(e.setting().path().get(0)), e.value(),
                        e.problem(), e);
            }
            if (Stage.REFIT.equals(s.getName()) && request.dataset() != null
                    && !(request.dataset().getTestFraction() > 0)) {
                throw new InvalidSettingException(Stage.STAGE.child("name"), s.getName(), "measures on the held-out"
                        + " rows; set {dataset/testFraction} above 0");
            }
        }
    }

    /** The name a stage's study is stored under ({@link Stage#studyName}). */
    static String stageStudy(String study, String stage) {
        return Stage.studyName(study, stage);
    }

    /**
     * Whether {@code request} is a sanity stage's: it trains at the smallest budget only, by design, so notes about a
     * ladder that ends below 1.0 do not apply to it.
     */
    static boolean isSanityStage(TuningRequest request) {
        return request.study() != null && request.study().endsWith(stageStudy("", Stage.SANITY));
    }

    /**
     * The study a searching stage runs: named {@code <study>:<stage>}, its own trials, sampler and pruner (sanity: five
     * trials at the smallest budget, no pruning), no stages of its own and no final choice (stages choose by their own
     * rules: narrowing around the top trials, refit of the last stage's best).
     *
     * @param trainer the stage's trainer (fine may keep fewer of a model choice)
     * @param space   the stage's space (fine: narrowed)
     * @param options the stage's options, without stages
     */
    static TuningRequest requestFor(TuningRequest request, Stage stage, String trainer, Map<String, String> space,
                                    StudyOptions options) {
        boolean sanity = Stage.SANITY.equals(stage.getName());
        int trials = stage.getTrials() != null ? stage.getTrials() : sanity ? Stage.SANITY_TRIALS : request.trials();
        String sampler = stage.getSampler() != null ? stage.getSampler() : request.sampler();
        String pruner = sanity ? "none" : stage.getPruner() != null ? stage.getPruner() : request.pruner();
        List<Double> budgets = sanity ? List.of(request.budgets().get(0)) : request.budgets();
        return new TuningRequest(request.dataset(), trainer, request.objective(), request.classLoader(), space,
                request.objectives(), trials, sampler, pruner, budgets, request.folds(), request.jobs(),
                request.seed(), request.storage(), stageStudy(request.study(), stage.getName()), request.trialTimeout(),
                options.withStages(List.of()).withFinalChoice(FinalChoice.Settings.OFF),
                request.objectiveProperties(), request.directory());
    }

    static TuningOutcome run(TuningRequest request, StudyListener listener) throws Exception {
        List<Stage> stages = request.options().stages();
        check(request);
        TuningRequest base = request.withOptions(request.options().withStages(List.of()));
        String trainer = request.trainer();
        Map<String, String> space = request.searchSpace();
        List<StageReport> report = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        TuningOutcome last = null;
        String lastName = null;
        PhaseSeconds phases = PhaseSeconds.NONE;
        TuningOutcome.RunTrials runTrials = new TuningOutcome.RunTrials(0, 0);
        for (Stage stage : stages) {
            String name = stage.getName();
            if (Stage.REFIT.equals(name)) {
                report.add(refit(last, lastName, lines));
                continue;
            }
            boolean sanity = Stage.SANITY.equals(name);
            StageReport.NarrowedFrom narrowedFrom = null;
            StudyOptions options = base.options();
            if (Stage.FINE.equals(name)) {
                Narrowed n = narrow(last, lastName, stage);
                List<Map<String, String>> start = fineStart(last.result(), n, request.options().params().keySet());
                // The stages before measured the trainer's defaults; fine starts from their best instead.
                options = options.withEnqueue(start).withEvaluateDefaults(false);
                trainer = n.trainer() == null ? trainer : n.trainer();
                space = n.searchSpace();
                narrowedFrom = new StageReport.NarrowedFrom(lastName, n.around().stream().map(Trial::number)
                        .toList(), stage.margin());
                lines.add("Stage fine: space narrowed around " + lastName + "'s top " + n.around().size()
                        + " trials " + n.around().stream().map(Trial::number).toList()
                        + (n.around().size() < stage.top() ? " (of <top>" + stage.top() + "</top>: only "
                        + n.around().size() + " completed and met the constraints)" : "") + ": "
                        + (n.trainer() != null && !TrainerChoice.isChoice(n.trainer())
                        ? "trainer=" + n.trainer() + " " : "") + space
                        + (start.isEmpty() ? "" : "; its first trial is " + lastName + "'s best #"
                        + last.result().best().number()));
            }
            TuningRequest r = requestFor(request, stage, trainer, space, options);
            int trials = r.trials();
            String sampler = r.sampler();
            String pruner = r.pruner();
            List<Double> budgets = r.budgets();
            String study = r.study();
            TuningOutcome outcome = Tuning.run(r, new StageListener(name, listener));
            StudyResult result = outcome.result();
            Trial best = result.best();
            StageReport.Best bestEntry = best == null ? null
                    : new StageReport.Best(best.number(), values(best, result.objectives()), best.params());
            String bestText = best == null ? "no complete trial" : bestText(result, best);
            Sanity check = null;
            if (sanity) {
                check = sanityCheck(r, result, budgets.get(0));
                lines.add(check.line());
            } else {
                lines.add("Stage " + name + " (study '" + study + "', " + sampler + ", " + trials + " trials): "
                        + bestText);
            }
            report.add(StageReport.searched(name, narrowedFrom, study, trials, sampler, pruner, budgets,
                    storedSpace(result), bestEntry, result.count(dev.tuner.trial.TrialState.COMPLETE),
                    check == null ? null : check.trivial(), check == null ? null : true));
            last = outcome;
            lastName = name;
            phases = phases.plus(outcome.phases());
            runTrials = runTrials.plus(outcome.trials());
        }
        List<String> summary = new ArrayList<>(lines);
        summary.addAll(last.summaryLines());
        return new TuningOutcome(last.result(), last.parameterNames(), last.budgets(),
                last.report().withStages(report), summary, last.production(), phases, runTrials);
    }

    /**
     * Passes a stage study's progress on, its warnings named by the stage: each stage is a study of its own, and a
     * held-out warning after sanity or coarse is not about the model the stages end with.
     */
    private record StageListener(String stage, StudyListener to) implements StudyListener {
        @Override
        public void warning(String message) {
            to.warning("Stage " + stage + ": " + message);
        }

        @Override
        public void info(String message) {
            to.info(message);
        }

        @Override
        public void started(String studyName, int finishedBefore, int target, int requeued) {
            to.started(studyName, finishedBefore, target, requeued);
        }

        @Override
        public void evaluating(Trial trial, double budget, int fold, int folds) {
            to.evaluating(trial, budget, fold, folds);
        }

        @Override
        public void trialFinished(Trial trial, dev.tuner.study.StudyProgress progress) {
            to.trialFinished(trial, progress);
        }

        @Override
        public void released(int released) {
            to.released(released);
        }

        @Override
        public void reclaimed(int reclaimed) {
            to.reclaimed(reclaimed);
        }

        @Override
        public void awaitingOthers(int running) {
            to.awaitingOthers(running);
        }
    }

    /** A passed sanity check: its log line and the trivial predictor's figure. */
    private record Sanity(String line, StageReport.Trivial trivial) {
    }

    /** Fails the build when the sanity stage's best is no better than the trivial predictor on the same folds. */
    private static Sanity sanityCheck(TuningRequest r, StudyResult result, double budget) {
        ObjectiveSpec primary = result.objectives().get(0);
        DatasetSpec ds = r.dataset();
        TabularData data = TabularData.load(ds);
        DataSplits splits = new DataSplits(data, ds.getTestFraction(), r.folds(), r.seed());
        boolean classification = data.task() == TaskType.CLASSIFICATION;
        String trivialName = classification ? "class frequencies" : "mean";
        double sum = 0;
        for (int fold = 0; fold < r.folds(); fold++) {
            sum += TrivialTrainer.metrics(splits, fold, budget).getOrDefault(primary.metric(), Double.NaN);
        }
        double baseline = sum / r.folds();
        Trial best = result.best();
        double value = best == null ? Double.NaN : best.value();
        Direction d = primary.direction();
        boolean passed = best != null && !Double.isNaN(baseline) && d.isBetter(value, baseline);
        String figures = String.format(Locale.ROOT, "%s=%.4f against the trivial predictor (%s) %s=%.4f on the same"
                + " %d folds at budget %s", primary.metric(), value, trivialName, primary.metric(), baseline,
                r.folds(), budget);
        if (!passed) {
            throw new StudyFailedException("Stage sanity failed: the best of " + result.count(
                    dev.tuner.trial.TrialState.COMPLETE) + " trial(s) in study '" + r.study() + "' is no better than a"
                    + " trivial predictor: " + figures + ". Check <dataset><target>, the features and <trainer>"
                    + " before a longer search");
        }
        return new Sanity("Stage sanity (study '" + r.study() + "'): passed, best #" + best.number() + " " + figures,
                new StageReport.Trivial(trivialName, primary.metric(), baseline));
    }

    /** The previous stage's best parameters refit on every tuning row, measured on the held-out rows. */
    private static StageReport refit(TuningOutcome last, String lastName, List<String> lines) {
        Trial best = last.result().best();
        if (best == null) {
            throw new StudyFailedException("Stage refit: stage " + lastName + " has no complete feasible trial to"
                    + " refit");
        }
        // Tuning.run refits the best trial on the tuning rows and measures it on the held-out rows already.
        TuningReport.HeldOut heldOut = last.report().heldOut();
        Map<String, Double> crossValidated = values(best, last.result().objectives());
        lines.add("Stage refit: " + lastName + "'s best " + firstObjectiveNote(last.result()) + "#" + best.number()
                + " refit on every tuning row: held-out ("
                + (heldOut == null ? "none" : heldOut.rows() + " rows") + ") "
                + (heldOut == null ? "" : rounded(objectivesOnly(heldOut.tuned(), last.result().objectives())))
                + ", cross-validated " + rounded(crossValidated));
        return heldOut == null ? StageReport.refit(lastName, best.number(), best.params(), null, null, null)
                : StageReport.refit(lastName, best.number(), best.params(), heldOut.rows(), heldOut.tuned(),
                crossValidated);
    }

    private record Narrowed(String trainer, Map<String, String> searchSpace, List<Trial> around) {
    }

    /** The fine stage's {@code <trainer>} and {@code <searchSpace>}: the last stage's space around its top trials. */
    private static Narrowed narrow(TuningOutcome last, String lastName, Stage stage) {
        StudyResult result = last.result();
        List<Trial> top = result.objectives().size() > 1
                ? ParetoFront.topKByFronts(result.trials(), result.objectives(), result.constraints(), stage.top())
                : result.ranked().stream().limit(stage.top()).toList();
        if (top.isEmpty()) {
            throw new StudyFailedException("Stage fine: stage " + lastName + " has no complete feasible trial to"
                    + " narrow the space around");
        }
        SearchSpace previous = SearchSpace.parse(storedSpace(result));
        boolean choice = previous.names().contains(TrainerChoice.PARAMETER)
                && previous.get(TrainerChoice.PARAMETER) instanceof dev.tuner.space.CategoricalDistribution
                && top.stream().allMatch(t -> t.params().containsKey(TrainerChoice.PARAMETER))
                && previous.names().stream().anyMatch(n -> n.contains("."));
        if (choice) {
            previous = previous.conditionalOn(TrainerChoice.PARAMETER);
        }
        Map<String, String> narrowed = new LinkedHashMap<>(SpaceNarrowing.narrow(previous, top, stage.margin())
                .describe());
        if (!choice) {
            return new Narrowed(null, narrowed, top);
        }
        // Model choice: the kept trainers become the fine stage's <trainer>; one kept trainer loses its prefix.
        List<String> kept = ((dev.tuner.space.CategoricalDistribution) SpaceNarrowing.narrow(previous, top,
                stage.margin()).get(TrainerChoice.PARAMETER)).choices();
        narrowed.remove(TrainerChoice.PARAMETER);
        if (kept.size() > 1) {
            return new Narrowed("choice(" + String.join(", ", kept) + ")", narrowed, top);
        }
        Map<String, String> own = new LinkedHashMap<>();
        String prefix = kept.get(0) + ".";
        narrowed.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                own.put(k.substring(prefix.length()), v);
            }
        });
        return new Narrowed(kept.get(0), own, top);
    }

    /**
     * The fine stage's first trial, with one objective: the previous stage's best, under the names the fine space
     * gives its parameters (a single trainer kept from a model choice loses its prefix). Without it a fine stage of a
     * few trials could end worse than the stage it narrows, and refit would take the worse; on the same folds and
     * seed it scores as it did, so fine's best is never worse. The user's {@code <enqueue>} trials are not repeated:
     * the stages before evaluated them, and they may lie outside the narrowed space.
     */
    private static List<Map<String, String>> fineStart(StudyResult previous, Narrowed n, Set<String> pinned) {
        Trial best = previous.best();
        if (best == null || previous.objectives().size() > 1) {
            return List.of();
        }
        boolean choice = n.trainer() != null && TrainerChoice.isChoice(n.trainer());
        String prefix = n.trainer() != null && !choice ? n.trainer() + "." : "";
        SearchSpace fine = SearchSpace.parse(n.searchSpace());
        Map<String, String> start = new LinkedHashMap<>();
        for (Map.Entry<String, Object> p : best.params().entrySet()) {
            if (choice && p.getKey().equals(TrainerChoice.PARAMETER)) {
                start.put(p.getKey(), String.valueOf(p.getValue()));
            } else if (p.getKey().startsWith(prefix) && !pinned.contains(p.getKey())) {
                String name = p.getKey().substring(prefix.length());
                if (!fine.names().contains(name) || !fine.get(name).contains(p.getValue())) {
                    return List.of();
                }
                start.put(name, String.valueOf(p.getValue()));
            }
        }
        return List.of(start);
    }

    /** The search space as the study stored it in its description (suggested spaces included). */
    private static Map<String, String> storedSpace(StudyResult result) {
        return storedSpace(result.study().description());
    }

    private static Map<String, String> storedSpace(String description) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            JsonNode node = JSON.readTree(description).path("searchSpace");
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot read the stored study description", e);
        }
        return out;
    }

    /**
     * A stage's request as its stored study was created: tune narrows a fine stage's space (and a model choice's
     * trainer) around the previous stage's trials, so once the fine study exists its space is the stored one, not the
     * configured one. Empty when the storage holds no such study. Reads the storage only.
     */
    static Optional<TuningRequest> storedRequest(TuningRequest request, Stage stage) {
        TuningRequest configured = requestFor(request, stage, request.trainer(), request.searchSpace(),
                request.options());
        String storage = request.storage();
        if (storage == null || storage.isBlank() || (!storage.strip().toLowerCase(Locale.ROOT).startsWith("jdbc:")
                && !java.nio.file.Files.exists(Path.of(storage.strip())))) {
            return Optional.empty();
        }
        try (var store = dev.tuner.storage.StudyStorages.open(storage.strip())) {
            return store.findStudy(configured.study()).map(record -> {
                String trainer = configured.trainer();
                try {
                    JsonNode stored = JSON.readTree(record.description()).path("trainer");
                    if (stored.isTextual() && trainer != null && !trainer.isBlank()) {
                        trainer = stored.asText();
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("cannot read the stored study description", e);
                }
                return requestFor(request, stage, trainer, storedSpace(record.description()), request.options());
            });
        }
    }

    private static Map<String, Double> objectivesOnly(Map<String, Double> metrics, List<ObjectiveSpec> objectives) {
        Map<String, Double> out = new LinkedHashMap<>();
        objectives.forEach(o -> out.put(o.metric(), metrics.getOrDefault(o.metric(), Double.NaN)));
        return out;
    }

    /**
     * A stage's outcome: its best trial; with several objectives there is no one best, so the line names the Pareto
     * front and says which objective the best (the trial refit and narrowed from first) is the best on.
     */
    private static String bestText(StudyResult result, Trial best) {
        String text = "best " + firstObjectiveNote(result) + "#" + best.number() + " " + rounded(values(best,
                result.objectives())) + " " + best.params();
        if (result.objectives().size() < 2) {
            return text;
        }
        List<Trial> front = result.paretoFront();
        return "Pareto front of " + front.size() + " trial" + (front.size() == 1 ? "" : "s") + " ("
                + String.join(", ", front.stream().map(t -> "#" + t.number()).toList()) + "); " + text;
    }

    /** {@code "on <metric> "} with several objectives (the best is the first objective's), else nothing. */
    private static String firstObjectiveNote(StudyResult result) {
        return result.objectives().size() < 2 ? "" : "on " + result.objectives().get(0).metric() + " ";
    }

    /** Objective values for a log line, to four decimals as the sanity line gives them (best.json keeps them all). */
    private static String rounded(Map<String, Double> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue() == null ? "null"
                : String.format(Locale.ROOT, "%.4f", e.getValue()))).collect(Collectors.joining(
                ", ", "{", "}"));
    }

    private static Map<String, Double> values(Trial t, List<ObjectiveSpec> objectives) {
        return t.valuesByMetric(objectives);
    }
}
