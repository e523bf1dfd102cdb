package dev.tuner.report;

import dev.tuner.pruner.Pruners;
import dev.tuner.sampler.Samplers;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.InMemoryStudyStorage;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.Study;
import dev.tuner.study.StudyResult;
import dev.tuner.study.StudySettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Real studies (the engine, in memory, with a cheap objective) for the report's tests. */
public final class ReportFixtures {
    static final List<Double> BUDGETS = List.of(0.25, 0.5, 1.0);

    private ReportFixtures() {
    }

    /**
     * A study over four parameters of every kind whose loss depends almost only on {@code x}; with two objectives
     * (loss, size), three (loss, size, latency) or one (loss). Random sampling, Hyperband, two workers.
     */
    public static StudyResult study(int objectives, int trials) {
        try (InMemoryStudyStorage storage = new InMemoryStudyStorage()) {
            return study(objectives, trials, storage);
        }
    }

    /** The same study in the given storage (which the caller closes). */
    public static StudyResult study(int objectives, int trials, dev.tuner.storage.StudyStorage storage) {
        Map<String, String> space = new LinkedHashMap<>();
        space.put("x", "float(0, 1)");
        space.put("lr", "log(0.001, 1)");
        space.put("depth", "int(1, 10)");
        space.put("booster", "choice(gbtree, gblinear, dart)");
        List<ObjectiveSpec> specs = List.of(ObjectiveSpec.parse("loss:min"), ObjectiveSpec.parse("size:min"),
                ObjectiveSpec.parse("latency:min")).subList(0, objectives);
        StudySettings settings = new StudySettings("report-fixture-" + objectives, Map.of(), SearchSpace.parse(space),
                specs, trials, BUDGETS, 1, 2, 7, null);
        {
            return new Study(settings, storage, Samplers.create("random"), Pruners.create("hyperband", BUDGETS),
                    (params, budget, fold) -> {
                        double x = ((Number) params.get("x")).doubleValue();
                        double lr = ((Number) params.get("lr")).doubleValue();
                        long depth = ((Number) params.get("depth")).longValue();
                        double loss = 10 * (x - 0.3) * (x - 0.3) + 0.01 * depth + (1 - budget);
                        Thread.sleep(2);
                        return Map.of("loss", loss, "size", (1 - x) * 5 + lr, "latency", depth + 3 * x);
                    }, null).optimize();
        }
    }
}
