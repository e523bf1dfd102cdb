package dev.tuner.sampler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.pruner.Pruners;
import dev.tuner.storage.InMemoryStudyStorage;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.ParetoFront;
import dev.tuner.study.Study;
import dev.tuner.study.StudyResult;
import dev.tuner.study.StudySettings;
import dev.tuner.trial.Trial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hypervolume of the multi-objective samplers for bench/optuna.sh, the counterpart of {@code bench/optuna_bench.py
 * hypervolume}: ZDT1 and ZDT3 (disconnected front) with 10 variables against the reference point (11, 11), DTLZ2
 * with 7 variables and three objectives against (3, 3, 3) and DTLZ7 (disconnected front) with 7 variables and three
 * objectives against (1.1, 1.1, 34), seeds 0..n-1, one study of the real {@link Study} engine (in memory, one worker) per
 * (function, sampler, seed) of the largest trial count; the hypervolume after each count is {@link
 * ParetoFront#hypervolume} of the Pareto front of the study's first trials (a sequential sampler's first 100 trials do
 * not depend on how many follow). One JSON line per (study, trial count). Usage: {@code HypervolumeBench <seeds>
 * <trials,...> <sampler,...>}.
 */
public final class HypervolumeBench {
    private HypervolumeBench() {
    }

    /** A problem as the bench names it, with the reference point both sides use. */
    record Case(String name, MultiObjectiveFunctions.Problem problem, double[] reference) {
    }

    static List<Case> cases() {
        return List.of(new Case("zdt1", MultiObjectiveFunctions.zdt1(10), new double[]{11.0, 11.0}),
                new Case("zdt3", MultiObjectiveFunctions.zdt3(10), new double[]{11.0, 11.0}),
                new Case("dtlz2", MultiObjectiveFunctions.dtlz2(7), new double[]{3.0, 3.0, 3.0}),
                new Case("dtlz7", MultiObjectiveFunctions.dtlz7(7), new double[]{1.1, 1.1, 34.0}));
    }

    public static void main(String[] args) throws Exception {
        int seeds = Integer.parseInt(args[0]);
        List<Integer> checkpoints = Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList();
        int trials = checkpoints.stream().mapToInt(Integer::intValue).max().orElseThrow();
        ObjectMapper json = new ObjectMapper();
        for (String name : args[2].split(",")) {
            for (Case c : cases()) {
                for (int seed = 0; seed < seeds; seed++) {
                    long start = System.nanoTime();
                    List<Trial> all = run(name, c, trials, seed);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    for (int n : checkpoints) {
                        double hv = hypervolume(all.stream().filter(t -> t.number() < n).toList(), c);
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("bench", "hypervolume");
                        row.put("tool", "tuner");
                        row.put("function", c.name());
                        row.put("sampler", name);
                        row.put("seed", seed);
                        row.put("trials", n);
                        row.put("reference", c.reference());
                        row.put("hypervolume", hv);
                        row.put("seconds", seconds);
                        System.out.println(json.writeValueAsString(row));
                    }
                }
            }
        }
    }

    private static List<ObjectiveSpec> objectives(Case c) {
        List<ObjectiveSpec> objectives = new ArrayList<>();
        for (int i = 1; i <= c.reference().length; i++) {
            objectives.add(ObjectiveSpec.parse("f" + i + ":min"));
        }
        return objectives;
    }

    /** Runs one study of {@code trials} trials and returns its trials. */
    static List<Trial> run(String sampler, Case c, int trials, long seed) {
        List<ObjectiveSpec> objectives = objectives(c);
        StudySettings settings = new StudySettings(c.name() + "-" + sampler + "-" + seed, Map.of(),
                c.problem().space(), objectives, trials, List.of(1.0), 1, 1, seed, null);
        StudyResult result;
        try (InMemoryStudyStorage storage = new InMemoryStudyStorage()) {
            result = new Study(settings, storage, Samplers.create(sampler), Pruners.create("none"), (p, budget, fold) -> {
                List<Double> values = c.problem().evaluate(p);
                Map<String, Double> metrics = new LinkedHashMap<>();
                for (int i = 0; i < values.size(); i++) {
                    metrics.put("f" + (i + 1), values.get(i));
                }
                return metrics;
            }, null).optimize();
        }
        return result.trials();
    }

    /** The hypervolume of the Pareto front of {@code trials} against the case's reference point. */
    static double hypervolume(List<Trial> trials, Case c) {
        int k = c.reference().length;
        List<ObjectiveSpec> objectives = objectives(c);
        List<Trial> front = ParetoFront.of(trials.stream()
                .filter(t -> t.values().size() == k).toList(), objectives, List.of());
        List<double[]> points = front.stream().map(t -> ParetoFront.losses(t, objectives)).toList();
        return ParetoFront.hypervolume(points, Arrays.copyOf(c.reference(), k));
    }
}
