package dev.tuner.sampler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.pruner.Pruners;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.InMemoryStudyStorage;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.Study;
import dev.tuner.study.StudySettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-trial overhead of the model-based samplers, as bench/optuna.sh measures the others: wall time of a whole
 * study in memory on a trivial objective (sum of squares of floats in [-5, 5]) divided by its trials, after one
 * untimed study to warm the JIT; the median of {@code repetitions} studies, in wall time and in the JVM's CPU time
 * (which a machine busy with other work inflates less). Arguments: samplers (comma-separated),
 * trials, parameters, repetitions. One JSON line per sampler.
 */
public final class SamplerOverheadBench {
    private SamplerOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> samplers = List.of(args[0].split(","));
        int trials = Integer.parseInt(args[1]);
        int parameters = Integer.parseInt(args[2]);
        int repetitions = Integer.parseInt(args[3]);
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < parameters; i++) {
            entries.put("x" + i, "float(-5, 5)");
        }
        SearchSpace space = SearchSpace.parse(entries);
        ObjectMapper json = new ObjectMapper();
        for (String sampler : samplers) {
            double[] millis = new double[repetitions];
            double[] cpuMillis = new double[repetitions];
            for (int r = -1; r < repetitions; r++) {
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                run(sampler, space, trials, Math.max(r, 0));
                if (r >= 0) {
                    millis[r] = (System.nanoTime() - start) / 1e6 / trials;
                    cpuMillis[r] = (processCpuNanos() - cpuStart) / 1e6 / trials;
                }
            }
            java.util.Arrays.sort(millis);
            java.util.Arrays.sort(cpuMillis);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bench", "sampler-overhead");
            row.put("sampler", sampler);
            row.put("trials", trials);
            row.put("parameters", parameters);
            row.put("studies", repetitions);
            row.put("ms_per_trial", millis[repetitions / 2]);
            row.put("cpu_ms_per_trial", cpuMillis[repetitions / 2]);
            System.out.println(json.writeValueAsString(row));
        }
    }

    /** CPU time of this JVM (every thread, JIT and GC included): on a loaded machine, wall time overstates. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void run(String sampler, SearchSpace space, int trials, long seed) throws Exception {
        StudySettings settings = new StudySettings("overhead-" + sampler + "-" + seed, Map.of(), space,
                List.of(ObjectiveSpec.parse("value:min")), trials, List.of(1.0), 1, 1, seed, null);
        try (InMemoryStudyStorage storage = new InMemoryStudyStorage()) {
            new Study(settings, storage, Samplers.create(sampler), Pruners.create("none"), (p, budget, fold) -> {
                double sum = 0;
                for (Object v : p.values()) {
                    sum += ((Number) v).doubleValue() * ((Number) v).doubleValue();
                }
                return Map.of("value", sum);
            }, null).optimize();
        }
    }
}
