package dev.tuner.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.tribuo.DataSplits;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tribuo.TribuoObjective;
import dev.tuner.tuning.TribuoSetup;
import dev.tuner.tuning.StudyOptions;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningOutcome;
import dev.tuner.tuning.TuningRequest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java side of bench/real-data.sh: tunes the trainers of the examples on the examples' own data, as {@code tune}
 * does (defaults trial first, held-out rows compared with the trainer's defaults), and prints one JSON object per
 * study on stdout: the held-out accuracy and log-loss of the tuned model and of the trainer's defaults. The
 * cases are the examples' plus data sets no example uses (wine), to check on data the samplers were not tried on.
 *
 * <p>Arguments: {@code <repoDir> <trials> <folds> <seeds> <samplers,...> <cases,...>}; a case is one of
 * {@link #CASES}. Every case optimises the cross-validated log-loss, the metric the comparison is made on.
 */
public final class RealDataBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A data set of the examples with the trainer and search space its example tunes. */
    record Case(String name, String csv, List<String> textColumns, String trainer, Map<String, String> space) {
    }

    static final List<Case> CASES = List.of(
            new Case("breast-cancer-xgboost", "examples/breast-cancer/src/main/data/breast-cancer.csv", List.of(),
                    "xgboost", ordered("eta", "log(0.01, 0.5)", "maxDepth", "int(2, 10)", "subsample",
                    "float(0.5, 1.0)", "numTrees", "int(20, 300)", "minChildWeight", "log(0.5, 20)")),
            new Case("credit-g-random-forest", "examples/credit-g/src/main/data/credit-g.csv", List.of(),
                    "random-forest", ordered("numTrees", "int(10, 80)", "maxDepth", "int(2, 14)", "minChildWeight",
                    "float(1.0, 20.0)", "fractionFeaturesInSplit", "float(0.2, 0.9)")),
            new Case("credit-g-xgboost", "examples/credit-g-pareto/src/main/data/credit-g.csv", List.of(),
                    "xgboost", ordered("eta", "log(0.01, 0.5)", "maxDepth", "int(2, 10)", "subsample",
                    "float(0.5, 1.0)", "numTrees", "int(20, 300)", "minChildWeight", "log(0.5, 20)")),
            // Not an example's: a data set the samplers were never looked at on (optional, not in the default CASES).
            new Case("wine-xgboost", "bench/data/wine.csv", List.of(), "xgboost", ordered("eta", "log(0.01, 0.5)",
                    "maxDepth", "int(2, 10)", "subsample", "float(0.5, 1.0)", "numTrees", "int(20, 300)",
                    "minChildWeight", "log(0.5, 20)")),
            new Case("reuters-grain-logistic", "examples/reuters-grain/src/main/data/reuters-grain-train.csv",
                    List.of("text"), "logistic", ordered("learningRate", "log(0.01, 1.0)", "epochs", "int(3, 20)",
                    "scale", "false")));

    private RealDataBench() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int trials = Integer.parseInt(args[1]);
        int folds = Integer.parseInt(args[2]);
        int seeds = Integer.parseInt(args[3]);
        List<String> samplers = Arrays.asList(args[4].split(","));
        List<String> cases = Arrays.asList(args[5].split(","));
        Path dir = Files.createTempDirectory("tuner-real-data");
        for (Case c : CASES) {
            if (!cases.contains(c.name())) {
                continue;
            }
            for (int seed = 1; seed <= seeds; seed++) {
                for (String sampler : samplers) {
                    run(repo, dir, c, sampler, trials, folds, seed);
                }
            }
        }
    }

    private static void run(Path repo, Path dir, Case c, String sampler, int trials, int folds, int seed)
            throws Exception {
        File csv = repo.resolve(c.csv()).toFile();
        DatasetSpec data = new DatasetSpec(csv, "label", 0.2, "classification").withTextColumns(c.textColumns());
        String study = c.name() + "-" + sampler + "-" + seed;
        TuningRequest request = new TuningRequest(data, c.trainer(), null, RealDataBench.class.getClassLoader(),
                c.space(), List.of("log-loss"), trials, sampler, "none", List.of(1.0), folds, 1, seed,
                dir.resolve(study + ".db").toString(), study, null, StudyOptions.NONE);
        long start = System.nanoTime();
        TuningOutcome outcome = Tuning.run(request, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        var heldOut = outcome.report().heldOut();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("bench", "real-data");
        row.put("case", c.name());
        row.put("sampler", sampler);
        row.put("seed", seed);
        row.put("trials", trials);
        row.put("folds", folds);
        row.put("bestTrial", heldOut.bestTrial());
        // The chosen configuration, to see where each sampler's choices lie in the space.
        outcome.result().trials().stream().filter(t -> t.number() == heldOut.bestTrial()).findFirst()
                .ifPresent(t -> row.put("params", t.params()));
        row.put("space", c.space());
        row.put("crossValidated", outcome.result().best().value());
        row.put("tuned", heldOut.tuned());
        row.put("defaults", heldOut.defaults());
        row.put("finalChoice", outcome.report().finalChoice());
        if (FRESH_REPEATS > 0) {
            // The chosen configuration on folds neither the study nor the final choice saw: a measure of the search
            // and the choice with far less noise than a hundred held-out rows.
            Map<String, Object> chosen = outcome.result().trials().stream()
                    .filter(t -> t.number() == heldOut.bestTrial()).findFirst().orElseThrow().params();
            row.put("freshFolds", freshFolds(request, chosen));
            row.put("freshFits", FRESH_REPEATS * folds);
        }
        row.put("seconds", seconds);
        System.out.println(JSON.writeValueAsString(row));
        System.out.flush();
    }

    /** Repeats of the cross-validation numbered from here are used by no study and no final choice. */
    private static final int FRESH_REPEAT_BASE = 1000;
    /** Cross-validations on fresh folds of the chosen configuration ({@code FRESH_REPEATS}, 0: none). */
    private static final int FRESH_REPEATS = Integer.parseInt(System.getenv().getOrDefault("FRESH_REPEATS", "0"));

    /** The log-loss of {@code params} over {@link #FRESH_REPEATS} cross-validations on fresh folds of the tuning rows. */
    private static double freshFolds(TuningRequest request, Map<String, Object> params) {
        TribuoSetup setup = TribuoSetup.of(request);
        DataSplits splits = setup.splits();
        double sum = 0;
        int n = 0;
        for (int r = 0; r < FRESH_REPEATS; r++) {
            DataSplits other = new DataSplits(splits.data(), splits.testFraction(), splits.folds(), splits.seed(),
                    FRESH_REPEAT_BASE + r);
            TribuoObjective objective = new TribuoObjective(other, setup.trainer(), request.seed());
            for (int f = 0; f < splits.folds(); f++) {
                sum += objective.evaluate(params, 1.0, f).get("log-loss");
                n++;
            }
        }
        return sum / n;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
