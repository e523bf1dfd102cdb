package dev.tuner.gate;

import dev.tuner.bundle.BundleBuilder;
import dev.tuner.bundle.BundleRequest;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tribuo.HeldOutPredictions;
import dev.tuner.tribuo.TaskType;
import dev.tuner.tuning.TuningRequest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Iris bundles with pinned logistic-regression parameters, and synthetic paired predictions. */
final class GateFixtures {
    static {
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
    }

    /** Parameters that fit iris well (held-out accuracy above 0.9). */
    static final Map<String, String> GOOD = Map.of("scale", "true", "epochs", "20", "learningRate", "0.5");
    /** A deliberately weakened model: one epoch with a tiny step barely moves from the start. */
    static final Map<String, String> WEAK = Map.of("scale", "true", "epochs", "1", "learningRate", "0.00001");

    private GateFixtures() {
    }

    static Path iris() {
        try {
            return Path.of(GateFixtures.class.getResource("/data/iris.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TuningRequest study(Path dir) {
        return study(dir, "logistic");
    }

    static TuningRequest study(Path dir, String trainer) {
        return new TuningRequest(new DatasetSpec(iris().toFile(), "label", 0.2, "auto"), trainer, null,
                GateFixtures.class.getClassLoader(), Map.of(), List.of(), 4, "random", "none", List.of(1.0), 2, 1,
                42, dir.resolve("studies.db").toString(), "gate-test", null);
    }

    /** Builds a bundle of iris with {@code params} at {@code dir/name}. */
    static Path bundle(Path dir, String name, Map<String, String> params) throws IOException {
        return bundle(dir, name, "logistic", params);
    }

    /** Builds a bundle of iris with {@code trainer} and {@code params} at {@code dir/name}. */
    static Path bundle(Path dir, String name, String trainer, Map<String, String> params) throws IOException {
        Path zip = dir.resolve(name);
        BundleBuilder.build(new BundleRequest(study(dir, trainer), params, null, null, null, dir.resolve("cache"), zip,
                dir.resolve(name + ".json"), Instant.parse("2026-11-23T00:00:00Z"), "test", null));
        return zip;
    }

    /**
     * Two-class predictions of {@code n} rows: row {@code i} is right for the baseline with probability
     * {@code pBaseline} and for the candidate with probability {@code pCandidate}, the two sharing their uniform
     * draw with probability {@code shared} (positively correlated errors, as two models of one data set have).
     */
    static HeldOutPredictions[] paired(int n, double pCandidate, double pBaseline, double shared, Random random) {
        List<String> truth = new ArrayList<>();
        List<String> candidate = new ArrayList<>();
        List<String> baseline = new ArrayList<>();
        List<Map<String, Double>> candidateScores = new ArrayList<>();
        List<Map<String, Double>> baselineScores = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String t = random.nextBoolean() ? "a" : "b";
            String other = t.equals("a") ? "b" : "a";
            double u = random.nextDouble();
            double v = random.nextDouble() < shared ? u : random.nextDouble();
            String b = u < pBaseline ? t : other;
            String c = v < pCandidate ? t : other;
            truth.add(t);
            baseline.add(b);
            candidate.add(c);
            baselineScores.add(Map.of(b, 0.8, b.equals("a") ? "b" : "a", 0.2));
            candidateScores.add(Map.of(c, 0.8, c.equals("a") ? "b" : "a", 0.2));
        }
        List<String> classes = List.of("a", "b");
        HeldOutPredictions cand = new HeldOutPredictions(TaskType.CLASSIFICATION, classes, truth, candidate,
                candidateScores, true, new double[0], new double[0]);
        return new HeldOutPredictions[]{cand, cand.withClassPredictions(baseline, baselineScores, true)};
    }
}
