package dev.tuner.estimate;

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
import dev.tuner.study.StudySettings;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import dev.tuner.tribuo.DataSplits;
import dev.tuner.tribuo.TabularData;
import dev.tuner.tribuo.TrainerDefinition;
import dev.tuner.tribuo.TribuoLogging;
import dev.tuner.tribuo.TribuoObjective;
import dev.tuner.tuning.TribuoSetup;
import dev.tuner.tuning.TuningRequest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
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
 * <p>Only built-in or project trainers are supported: a custom {@code <objective>} has no rows to scale with.
 */
public final class Estimator {

    /** Fractions of the full budget probed besides the ladder's own small budgets. */
    static final List<Double> PROBE_FRACTIONS = List.of(0.125, 0.25, 0.5);
    /** Synthetic trials written to a scratch database to measure what one trial costs on disk and in time. */
    static final int STORAGE_PROBE_TRIALS = 30;

    /**
     * Added to the study's seed for the probe's random draws, so that they are a stream of their own rather than the
     * points the study's random sampler will try first (any fixed offset would do; a prime is unlikely to line up
     * with a seed a user picks).
     */
    static final long PROBE_SEED_OFFSET = 7919;

    private Estimator() {
    }

    /** Options of the estimate itself (not of the study). */
    public record Options(int probeDraws, Double costPerCpuHour, int topK) {
        public Options {
            if (probeDraws < 2) {
                throw new IllegalArgumentException("<probeDraws> must be >= 2, got " + probeDraws);
            }
        }
    }

    public static Estimate estimate(TuningRequest request, Options options) throws Exception {
        TribuoLogging.quiet();
        if (request.objective() != null && !request.objective().isBlank()) {
            throw new IllegalArgumentException("tuner:estimate calibrates a <trainer> on <dataset>; a custom <objective> ("
                    + request.objective() + ") has no rows to probe");
        }
        StudySettings.checkBudgets(request.budgets());

        long loadStart = System.nanoTime();
        // The same setup tune uses: the same description finds the same study.
        TribuoSetup setup = TribuoSetup.of(request);
        TabularData data = setup.data();
        TrainerDefinition trainer = setup.trainer();
        SearchSpace space = setup.space();
        List<ObjectiveSpec> objectives = setup.objectives();
        DataSplits splits = setup.splits();
        TribuoObjective objective = setup.objective(request.seed());
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        Map<String, Object> description = setup.description();
        StudySettings settings = new StudySettings(request.study(), description, space, objectives, request.trials(),
                request.budgets(), request.folds(), request.jobs(), request.seed(), request.trialTimeout());

        int target = request.trials();
        var capacity = Samplers.create(request.sampler()).capacity(space);
        if (capacity.isPresent() && capacity.getAsLong() < target) {
            target = (int) capacity.getAsLong();
        }
        int finished = Math.min(target, finishedTrials(request.storage(), settings));
        Pruner pruner = Pruners.create(request.pruner(), request.budgets());
        PrunerPlan plan = PrunerPlan.of(pruner, request.budgets(), finished, target, request.seed());

        // The probe: random draws of the space at small budgets.
        List<Map<String, Object>> draws = new ArrayList<>();
        RandomSampler random = new RandomSampler();
        for (int i = 0; i < options.probeDraws(); i++) {
            draws.add(random.sample(new SamplingContext(space, List.of(), settings.directions(), i,
                    request.seed() + PROBE_SEED_OFFSET)));
        }
        List<Double> ladder = request.budgets();
        double full = ladder.get(ladder.size() - 1);
        TreeSet<Double> probeBudgets = new TreeSet<>();
        ladder.stream().filter(b -> b < full).forEach(probeBudgets::add);
        PROBE_FRACTIONS.forEach(f -> probeBudgets.add(f * full));
        long baselineHeap = heapUsedAfterGc();
        CalibrationProbe.Result probe = CalibrationProbe.run(objective, distinctRows(splits, probeBudgets),
                draws, request.jobs() > 1);

        double[] rows = probe.points().stream().mapToDouble(CalibrationProbe.Point::rows).toArray();
        PowerLaw timeLaw = PowerLaw.fit(rows, probe.points().stream()
                .mapToDouble(CalibrationProbe.Point::meanSeconds).toArray());
        PowerLaw memoryLaw = PowerLaw.fit(rows, probe.points().stream()
                .mapToDouble(CalibrationProbe.Point::peakHeapBytes).toArray());

        int cores = Runtime.getRuntime().availableProcessors();
        int remaining = target - finished;
        double parallelism = request.jobs() <= 1 ? 1.0
                : 1.0 + (probe.twoThreadSpeedup() - 1.0) * (Math.min(request.jobs(), cores) - 1);

        List<Estimate.BudgetRow> table = new ArrayList<>();
        double trainingSeconds = 0;
        double largestRows = 0;
        double[] evaluated = plan.evaluated();
        double[] stopped = plan.stopped();
        for (int r = 0; r < ladder.size(); r++) {
            int budgetRows = splits.trainingRows(0, ladder.get(r)).length;
            double perRun = timeLaw.at(budgetRows);
            double runs = evaluated[r] * request.folds();
            trainingSeconds += runs * perRun;
            if (evaluated[r] > 0) {
                largestRows = Math.max(largestRows, budgetRows);
            }
            table.add(new Estimate.BudgetRow(ladder.get(r), budgetRows, (long) remaining * request.folds(),
                    evaluated[r], runs, stopped[r], perRun, runs * perRun / parallelism));
        }
        int tuningRows = splits.tuningRows().length;
        // tune refits the best trial's parameters and the defaults on the held-out rows whenever it ends with a best
        // trial, also when no trial remains to run.
        boolean heldOut = splits.heldOutRows().length > 0 && target > 0;
        double heldOutSeconds = heldOut ? 2 * timeLaw.at(tuningRows) : 0;
        if (heldOut) {
            largestRows = Math.max(largestRows, tuningRows);
        }

        Path scratch = Files.createTempDirectory("tuner-estimate");
        StorageProbe storageProbe;
        try {
            storageProbe = measureStorage(scratch, settings, draws, probe.metrics(), ladder, objectives,
                    space, options.topK());
        } finally {
            deleteTree(scratch);
        }

        double expectedSeconds = loadSeconds + trainingSeconds / parallelism
                + storageProbe.secondsPerTrial() * remaining + heldOutSeconds;
        int concurrent = Math.max(1, Math.min(request.jobs(), Math.max(1, remaining)));
        long perTraining = largestRows > 0 ? (long) memoryLaw.at(largestRows) : 0;
        long peakMemory = baselineHeap + concurrent * perTraining;
        long databaseBytes = Math.round(storageProbe.databaseBytesPerTrial() * remaining);
        long reportsBytes = Math.round(storageProbe.csvBytesPerTrial() * target + storageProbe.bestJsonBytes());
        long modelBytes = Math.round(probe.modelBytes() > 0 ? probe.modelBytes()
                * Math.max(1.0, tuningRows / rows[rows.length - 1]) : 0);
        double cpuHours = (loadSeconds + trainingSeconds + storageProbe.secondsPerTrial() * remaining
                + heldOutSeconds) / 3600.0;

        Estimate.Calibration calibration = new Estimate.Calibration(probe.points(), timeLaw, memoryLaw,
                probe.twoThreadSpeedup(), probe.speedupMeasured(), parallelism, cores, probe.seconds(), loadSeconds,
                heldOutSeconds, storageProbe.secondsPerTrial(), baselineHeap, perTraining, options.probeDraws(),
                systemLoad());
        return new Estimate(request.study(), trainer.name(), pruner.name(), request.sampler(), target, finished,
                remaining, request.folds(), request.jobs(),
                (long) remaining * ladder.size() * request.folds(),
                plan.expectedEvaluations() * request.folds(),
                Math.max(0, sum(stopped)), expectedSeconds, peakMemory,
                databaseBytes + reportsBytes + modelBytes, databaseBytes, reportsBytes, modelBytes,
                plan.method(), table, calibration, cpuHours,
                options.costPerCpuHour() == null ? null : cpuHours * options.costPerCpuHour());
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /** Probe budgets with distinct, non-trivial row counts (tiny data makes several fractions the same rows). */
    private static List<Double> distinctRows(DataSplits splits, TreeSet<Double> budgets) {
        List<Double> out = new ArrayList<>();
        int lastRows = -1;
        for (double b : budgets) {
            int rows = splits.trainingRows(0, b).length;
            if (rows > lastRows) {
                out.add(b);
                lastRows = rows;
            }
        }
        return out;
    }

    /** Finished trials of the study in storage; 0 when the storage file does not exist yet (it is not created). */
    static int finishedTrials(String storage, StudySettings settings) {
        if (storage == null || storage.isBlank()) {
            return 0;
        }
        String s = storage.strip();
        if (!s.toLowerCase(Locale.ROOT).startsWith("jdbc:") && !Files.exists(Path.of(s))) {
            return 0;
        }
        Study study = new Study(settings, null, null, null, null, null);
        String description = study.description();
        try (StudyStorage store = StudyStorages.open(s)) {
            StudyRecord record = store.openStudy(settings.name(), Sha256.hex(description), description,
                    settings.directions());
            return (int) store.trials(record.id()).stream().filter(t -> t.state().isFinished()).count();
        }
    }

    record StorageProbe(double databaseBytesPerTrial, double secondsPerTrial, double csvBytesPerTrial,
                        double bestJsonBytes) {
    }

    /**
     * Writes {@link #STORAGE_PROBE_TRIALS} trials shaped like the study's (its parameters, one value per budget, the
     * probe's metrics) to a scratch SQLite database through the real storage, and the same trials through the real
     * report writers: bytes and seconds per trial, measured.
     */
    static StorageProbe measureStorage(Path scratch, StudySettings settings, List<Map<String, Object>> draws,
                                       Map<String, Double> metrics, List<Double> ladder,
                                       List<ObjectiveSpec> objectives, SearchSpace space, int topK)
            throws IOException {
        Path db = scratch.resolve("probe.db");
        List<Trial> written = new ArrayList<>();
        long emptyBytes;
        double seconds;
        Study study = new Study(settings, null, null, null, null, null);
        String description = study.description();
        try (StudyStorage store = StudyStorages.openSqliteFile(db)) {
            StudyRecord record = store.openStudy(settings.name(), Sha256.hex(description), description,
                    settings.directions());
            emptyBytes = dbBytes(scratch);
            List<Double> values = objectives.stream().map(o -> metrics.getOrDefault(o.metric(), 0.5)).toList();
            long t0 = System.nanoTime();
            for (int i = 0; i < STORAGE_PROBE_TRIALS; i++) {
                Trial claimed = store.claimTrial(record.id(), Integer.MAX_VALUE, "estimate-probe").orElseThrow();
                store.setParams(claimed.id(), draws.get(i % draws.size()));
                for (double b : ladder) {
                    store.reportIntermediate(claimed.id(), b, 0.5 + i * 1e-3);
                }
                store.finishTrial(claimed.id(), TrialState.COMPLETE, values, metrics, null);
            }
            seconds = (System.nanoTime() - t0) / 1e9 / STORAGE_PROBE_TRIALS;
            written.addAll(store.trials(record.id()));
        }
        double dbPerTrial = Math.max(0, dbBytes(scratch) - emptyBytes) / (double) STORAGE_PROBE_TRIALS;
        Path csv = scratch.resolve("trials.csv");
        TrialsCsvWriter.write(csv, written, new ArrayList<>(space.names()), ladder, objectives);
        double csvPerTrial = Files.size(csv) / (double) written.size();
        ObjectMapper json = new ObjectMapper();
        double trialJson = json.writeValueAsBytes(BestJsonWriter.trial(written.get(0), objectives)).length;
        return new StorageProbe(dbPerTrial, seconds, csvPerTrial, trialJson * (topK + 1) + 1024);
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

    private static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    private static double systemLoad() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
