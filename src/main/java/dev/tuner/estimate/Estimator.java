// Over 450 lines: the estimate as docs/estimate.md describes it, step by step (setup, probe, cost model, forecast, memory, disk); the models themselves are in CostModel, CostForecast, CostQuality, FullCorpus and PowerLaw.
package dev.tuner.estimate;

import dev.tuner.config.ConfigurationException;
import dev.tuner.config.InvalidSettingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.pruner.Pruner;
import dev.tuner.pruner.Pruners;
import dev.tuner.report.BestJsonWriter;
import dev.tuner.report.TrialsCsvWriter;
import dev.tuner.sampler.RandomSampler;
import dev.tuner.sampler.Samplers;
import dev.tuner.sampler.SamplingContext;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.StudyRecord;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.files.Sha256;
import dev.tuner.study.Study;
import dev.tuner.study.StudyResult;
import dev.tuner.study.StudyFailedException;
import dev.tuner.study.StudySettings;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import dev.tuner.tribuo.TabularData;
import dev.tuner.tuning.FinalChoice;
import dev.tuner.tuning.TribuoSetup;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningRequest;
import dev.tuner.study.Objective;
import dev.tuner.study.StudyListener;
import dev.tuner.tribuo.DataSplits;
import dev.tuner.tribuo.TrainerDefinition;
import dev.tuner.tribuo.TribuoLogging;
import dev.tuner.tribuo.TribuoObjective;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The {@code estimate} use case: the plan of a {@code tune} run of the same configuration, calibrated on this
 * machine. It reads the data and the study's storage as {@code tune} would, plans the remaining trials with the
 * pruner's own rules ({@link PrunerPlan}), times a few real trainings ({@link CalibrationProbe}), fits how time and
 * memory grow with rows ({@link PowerLaw}) and measures what a trial adds to the database and reports.
 *
 * <p>Resuming: the study's finished trials (COMPLETE, PRUNED, FAILED, as {@code tune} counts them) are read from
 * storage and only the remaining trials are planned and costed; the study's record is looked up with the same
 * fingerprint {@code tune} uses, and a storage file that does not exist yet is not created.
 *
 * <p>A custom {@code <objective>} is probed the same way, its budget standing for rows (see {@link Probed}).
 */
public final class Estimator {

    /** Fractions of the full budget probed besides the ladder's own small budgets. */
    static final List<Double> PROBE_FRACTIONS = List.of(0.125, 0.25, 0.5);
    /** Synthetic trials written to a scratch database to measure what one trial costs on disk and in time. */
    static final int STORAGE_PROBE_TRIALS = 30;
    /** Random configurations the cost model forecasts, to spread the probe and to simulate the study. */
    static final int CANDIDATES = 256;
    /** Failed probe draws after which the estimate gives up: as many as the failed trials after which tune does. */
    static final int FAILED_DRAWS_BEFORE_ABORT = 5;
    /**
     * Share of the study's own trainings that the probe may spend timing draws at the full budget (beyond the
     * cheapest, which it always times there): a tenth keeps the estimate small against the study it plans.
     */
    static final double FULL_BUDGET_PROBE_SHARE = 0.1;

    /** A resumed study's last trials whose cost says where its sampler settled ({@link #settledQuantile}). */
    static final int SETTLED_TRIALS = 5;
    /** A custom objective's full budget, in the work units that stand for rows. */
    static final int CUSTOM_BUDGET_UNITS = 1000;
    /**
     * A first data load under this many seconds is read again, warm, when tune follows in the same JVM; above it the
     * reading itself dominates and a second read would only double the estimate's own time.
     */
    static final double WARM_RELOAD_LIMIT_SECONDS = 10.0;
    /** Cost models refitted on resamples of the probe's draws, for the range (see CostForecast). */
    static final int BOOTSTRAP_MODELS = 100;

    /**
     * Added to the study's seed for the probe's random draws, so that they are a stream of their own rather than the
     * points the study's random sampler will try first (any fixed offset would do; a prime is unlikely to line up
     * with a seed a user picks).
     */
    static final long PROBE_SEED_OFFSET = 7919;

    private Estimator() {
    }

    /** Options of the estimate itself (not of the study). */
    /**
     * @param fullCorpus rows of the full corpus (a number) or a second data file, or null: the estimate then also
     *                   forecasts re-running the top-k trials on it
     * @param origins    where each study setting came from (element, property, preset, default), for the report
     * @param warmJvm    tune runs after this estimate in the same JVM, which the probe has warmed: the first
     *                   trial's warm-up is then left out of the forecast (it is still reported)
     */
    public record Options(int probeDraws, Double costPerCpuHour, int topK, String fullCorpus,
                          Map<String, String> origins, boolean warmJvm) {
        public Options {
            if (probeDraws < 2) {
                throw new InvalidSettingException("probeDraws", probeDraws, "must be >= 2");
            }
            origins = origins == null ? Map.of() : Map.copyOf(new TreeMap<>(origins));
        }

        public Options(int probeDraws, Double costPerCpuHour, int topK) {
            this(probeDraws, costPerCpuHour, topK, null, Map.of(), false);
        }

        public Options withWarmJvm(boolean warm) {
            return new Options(probeDraws, costPerCpuHour, topK, fullCorpus, origins, warm);
        }
    }

    public static Estimate estimate(TuningRequest request, Options options) throws Exception {
        if (!request.options().stages().isEmpty()) {
            return StagedEstimate.of(request, options);
        }
        return estimate(request, options, new HashMap<>());
    }

    /**
     * @param probes the probes already run in this estimate, by their draws, probe budgets and full budget: the stages
     *               of a staged study that search the same space over the same budgets share one
     */
    static Estimate estimate(TuningRequest request, Options options, Map<List<Object>, CalibrationProbe.Result> probes)
            throws Exception {
        TribuoLogging.quiet();
        StudySettings.checkBudgets(request.budgets());
        if (custom(request) && options.fullCorpus() != null && !options.fullCorpus().isBlank()) {
            throw new InvalidSettingException("fullCorpus", options.fullCorpus(), "a custom objective has no rows to"
                    + " scale to a full corpus; use it with a {trainer} and {dataset}");
        }

        // The heap before and after the data is read: what the data holds, which a full corpus holds in proportion.
        boolean fullCorpusGiven = options.fullCorpus() != null && !options.fullCorpus().isBlank();
        long heapBeforeData = fullCorpusGiven ? heapUsedAfterGc() : 0;
        long loadStart = System.nanoTime();
        // The same setup tune uses: the same description finds the same study.
        Probed probed = custom(request) ? Probed.custom(request) : Probed.trainer(request);
        TribuoSetup setup = probed.setup();
        SearchSpace space = probed.space();
        List<ObjectiveSpec> objectives = probed.objectives();
        Objective objective = probed.objective();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        if (setup == null) {
            // A project's objective may fill a cache as it prepares (a corpus' embeddings): the estimate has paid
            // that, so what tune pays is a second preparation, timed on a fresh instance.
            long again = System.nanoTime();
            Tuning.prepare(Tuning.instantiate(request.objective(), Objective.class, request.classLoader(),
                    "objective"), request);
            loadSeconds = (System.nanoTime() - again) / 1e9;
        } else if (options.warmJvm() && loadSeconds < WARM_RELOAD_LIMIT_SECONDS) {
            // tune reads the data again in this JVM, with the reader's classes loaded and compiled: on small data the
            // first read is mostly that, so the second read is what tune pays.
            long again = System.nanoTime();
            TribuoSetup.of(request);
            loadSeconds = (System.nanoTime() - again) / 1e9;
        }
        long heapWithData = fullCorpusGiven ? heapUsedAfterGc() : 0;
        long dataBytes = Math.max(0, heapWithData - heapBeforeData);
        // Read before the probe: a value that is neither a row count nor a data file fails at once.
        FullCorpus.Source corpus = setup == null ? null
                : FullCorpus.source(options.fullCorpus(), request, setup.data());
        // A corpus file is held in memory from here on: measured, and left out of the study's own heap below.
        long corpusFileBytes = corpus == null || corpus.setup() == null ? 0
                : Math.max(0, heapUsedAfterGc() - heapWithData);
        StudySettings settings = new StudySettings(request.study(), probed.description(), space, objectives,
                request.trials(), request.budgets(), request.folds(), request.jobs(), request.seed(),
                request.trialTimeout());

        List<Trial> history = finishedTrials(request.storage(), settings);
        int finishedAll = history.size();
        // -Dtuner.moreTrials: tune's target is that many trials beyond the finished ones, whatever <trials> says.
        int more = request.options().moreTrials();
        int target = more > 0 ? Math.addExact(finishedAll, more) : request.trials();
        var capacity = Samplers.create(request.sampler()).capacity(space);
        if (capacity.isPresent() && capacity.getAsLong() < target) {
            target = (int) capacity.getAsLong();
        }
        int finished = Math.min(target, finishedAll);
        Pruner pruner = Pruners.create(request.pruner(), request.budgets());
        PrunerPlan plan = PrunerPlan.of(pruner, request.budgets(), finished, target, request.seed(),
                objectives.size());

        // The probe: draws of the space spread from cheap to costly by the trainer's cost drivers, at small budgets.
        CostDrivers drivers = probed.drivers();
        List<Map<String, Object>> candidates = candidates(space, settings, request.seed(), CANDIDATES);
        int fullRows = probed.rows(request.budgets().get(request.budgets().size() - 1));
        List<Double> ladder = request.budgets();
        double full = ladder.get(ladder.size() - 1);
        TreeSet<Double> probeBudgets = new TreeSet<>();
        ladder.stream().filter(b -> b < full).forEach(probeBudgets::add);
        PROBE_FRACTIONS.forEach(f -> probeBudgets.add(f * full));
        long baselineHeap = Math.max(0, heapUsedAfterGc() - corpusFileBytes);
        List<Double> probeLadder = distinctRows(probed, probeBudgets);
        // A configuration whose training fails (a factorisation machine that diverges, a model that predicts no
        // class) is a failed trial to tune, which goes on; the probe takes another one instead, and gives up as tune
        // does when the first few all fail.
        Set<Map<String, Object>> failed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> failures = new ArrayList<>();
        List<Map<String, Object>> draws;
        CalibrationProbe.Result probe;
        List<String> choices = space.distributions().entrySet().stream()
                .filter(e -> e.getValue() instanceof dev.tuner.space.CategoricalDistribution).map(Map.Entry::getKey)
                .toList();
        while (true) {
            List<Map<String, Object>> available = candidates.stream().filter(c -> !failed.contains(c)).toList();
            List<Map<String, Object>> pool = available;
            // A failure that follows a choice (multinomial naive Bayes without scaling on negative features) fails
            // every configuration that takes it: the next draws come from the other choices while enough are left.
            List<Map<String, Object>> elsewhere = choices.isEmpty() ? available : available.stream()
                    .filter(c -> failed.stream().noneMatch(f -> choices.stream()
                            .allMatch(n -> java.util.Objects.equals(f.get(n), c.get(n))))).toList();
            if (elsewhere.size() >= options.probeDraws()) {
                pool = elsewhere;
            }
            draws = ProbeDraws.choose(pool, drivers, fullRows, options.probeDraws());
            double fullBudget = probed.rows(full) > probed.rows(probeLadder.get(probeLadder.size() - 1)) ? full
                    : Double.NaN;
            List<Object> key = List.of(draws, probeLadder, fullBudget, request.jobs() > 1);
            if (probes.containsKey(key)) {
                probe = probes.get(key);
                break;
            }
            try {
                probe = CalibrationProbe.run(failingAsTrials(objective, objectives), probed::rows, probeLadder, fullBudget,
                        FULL_BUDGET_PROBE_SHARE * fullRunEquivalents(plan, probed, request.folds()), draws,
                        request.jobs() > 1);
                probes.put(key, probe);
                break;
            } catch (CalibrationProbe.DrawFailedException e) {
                Map<String, Object> draw = draws.get(e.draw());
                failed.add(draw);
                failures.add(draw + ": " + (e.getCause() instanceof UnusableMetrics ? e.getCause().getMessage()
                        : Study.describe(e.getCause())));
                if (failed.size() >= FAILED_DRAWS_BEFORE_ABORT || available.size() - 1 < options.probeDraws()) {
                    throw new StudyFailedException("the estimate's probe could not train " + failed.size()
                            + " configurations of the space, the study's trials would fail too: "
                            + String.join("; ", failures));
                }
            }
        }
        List<String> notes = new ArrayList<>(setup == null ? List.of() : setup.notes());
        if (corpus != null && setup != null && corpus.rows() <= setup.data().size()) {
            notes.add(String.format(Locale.ROOT, "the full corpus (%d rows) is no larger than the data set tuned on"
                    + " (%d rows): the re-run is priced, but there is nothing to scale up to", corpus.rows(),
                    setup.data().size()));
        }
        if (setup == null) {
            TribuoSetup.budgetNote(request).ifPresent(notes::add);
        }
        if (!failures.isEmpty()) {
            notes.add(failures.size() + " of the probe's configurations failed to train and were replaced; tune"
                    + " will count such trials as failed: " + String.join("; ", failures));
        }

        double[] rows = probe.points().stream().mapToDouble(CalibrationProbe.Point::rows).toArray();
        PowerLaw timeLaw = PowerLaw.fit(rows, probe.points().stream()
                .mapToDouble(CalibrationProbe.Point::meanSeconds).toArray());
        // Heap per training never shrinks with rows and grows at most as a rows x rows matrix does.
        PowerLaw memoryLaw = PowerLaw.fitBounded(rows, probe.points().stream()
                .mapToDouble(CalibrationProbe.Point::peakHeapBytes).toArray(), 0, 2);
        // A driver that no configuration of the study changes (a parameter the space fixes, dart without a booster
        // choice) only moves the intercept: left out, the model and its line name what the study can vary.
        Map<String, Object> defaultsParams = setup == null ? null
                : choiceDefaults(setup, setup.trainer().storedDefaults());
        List<Map<String, Object>> configurations = new ArrayList<>(candidates);
        configurations.addAll(draws);
        if (defaultsParams != null) {
            configurations.add(defaultsParams);
        }
        int[] rowCounts = IntStream.concat(probe.points().stream().mapToInt(CalibrationProbe.Point::rows),
                IntStream.of(probed.tuningRows())).toArray();
        CostDrivers fitted = CostDrivers.withoutConstant(drivers, configurations, rowCounts);
        List<CostModel.Run> runs = new ArrayList<>();
        for (CalibrationProbe.Timed t : probe.runs()) {
            // The cheapest draw's run at the full budget weighs as much as every draw at a probe budget.
            runs.add(new CostModel.Run(t.rows(), fitted.of(draws.get(t.draw()), t.rows()),
                    Math.max(1e-6, t.seconds()), t.budget() == full ? draws.size() : 1));
        }
        CostModel model = CostModel.fit(runs);
        int firstRows = probe.points().get(0).rows();
        double warmUp = Math.max(0, probe.firstSeconds() - model.seconds(firstRows, fitted.of(draws.get(0), firstRows)));

        int cores = Runtime.getRuntime().availableProcessors();
        int remaining = target - finished;
        double parallelism = request.jobs() <= 1 ? 1.0
                : 1.0 + (probe.twoThreadSpeedup() - 1.0) * (Math.min(request.jobs(), cores) - 1);

        double[] evaluated = plan.evaluated();
        double[] stopped = plan.stopped();
        // A fresh JVM also trains slower while the JIT compiles the trainer's code: what the probe's untimed passes
        // took beyond the settled speed, all of it once the study trains as often as they did, else that share.
        double studyTrainings = Arrays.stream(evaluated).sum() * request.folds();
        double coldStart = warmUp + probe.coldPassSeconds()
                * Math.min(1, studyTrainings / Math.max(1, probe.warmUpTrainings()));
        int tuningRows = probed.tuningRows();
        // tune refits the best trial's parameters and the defaults on the held-out rows whenever it ends with a best
        // trial, also when no trial remains to run.
        boolean heldOut = probed.heldOutRows() > 0 && target > 0;
        int[] columnRows = new int[ladder.size() + 1];
        double[] weights = new double[ladder.size()];
        double largestRows = 0;
        for (int r = 0; r < ladder.size(); r++) {
            columnRows[r] = probed.rows(ladder.get(r));
            weights[r] = evaluated[r] * request.folds() / parallelism;
            if (evaluated[r] > 0) {
                largestRows = Math.max(largestRows, columnRows[r]);
            }
        }
        columnRows[ladder.size()] = tuningRows;
        if (heldOut) {
            largestRows = Math.max(largestRows, tuningRows);
        }
        // The cost law's own uncertainty: the candidates priced by the fit on every probe run (model 0) and by fits on
        // resamples of the probe's draws.
        int[] drawOfRun = probe.runs().stream().mapToInt(t -> t.budget() == full ? -1 : t.draw()).toArray();
        List<CostModel> models = new ArrayList<>(List.of(model));
        models.addAll(CostModel.bootstrap(runs, drawOfRun, BOOTSTRAP_MODELS, request.seed() + 15485863));
        // The refit trains on every tuning row, more than a fold's: beyond the rows the probe timed.
        double[] probedRows = {Arrays.stream(rows).min().orElse(1), Arrays.stream(rows).max().orElse(1)};
        double[][][] costs = new double[models.size()][candidates.size()][columnRows.length];
        double[][] defaultsCosts = new double[models.size()][columnRows.length];
        for (int k = 0; k < columnRows.length; k++) {
            List<List<CostModel.Driver>> columnDrivers = new ArrayList<>();
            for (Map<String, Object> c : candidates) {
                columnDrivers.add(fitted.of(c, columnRows[k]));
            }
            List<CostModel.Driver> defaultsDrivers = defaultsParams == null ? List.of()
                    : fitted.of(defaultsParams, columnRows[k]);
            for (int m = 0; m < models.size(); m++) {
                for (int c = 0; c < candidates.size(); c++) {
                    costs[m][c][k] = models.get(m).secondsBeyond(columnRows[k], columnDrivers.get(c), probedRows, 0);
                }
                defaultsCosts[m][k] = models.get(m).secondsBeyond(columnRows[k], defaultsDrivers, probedRows, 0);
            }
        }
        FinalChoice.Settings choice = request.options().finalChoice();
        // tune's own rule: not for grid or sweep, a choice of trainers, or a default outside the space.
        Map<String, Object> defaultsTrialParams = setup == null ? null
                : Tuning.defaultsTrial(request, setup, space, StudyListener.NONE).orElse(null);
        boolean defaultsTrial = defaultsTrialParams != null;
        // A finished study whose stored choice still stands is not re-scored by tune (FinalChoice.reusable).
        int rescoreTop = finalChoiceRuns(request, objectives.size(), setup != null, target) > 0
                && !(remaining == 0 && storedChoiceStands(request, settings, history, objectives, defaultsTrialParams,
                space)) ? Math.min(choice.top(), target) : 0;
        CostForecast.Plan simulated = new CostForecast.Plan(costs, defaultsCosts, weights, remaining,
                CostForecast.randomLike(request.sampler()), defaultsTrial && finished == 0, rescoreTop,
                defaultsTrial, choice.repeats() * Math.max(1, request.folds()) / parallelism, heldOut,
                plan.runScales(), plan.completeTrials(), finished,
                settledQuantile(history, request.sampler(), costs[0], ladder.size() - 1, model, fitted,
                        columnRows[ladder.size() - 1]));
        CostQuality costQuality = CostQuality.of(probe.runs(), objectives.get(0));
        CostForecast.Result forecast = CostForecast.simulate(simulated,
                new CostForecast.Sources(model.residualSd(), costQuality.correlation(), costQuality.draws(),
                        Math.hypot(probe.speedLogSd(), CostForecast.UNSEEN_LOG_SD)),
                request.seed() + 104729);

        List<Estimate.BudgetRow> table = new ArrayList<>();
        double trainingSeconds = 0;
        for (int r = 0; r < ladder.size(); r++) {
            double perRun = forecast.secondsPerRun()[r];
            double budgetRuns = evaluated[r] * request.folds();
            trainingSeconds += budgetRuns * perRun;
            table.add(new Estimate.BudgetRow(ladder.get(r), columnRows[r], (long) remaining * request.folds(),
                    evaluated[r], budgetRuns, stopped[r], perRun, budgetRuns * perRun / parallelism));
        }
        double heldOutSeconds = forecast.refitSeconds();
        // No trial left to simulate (a finished study): a top trial costs what the space's configurations do.
        double bestRefit = forecast.secondsPerRun()[ladder.size()] > 0 ? forecast.secondsPerRun()[ladder.size()]
                : Arrays.stream(costs[0]).mapToDouble(c -> c[ladder.size()]).average().orElse(0);

        Path scratch = Files.createTempDirectory("tuner-estimate");
        StorageProbe storageProbe;
        try {
            storageProbe = measureStorage(scratch, settings, draws, probe.metrics(), ladder, objectives,
                    space, options.topK(), options.warmJvm());
        } finally {
            deleteTree(scratch);
        }

        double finalChoiceSeconds = forecast.rescoreSeconds();
        SamplerCost samplerCost = samplerCost(request, space, objectives, finished, target);
        // The trainings (study, final choice, refits) are in the simulated totals; these are the rest.
        boolean cold = !options.warmJvm() && (remaining > 0 || heldOut);
        double coldOpen = cold ? storageProbe.openSeconds() : 0;
        double fixed = loadSeconds + coldOpen + storageProbe.secondsPerTrial() * remaining
                + samplerCost.seconds() / parallelism + (cold ? coldStart : 0);
        double expectedSeconds = fixed + forecast.expected();
        if (samplerCost.seconds() / parallelism > Math.max(1.0, 0.05 * expectedSeconds)) {
            notes.add(String.format(Locale.ROOT, "the sampler's own proposals take %.1f s of it (%s: %.0f ms per"
                    + " proposal with %d trials in the study)", samplerCost.seconds() / parallelism,
                    request.sampler(), 1000 * samplerCost.atTarget(), target - 1));
        }
        int concurrent = Math.max(1, Math.min(request.jobs(), Math.max(1, remaining)));
        long perTraining = largestRows > 0 ? (long) memoryLaw.at(largestRows) : 0;
        long peakMemory = baselineHeap + concurrent * perTraining;
        long databaseBytes = Math.round(storageProbe.databaseBytesPerTrial() * remaining);
        long reportsBytes = Math.round(storageProbe.csvBytesPerTrial() * target + storageProbe.bestJsonBytes());
        long modelBytes = Math.round(probe.modelBytes() > 0 ? probe.modelBytes()
                * Math.max(1.0, tuningRows / rows[rows.length - 1]) : 0);
        double cpuHours = (loadSeconds + trainingSeconds + storageProbe.secondsPerTrial() * remaining
                + heldOutSeconds + finalChoiceSeconds * parallelism) / 3600.0;
        // On a corpus file, the probe's configuration that costs about what a top trial is forecast to is timed at
        // growing rows.
        Map<String, Object> typical = draws.stream().min(Comparator.comparingDouble(d -> Math.abs(Math.log(
                model.secondsBeyond(tuningRows, fitted.of(d, tuningRows), probedRows, 0) / bestRefit))))
                .orElse(draws.get(0));
        List<Estimate.CorpusRun> corpusRuns = FullCorpus.time(corpus, typical, tuningRows,
                Math.max(FullCorpus.MIN_TIMING_SECONDS, FullCorpus.TIMING_SHARE * expectedSeconds), request.seed());
        double relative = bestRefit / model.secondsBeyond(tuningRows, fitted.of(typical, tuningRows), probedRows, 0);
        Estimate.FullCorpus fullCorpus = setup == null ? null : FullCorpus.of(corpus,
                new FullCorpus.Scaling(model, candidates, fitted, probedRows), corpusRuns, relative, bestRefit,
                tuningRows, options.topK(), memoryLaw, new FullCorpus.Heap(Math.max(0, baselineHeap - dataBytes),
                        corpus == null || corpus.setup() == null ? Math.round(dataBytes * corpus(corpus)
                                / Math.max(1.0, setup.data().size())) : corpusFileBytes));

        Estimate.Calibration calibration = new Estimate.Calibration(probe.points(), timeLaw, memoryLaw,
                probe.twoThreadSpeedup(), probe.speedupMeasured(), parallelism, cores, probe.seconds(), loadSeconds,
                heldOutSeconds, storageProbe.secondsPerTrial(), baselineHeap, perTraining, options.probeDraws(),
                systemLoad(), model, coldStart + storageProbe.openSeconds(), costQuality, forecast.spreads(),
                probeRuns(probe, draws));
        // The trials in storage, as tune counts them, even beyond a lowered target (tune: "20 trials finished, the
        // target is 5"); the plan above uses at most the target.
        return new Estimate(request.study(), probed.name(), pruner.name(), request.sampler(), target, finishedAll,
                remaining, request.folds(), request.jobs(),
                (long) remaining * ladder.size() * request.folds(),
                plan.expectedEvaluations() * request.folds(),
                Math.max(0, sum(stopped)), expectedSeconds, fixed + forecast.low(), fixed + forecast.high(),
                peakMemory, databaseBytes + reportsBytes + modelBytes, databaseBytes, reportsBytes, modelBytes,
                plan.method(), table, calibration, cpuHours,
                options.costPerCpuHour() == null ? null : cpuHours * options.costPerCpuHour(), fullCorpus,
                options.origins(), setup == null ? List.of() : setup.data().warnings(),
                notes,
                new Estimate.Phases(fixed - loadSeconds - coldOpen
                        + table.stream().mapToDouble(Estimate.BudgetRow::seconds).sum(), finalChoiceSeconds,
                        heldOutSeconds, loadSeconds + coldOpen), defaultsTrial, List.of());
    }

    /**
     * The objective as a trial sees it: a run whose metrics a trial would fail on (an objective's metric missing or
     * not finite, Study.unusableMetrics) fails in the probe too, so the probe replaces that configuration and gives
     * up as tune does when too many fail.
     */
    private static Objective failingAsTrials(Objective objective, List<ObjectiveSpec> objectives) {
        return (params, budget, fold) -> {
            Map<String, Double> metrics = objective.evaluate(params, budget, fold);
            String unusable = metrics == null ? "objective returned no metrics"
                    : Study.unusableMetrics(metrics, objectives);
            if (unusable != null) {
                throw new UnusableMetrics(unusable);
            }
            return metrics;
        };
    }

    /** A probe run whose metrics a trial would fail on; its message is the reason as a failed trial records it. */
    private static final class UnusableMetrics extends IllegalStateException {
        UnusableMetrics(String reason) {
            super(reason);
        }
    }

    /** The sampler's proposals over the study ({@link SamplerCost}); none when it cannot propose without a study. */
    private static SamplerCost samplerCost(TuningRequest request, SearchSpace space, List<ObjectiveSpec> objectives,
                                           int finished, int target) {
        try {
            return SamplerCost.measure(request.sampler(), !custom(request), space, objectives.stream()
                    .map(ObjectiveSpec::direction).toList(), finished, target, request.seed());
        } catch (RuntimeException e) {
            // A sampler that needs more than a space and a history (sweep's baseline) costs little per proposal.
            return SamplerCost.NONE;
        }
    }

    private static boolean custom(TuningRequest request) {
        return request.objective() != null && !request.objective().isBlank();
    }

    private static List<Estimate.ProbeRun> probeRuns(CalibrationProbe.Result probe, List<Map<String, Object>> draws) {
        return probe.runs().stream()
                .map(t -> new Estimate.ProbeRun(draws.get(t.draw()), t.rows(), t.seconds())).toList();
    }

    /**
     * The trainings the remaining trials are planned to run, each counted as the share of the full budget's rows it
     * trains on: what the study costs in runs at the full budget, if cost were linear in rows.
     */
    static double fullRunEquivalents(PrunerPlan plan, Probed probed, int folds) {
        List<Double> ladder = plan.counts().ladder();
        double fullRows = Math.max(1, probed.rows(ladder.get(ladder.size() - 1)));
        double runs = 0;
        for (int r = 0; r < ladder.size(); r++) {
            runs += plan.evaluated()[r] * probed.rows(ladder.get(r)) / fullRows;
        }
        return runs * Math.max(1, folds);
    }

    /**
     * Trainings at the full budget that tune's final choice adds after the study (see FinalChoice): the top trials and
     * the defaults trial, each on {@code repeats} more cross-validations. An upper bound: the defaults trial may be one
     * of the top ones. None for several objectives, a project's own objective, stages or the choice switched off.
     */
    static long finalChoiceRuns(TuningRequest request, int objectives, boolean builtInTrainer, int target) {
        FinalChoice.Settings choice = request.options().finalChoice();
        if (objectives != 1 || !builtInTrainer || !request.options().stages().isEmpty() || !choice.enabled()) {
            return 0;
        }
        long candidates = Math.min(choice.top(), target) + (request.options().evaluateDefaults() ? 1 : 0);
        return candidates * choice.repeats() * Math.max(1, request.folds());
    }

    /**
     * What the probe trains: the configured trainer on the project's data (rows are training rows), or a custom
     * {@code <objective>}, which has no rows the estimate can see: its budget stands for its work, in units of
     * {@link #CUSTOM_BUDGET_UNITS} per full budget, and no driver is known, so time is fitted on the budget alone.
     *
     * @param setup null for a custom objective
     */
    record Probed(TribuoSetup setup, String name, SearchSpace space, List<ObjectiveSpec> objectives,
                  Objective objective, Map<String, Object> description, CostDrivers drivers) {

        static Probed trainer(TuningRequest request) {
            TribuoSetup setup = TribuoSetup.of(request);
            TabularData data = setup.data();
            int classes = data.task() == dev.tuner.tribuo.TaskType.CLASSIFICATION ? data.classes().size() : 1;
            String name = setup.choice() != null ? setup.choice().describe() : setup.trainer().name();
            return new Probed(setup, name, setup.space(), setup.objectives(), setup.objective(request.seed()),
                    setup.description(), CostDrivers.of(setup, classes));
        }

        static Probed custom(TuningRequest request) throws Exception {
            if (request.trainer() != null && !request.trainer().isBlank()) {
                throw new ConfigurationException("set either {trainer} or {objective}, not both");
            }
            if (request.objectives() == null || request.objectives().isEmpty()) {
                throw new InvalidSettingException("objectives", null, "must name the metric(s) that "
                        + request.objective() + " returns, e.g. score:max");
            }
            SearchSpace space = SearchSpace.parse(request.searchSpace());
            space = space.withFixed(Tuning.pinnedValues(space, request.options().params()));
            Objective objective = Tuning.instantiate(request.objective(), Objective.class, request.classLoader(),
                    "objective");
            Tuning.prepare(objective, request);
            return new Probed(null, request.objective(), space, ObjectiveSpec.parseAll(request.objectives()),
                    objective, Tuning.customDescription(request), CostDrivers.NONE);
        }

        /** Rows trained on at a budget (fold 0), or a custom objective's budget in work units. */
        int rows(double budget) {
            return setup != null ? setup.splits().trainingRows(0, budget).length
                    : (int) Math.max(1, Math.round(budget * CUSTOM_BUDGET_UNITS));
        }

        int tuningRows() {
            return setup != null ? setup.splits().tuningRows().length : CUSTOM_BUDGET_UNITS;
        }

        int heldOutRows() {
            return setup != null ? setup.splits().heldOutRows().length : 0;
        }
    }

    /** Candidate configurations: random draws of the space, what a random sampler (or a TPE start) would try. */
    static List<Map<String, Object>> candidates(SearchSpace space, StudySettings settings, long seed, int count) {
        List<Map<String, Object>> out = new ArrayList<>();
        RandomSampler random = new RandomSampler();
        for (int i = 0; i < count; i++) {
            out.add(random.sample(new SamplingContext(space, List.of(), settings.directions(), i, seed + 7919)));
        }
        return out;
    }

    /** The defaults trial's parameters as the objective takes them (for a model choice: the first trainer's). */
    private static Map<String, Object> choiceDefaults(TribuoSetup setup, Map<String, Object> defaults) {
        if (setup == null || setup.choice() == null) {
            return defaults;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(dev.tuner.tribuo.TrainerChoice.PARAMETER, setup.choice().names().get(0));
        defaults.forEach((k, v) -> out.put(setup.choice().names().get(0) + "." + k, v));
        return out;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /** Probe budgets with distinct, non-trivial row counts (tiny data makes several fractions the same rows). */
    private static List<Double> distinctRows(Probed probed, TreeSet<Double> budgets) {
        List<Double> out = new ArrayList<>();
        int lastRows = -1;
        for (double b : budgets) {
            int rows = probed.rows(b);
            if (rows > lastRows) {
                out.add(b);
                lastRows = rows;
            }
        }
        return out;
    }

    /**
     * Finished trials of the study in storage; 0 when the storage file does not exist yet or holds no such study
     * (neither is created: a plan leaves the storage as it found it).
     *
     * @throws dev.tuner.storage.StudyMismatchException when the study exists with another configuration, as {@code
     *                                                  tune} would refuse it
     */
    static List<Trial> finishedTrials(String storage, StudySettings settings) {
        if (storage == null || storage.isBlank()) {
            return List.of();
        }
        String s = storage.strip();
        if (!s.toLowerCase(Locale.ROOT).startsWith("jdbc:") && !Files.exists(Path.of(s))) {
            return List.of();
        }
        try (StudyStorage store = StudyStorages.open(s)) {
            return storedStudy(store, settings)
                    .map(record -> store.trials(record.id()).stream().filter(t -> t.state().isFinished())
                            .sorted(Comparator.comparingInt(Trial::number)).toList())
                    .orElse(List.of());
        }
    }

    /** The study {@code settings} describe, as stored in {@code store} (same name and fingerprint), if it is there. */
    private static Optional<StudyRecord> storedStudy(StudyStorage store, StudySettings settings) {
        String description = new Study(settings, null, null, null, null, null).description();
        return store.findStudy(settings.name(), Sha256.hex(description), description);
    }

    /** Whether tune would take the study's stored final choice as it stands rather than re-score (see FinalChoice). */
    private static boolean storedChoiceStands(TuningRequest request, StudySettings settings, List<Trial> history,
                                              List<ObjectiveSpec> objectives, Map<String, Object> defaults,
                                              SearchSpace space) {
        if (history.isEmpty()) {
            return false;
        }
        try (StudyStorage store = StudyStorages.open(request.storage().strip())) {
            return storedStudy(store, settings).flatMap(record -> {
                StudyResult result = new StudyResult(record, history, objectives, settings.trials(), 0, 0,
                        request.options().constraints());
                return FinalChoice.reusable(store.studyAttribute(record.id(), FinalChoice.ATTRIBUTE).orElse(null),
                        result, request.options().finalChoice(), defaults, space, Math.max(1, request.folds()));
            }).isPresent();
        }
    }

    /**
     * Where a resumed model-based study has settled: the median cost quantile, among the candidates priced at the full
     * budget, of its last {@link #SETTLED_TRIALS} trials after the sampler's start-up ones; NaN before it has that
     * many, or for a random-like sampler. The study's own trials say where the sampler went, which the probe's few
     * draws only guess at.
     */
    static double settledQuantile(List<Trial> history, String sampler, double[][] costs, int column,
                                  CostModel model, CostDrivers drivers, int rows) {
        if (CostForecast.randomLike(sampler)) {
            return Double.NaN;
        }
        List<Trial> after = history.stream().filter(t -> t.number() >= CostForecast.STARTUP_TRIALS
                && t.params() != null && !t.params().isEmpty()).toList();
        if (after.size() < SETTLED_TRIALS) {
            return Double.NaN;
        }
        double[] sorted = Arrays.stream(costs).mapToDouble(c -> c[column]).sorted().toArray();
        double[] quantiles = after.subList(after.size() - SETTLED_TRIALS, after.size()).stream()
                .mapToDouble(t -> {
                    double cost = model.seconds(rows, drivers.of(t.params(), rows));
                    int below = 0;
                    while (below < sorted.length && sorted[below] < cost) {
                        below++;
                    }
                    return (below + 0.5) / (sorted.length + 1);
                }).toArray();
        return CostModel.median(quantiles);
    }

    /**
     * @param openSeconds the first opening of a study database and creation of a study in it: in a JVM that never
     *                    opened one, the driver's class loading and native library, what a fresh JVM's tune pays
     */
    record StorageProbe(double databaseBytesPerTrial, double secondsPerTrial, double csvBytesPerTrial,
                        double bestJsonBytes, double openSeconds) {
    }

    /**
     * Writes {@link #STORAGE_PROBE_TRIALS} trials shaped like the study's (its parameters, one value per budget, the
     * probe's metrics) to a scratch SQLite database through the real storage, and the same trials through the real
     * report writers: bytes and seconds per trial, measured.
     */
    static StorageProbe measureStorage(Path scratch, StudySettings settings, List<Map<String, Object>> draws,
                                       Map<String, Double> metrics, List<Double> ladder,
                                       List<ObjectiveSpec> objectives, SearchSpace space, int topK,
                                       boolean warmJvm) throws IOException {
        Path db = scratch.resolve("probe.db");
        List<Trial> written = new ArrayList<>();
        long emptyBytes;
        double seconds;
        Study study = new Study(settings, null, null, null, null, null);
        String description = study.description();
        // Sizes are read with the storage closed: open, the write-ahead log and its index hold pages that closing
        // folds back into the database file, so an open "empty" study can be larger than a closed full one.
        // Timed: opening a study database and creating its study loads the JDBC driver and SQLite's native library,
        // which a tune in a fresh JVM pays before its first trial (here, when nothing in this JVM opened one before).
        long openStart = System.nanoTime();
        try (StudyStorage store = StudyStorages.openSqliteFile(db)) {
            store.openStudy(settings.name(), Sha256.hex(description), description, settings.directions());
        }
        double openSeconds = (System.nanoTime() - openStart) / 1e9;
        emptyBytes = dbBytes(scratch);
        try (StudyStorage store = StudyStorages.openSqliteFile(db)) {
            StudyRecord record = store.openStudy(settings.name(), Sha256.hex(description), description,
                    settings.directions());
            List<Double> values = objectives.stream().map(o -> metrics.getOrDefault(o.metric(), 0.5)).toList();
            // Two batches: the first pays the storage code's class loading and compilation, as the first trials of a
            // tune in a fresh JVM do; in the JVM the estimate warmed, tune pays what the second batch does.
            double[] batches = new double[2];
            for (int batch = 0; batch < batches.length; batch++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < STORAGE_PROBE_TRIALS; i++) {
                    Trial claimed = store.claimTrial(record.id(), Integer.MAX_VALUE, "estimate-probe").orElseThrow();
                    store.setParams(claimed.id(), draws.get(i % draws.size()));
                    for (double b : ladder) {
                        store.reportIntermediate(claimed.id(), b, 0.5 + i * 1e-3);
                    }
                    store.finishTrial(claimed.id(), TrialState.COMPLETE, values, metrics, null);
                }
                batches[batch] = (System.nanoTime() - t0) / 1e9 / STORAGE_PROBE_TRIALS;
            }
            seconds = warmJvm ? batches[1] : batches[0];
            written.addAll(store.trials(record.id()).subList(0, STORAGE_PROBE_TRIALS));
        }
        double dbPerTrial = Math.max(0, dbBytes(scratch) - emptyBytes) / (2.0 * STORAGE_PROBE_TRIALS);
        Path csv = scratch.resolve("trials.csv");
        TrialsCsvWriter.write(csv, written, new ArrayList<>(space.names()), ladder, objectives);
        double csvPerTrial = Files.size(csv) / (double) written.size();
        ObjectMapper json = new ObjectMapper();
        double trialJson = json.writeValueAsBytes(BestJsonWriter.trial(written.get(0), objectives)).length;
        return new StorageProbe(dbPerTrial, seconds, csvPerTrial, trialJson * (topK + 1) + 1024, openSeconds);
    }

    private static long dbBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("probe.db"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The corpus' rows, 0 without one. */
    private static double corpus(FullCorpus.Source corpus) {
        return corpus == null ? 0 : corpus.rows();
    }

    private static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    private static double systemLoad() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
