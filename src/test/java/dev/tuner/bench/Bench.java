package dev.tuner.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.pruner.Pruners;
import dev.tuner.sampler.Sampler;
import dev.tuner.sampler.Samplers;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.InMemoryStudyStorage;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;
import dev.tuner.study.Objective;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.Study;
import dev.tuner.study.StudySettings;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningOutcome;
import dev.tuner.tuning.TuningRequest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java side of bench/optuna.sh, one JSON object per line on stdout (the script pairs them with Optuna's):
 * <ul>
 *   <li>{@code overhead <trials,...> <params,...> <samplers,...> [full]}: milliseconds per trial of the real
 *   {@link Study} engine with a trivial objective, in memory and with SQLite; samplers unknown to
 *   {@link Samplers} are skipped with a line saying so;</li>
 *   <li>{@code parallel <trials> <millis>}: trials per second with jobs=1 and jobs=2, sleeping and CPU-bound
 *   objectives of about {@code millis} each;</li>
 *   <li>{@code pruning <dataDir> <trials> <seeds> <dataset,...>}: compute spent and best CV metric with and without
 *   Hyperband on real data sets (XGBoost), in-process through the {@link Tuning} facade.</li>
 * </ul>
 */
public final class Bench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "overhead" -> overhead(ints(args[1]), ints(args[2]), List.of(args[3].split(",")),
                    args.length > 4 && args[4].equals("full"));
            case "parallel" -> parallel(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "pruning" -> pruning(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    List.of(args[4].split(",")));
            default -> throw new IllegalArgumentException("unknown bench " + args[0]);
        }
    }

    static void overhead(List<Integer> trialCounts, List<Integer> paramCounts, List<String> samplers, boolean full)
            throws Exception {
        Path dir = Files.createTempDirectory("tuner-bench");
        int reps = Integer.parseInt(System.getenv().getOrDefault("OVERHEAD_REPS", "5"));
        double cellSeconds = Double.parseDouble(System.getenv().getOrDefault("OVERHEAD_CELL_SECONDS", "10"));
        double warmupSeconds = Double.parseDouble(System.getenv().getOrDefault("OVERHEAD_WARMUP_SECONDS", "1"));
        // The very first study of this JVM, before anything is loaded or compiled: what a build's first study pays
        // on top of the steady-state figures below.
        double cold = runOverhead("random", 1, 100, "memory", dir.resolve("cold.db"));
        emit(Map.of("bench", "overhead-cold", "tool", "tuner", "sampler", "random", "storage", "memory",
                "trials", 100, "params", 1, "seconds", cold));
        for (String sampler : samplers) {
            try {
                Samplers.create(sampler);
            } catch (IllegalArgumentException e) {
                emit(Map.of("bench", "overhead", "tool", "tuner", "sampler", sampler, "skipped",
                        "not known to Samplers yet: " + e.getMessage()));
                continue;
            }
            for (String storage : List.of("memory", "sqlite")) {
                for (int trials : trialCounts) {
                    for (int params : paramCounts) {
                        if (!OverheadPlan.runs(sampler, storage, trials, params, full)) {
                            continue;
                        }
                        // Fresh studies, untimed while the cell's warm-up has taken less than `warmupSeconds` (a
                        // study that alone takes longer is timed at once), then up to `reps` timed while the cell
                        // has taken less than `cellSeconds`; the median is reported. bench/optuna_bench.py does the
                        // same for Optuna.
                        List<Double> runs = new java.util.ArrayList<>();
                        double spent = 0;
                        double warm = 0;
                        for (int attempt = 0; runs.size() < reps && (runs.isEmpty() || spent < cellSeconds);
                             attempt++) {
                            Path db = dir.resolve(sampler + "-" + storage + "-" + trials + "-" + params + "-"
                                    + attempt + ".db");
                            double seconds = runOverhead(sampler, params, trials, storage, db);
                            deleteDatabase(db);
                            if (runs.isEmpty() && warm < warmupSeconds && seconds < warmupSeconds) {
                                warm += seconds;
                                continue;
                            }
                            spent += seconds;
                            runs.add(seconds * 1000 / trials);
                        }
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("bench", "overhead");
                        row.put("tool", "tuner");
                        row.put("sampler", sampler);
                        row.put("storage", storage);
                        row.put("trials", trials);
                        row.put("params", params);
                        row.put("msPerTrial", median(runs));
                        row.put("runs", runs.size());
                        emit(row);
                    }
                }
            }
        }
    }

    private static void deleteDatabase(Path db) {
        for (String suffix : List.of("", "-wal", "-shm")) {
            try {
                Files.deleteIfExists(Path.of(db + suffix));
            } catch (java.io.IOException ignored) {
                // A temporary file left behind is harmless.
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double runOverhead(String samplerName, int params, int trials, String storageKind, Path db) {
        Map<String, String> space = new LinkedHashMap<>();
        for (int i = 0; i < params; i++) {
            space.put("x" + i, "float(-5, 5)");
        }
        StudySettings settings = new StudySettings("overhead-" + System.nanoTime(), Map.of(),
                SearchSpace.parse(space), List.of(ObjectiveSpec.parse("value:min")), trials, List.of(1.0), 1, 1,
                1, null);
        Objective trivial = (p, budget, fold) -> {
            double sum = 0;
            for (Object v : p.values()) {
                sum += ((Number) v).doubleValue() * ((Number) v).doubleValue();
            }
            return Map.of("value", sum);
        };
        Sampler sampler = Samplers.create(samplerName);
        long start = System.nanoTime();
        try (StudyStorage storage = storageKind.equals("memory") ? new InMemoryStudyStorage()
                : StudyStorages.openSqliteFile(db)) {
            new Study(settings, storage, sampler, Pruners.create("none"), trivial, null).optimize();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static void parallel(int trials, int millis) throws Exception {
        Path dir = Files.createTempDirectory("tuner-bench");
        for (String kind : List.of("sleep", "cpu")) {
            for (int jobs : List.of(1, 2)) {
                StudySettings settings = new StudySettings("parallel-" + kind + "-" + jobs, Map.of(),
                        SearchSpace.parse(Map.of("x", "float(0, 1)")), List.of(ObjectiveSpec.parse("value:min")),
                        trials, List.of(1.0), 1, jobs, 1, null);
                Objective objective = (p, budget, fold) -> {
                    double x = ((Number) p.get("x")).doubleValue();
                    if (kind.equals("sleep")) {
                        Thread.sleep(millis);
                    } else {
                        long end = System.nanoTime() + millis * 1_000_000L;
                        while (System.nanoTime() < end) {
                            x = Math.sin(x) + 1e-9;
                        }
                    }
                    return Map.of("value", x);
                };
                long start = System.nanoTime();
                try (StudyStorage storage = StudyStorages.openSqliteFile(dir.resolve(kind + jobs + ".db"))) {
                    new Study(settings, storage, Samplers.create("random"), Pruners.create("none"), objective, null)
                            .optimize();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                emit(Map.of("bench", "parallel", "tool", "tuner", "objective", kind, "millis", millis, "jobs", jobs,
                        "trials", trials, "trialsPerSecond", trials / seconds));
            }
        }
    }

    static void pruning(Path dataDir, int trials, int seeds, List<String> datasets) throws Exception {
        Path dir = Files.createTempDirectory("tuner-bench");
        for (String name : datasets) {
            File csv = dataDir.resolve(name + ".csv").toFile();
            String target = header(csv.toPath());
            for (String pruner : List.of("none", "hyperband")) {
                for (int seed = 1; seed <= seeds; seed++) {
                    DatasetSpec ds = new DatasetSpec(csv, target, 0.2, "classification");
                    Map<String, String> space = new LinkedHashMap<>();
                    space.put("eta", "log(0.01, 0.5)");
                    space.put("maxDepth", "int(2, 10)");
                    space.put("subsample", "float(0.5, 1.0)");
                    space.put("numTrees", "int(20, 100)");
                    TuningRequest request = new TuningRequest(ds, "xgboost", null, Bench.class.getClassLoader(),
                            space, List.of("accuracy"), trials, "tpe", pruner, List.of(0.1, 0.3, 1.0), 2, 2, seed,
                            dir.resolve("pruning.db").toString(), name + "-" + pruner + "-" + seed, null);
                    long start = System.nanoTime();
                    TuningOutcome outcome = Tuning.run(request, null);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("bench", "pruning");
                    row.put("dataset", name);
                    row.put("target", target);
                    row.put("pruner", pruner);
                    row.put("seed", seed);
                    row.put("trials", trials);
                    row.put("fullTrainings", outcome.result().budgetSpent());
                    row.put("bestAccuracy", outcome.result().best() == null ? null : outcome.result().best().value());
                    row.put("seconds", seconds);
                    emit(row);
                }
            }
        }
    }

    /** The last column of the header: the response column of each of these data sets. */
    private static String header(Path csv) throws Exception {
        String first = Files.readAllLines(csv).get(0);
        String[] cols = first.split(",");
        return cols[cols.length - 1].replace("\"", "").strip();
    }

    private static List<Integer> ints(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    static void emit(Map<String, ?> row) throws Exception {
        System.out.println(JSON.writeValueAsString(row));
        System.out.flush();
    }
}
