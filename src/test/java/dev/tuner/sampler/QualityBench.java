package dev.tuner.sampler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.pruner.Pruners;
import dev.tuner.storage.InMemoryStudyStorage;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.Study;
import dev.tuner.study.StudyResult;
import dev.tuner.study.StudySettings;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Search quality for bench/optuna.sh: for each function of {@link TestFunctions}' set, each sampler and seeds
 * 0..n-1, one study of the largest trial count; the best value after each smaller count is read from the same run
 * (a sequential sampler's first 50 trials do not depend on how many follow). One JSON line per (function,
 * sampler, seed, trials). A sampler {@link Samplers} does not know is skipped with a line saying so; the
 * multi-objective samplers (nsga2, motpe) are measured by {@link HypervolumeBench}.
 *
 * <p>Environment: {@code FUNCTION_SET} ({@code standard}, the default; {@code unseen}, the held-out functions not
 * used to set {@code auto}'s rules; or {@code all}) picks the functions, {@code FUNCTIONS} (comma-separated names)
 * keeps only those of the set; {@code BENCH_THREADS} (1)
 * runs that many studies at once (the rows then come out in another order, with the same values: each study
 * depends only on its function, sampler and seed).
 */
public final class QualityBench {
    private QualityBench() {
    }

    public static void main(String[] args) throws Exception {
        int seeds = Integer.parseInt(args[0]);
        List<Integer> checkpoints = Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList();
        List<String> samplers = List.of(args[2].split(","));
        ObjectMapper json = new ObjectMapper();
        int trials = checkpoints.stream().mapToInt(Integer::intValue).max().orElseThrow();
        String only = System.getenv("FUNCTIONS");
        List<TestFunctions.TestFunction> functions = TestFunctions.set(System.getenv("FUNCTION_SET")).stream()
                .filter(f -> only == null || only.isBlank() || List.of(only.split(",")).contains(f.name())).toList();
        int threads = Integer.parseInt(System.getenv().getOrDefault("BENCH_THREADS", "1"));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> studies = new ArrayList<>();
        for (String name : samplers) {
            try {
                Samplers.create(name);
            } catch (IllegalArgumentException e) {
                System.out.println(json.writeValueAsString(Map.of("bench", "quality", "tool", "tuner",
                        "sampler", name, "skipped", "not known to Samplers yet")));
                continue;
            }
            for (TestFunctions.TestFunction f : functions) {
                for (int seed = 0; seed < seeds; seed++) {
                    int s = seed;
                    studies.add(pool.submit(() -> study(json, f, name, s, trials, checkpoints)));
                }
            }
        }
        for (Future<?> study : studies) {
            study.get();
        }
        pool.shutdown();
    }

    private static void study(ObjectMapper json, TestFunctions.TestFunction f, String name, int seed, int trials,
                              List<Integer> checkpoints) {
        StudySettings settings = new StudySettings(f.name() + "-" + name + "-" + seed, Map.of(),
                f.space(), List.of(ObjectiveSpec.parse("value:min")), trials, List.of(1.0), 1, 1, seed,
                null);
        StudyResult result;
        try (InMemoryStudyStorage storage = new InMemoryStudyStorage()) {
            result = new Study(settings, storage, Samplers.create(name), Pruners.create("none"),
                    (p, budget, fold) -> Map.of("value", f.evaluate(p)), null).optimize();
        }
        for (int n : checkpoints) {
            double best = result.trials().stream().filter(t -> t.number() < n)
                    .filter(t -> t.state() == TrialState.COMPLETE).mapToDouble(Trial::value).min()
                    .orElse(Double.NaN);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bench", "quality");
            row.put("tool", "tuner");
            row.put("function", f.name());
            row.put("sampler", name);
            row.put("seed", seed);
            row.put("trials", n);
            row.put("best", best);
            try {
                System.out.println(json.writeValueAsString(row));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
