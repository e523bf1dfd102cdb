package dev.tuner.sampler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.pruner.Pruners;
import dev.tuner.storage.InMemoryStudyStorage;
import dev.tuner.study.Study;
import dev.tuner.study.StudyResult;
import dev.tuner.study.StudySettings;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Search quality under noise for bench/optuna.sh ({@code BENCH_ONLY=noisy}): for each function of
 * {@link NoisyFunctions}, sampler and seed 0..n-1, one study of the largest trial count on the noisy values; after each
 * checkpoint, the trial with the best noisy value so far: that value ({@code measuredGap}) and the noise-free value at
 * its parameters ({@code trueGap}), both above the minimum in units of the function's scale. A sampler that chases
 * lucky draws finds a low noisy value and a poor true one. One JSON line per (function, sampler, seed, trials).
 *
 * <p>Arguments: seeds, checkpoints (comma-separated), samplers (comma-separated; see {@link #create}). Environment:
 * {@code NOISE_LEVEL} ({@value NoisyFunctions#LEVEL}), {@code FUNCTIONS} (names to keep), {@code BENCH_THREADS} (1).
 */
public final class NoisyQualityBench {
    private NoisyQualityBench() {
    }

    public static void main(String[] args) throws Exception {
        int seeds = Integer.parseInt(args[0]);
        List<Integer> checkpoints = Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList();
        List<String> samplers = List.of(args[2].split(","));
        double level = Double.parseDouble(System.getenv().getOrDefault("NOISE_LEVEL",
                String.valueOf(NoisyFunctions.LEVEL)));
        String only = System.getenv("FUNCTIONS");
        List<NoisyFunctions.NoisyFunction> functions = NoisyFunctions.all().stream()
                .filter(f -> only == null || only.isBlank() || List.of(only.split(",")).contains(f.name())).toList();
        int threads = Integer.parseInt(System.getenv().getOrDefault("BENCH_THREADS", "1"));
        ObjectMapper json = new ObjectMapper();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> studies = new ArrayList<>();
        for (String sampler : samplers) {
            create(sampler);
            for (NoisyFunctions.NoisyFunction f : functions) {
                for (int seed = 0; seed < seeds; seed++) {
                    int s = seed;
                    studies.add(pool.submit(() -> study(json, f, sampler, s, checkpoints, level)));
                }
            }
        }
        for (Future<List<String>> study : studies) {
            study.get().forEach(System.out::println);
        }
        pool.shutdown();
    }

    /**
     * {@code auto} as a trainer's study gets it ({@link AutoSampler#forEstimatedObjective}: these functions stand for
     * a cross-validated metric), {@code auto-handover} as a project's objective gets it (handing over to
     * {@code cmaes} at a stall), any other name as {@link Samplers} makes it.
     */
    static Sampler create(String name) {
        return switch (name) {
            case "auto" -> AutoSampler.forEstimatedObjective();
            case "auto-handover" -> new AutoSampler();
            default -> Samplers.create(name);
        };
    }

    private static List<String> study(ObjectMapper json, NoisyFunctions.NoisyFunction f, String sampler, int seed,
                                      List<Integer> checkpoints, double level) throws JsonProcessingException {
        int trials = checkpoints.stream().mapToInt(Integer::intValue).max().orElseThrow();
        StudySettings settings = new StudySettings(f.name() + "-" + sampler + "-" + seed, Map.of(),
                f.truth().space(), List.of(ObjectiveSpec.parse("value:min")), trials, List.of(1.0), 1, 1, seed, null);
        StudyResult result;
        try (InMemoryStudyStorage storage = new InMemoryStudyStorage()) {
            result = new Study(settings, storage, create(sampler), Pruners.create("none"),
                    (p, budget, fold) -> Map.of("value", f.observe(p, level)), null).optimize();
        }
        List<String> rows = new ArrayList<>();
        for (int n : checkpoints) {
            Trial best = result.trials().stream().filter(t -> t.number() < n)
                    .filter(t -> t.state() == TrialState.COMPLETE)
                    .min(Comparator.comparingDouble(Trial::value)).orElseThrow();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bench", "noisy");
            row.put("tool", "tuner");
            row.put("function", f.name());
            row.put("sampler", sampler);
            row.put("seed", seed);
            row.put("trials", n);
            row.put("level", level);
            row.put("best", best.value());
            row.put("measuredGap", (best.value() - f.truth().minimum()) / f.scale());
            row.put("trueGap", f.trueGap(best.params()));
            rows.add(json.writeValueAsString(row));
        }
        return rows;
    }
}
