package dev.tuner.gate;

import ai.onnxruntime.OrtSession;
import dev.tuner.bundle.BundleBuilder;
import dev.tuner.bundle.BundleLoader;
import dev.tuner.bundle.BundleRequest;
import dev.tuner.bundle.ModelBundle;
import dev.tuner.bundle.RowPrediction;
import dev.tuner.study.StudyListener;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import dev.tuner.tuning.BundleTraining;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tribuo.FittedModel;
import dev.tuner.tribuo.TaskType;
import dev.tuner.tribuo.TrainerCatalogue;
import dev.tuner.tribuo.TrainerDefinition;
import dev.tuner.tribuo.TribuoObjective;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningOutcome;
import dev.tuner.tuning.TuningRequest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.OutputFactory;
import org.tribuo.VariableIDInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.interop.onnx.DenseTransformer;
import org.tribuo.interop.onnx.LabelTransformer;
import org.tribuo.interop.onnx.ONNXExternalModel;
import org.tribuo.interop.onnx.OutputTransformer;
import org.tribuo.interop.onnx.RegressorTransformer;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.transform.TransformedModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.util.Pair;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in trainer, classification and regression, on real data with default hyperparameters and the goals'
 * default settings: a short study, two bundles with the same output timestamp that must be byte-identical, a load
 * through {@link BundleLoader} that predicts every held-out row as the model in memory does, and a gate of the
 * bundle against itself (as a released bundle, and as the baseline file recorded from it) that must pass, and
 * {@link ModelBundle#predict} of every held-out row as the application has it (the raw CSV cells) giving exactly the
 * in-memory model's prediction. The data (the first rows of German credit: numeric and categorical columns, one
 * read as free text; the amount is the regression target) is small so that the whole matrix runs in every build.
 * Every numeric feature column misses a few cells (empty, {@code ?}, {@code NA}), so regression, whose one complete
 * numeric column is its target, also uses the constant feature; classification, with the complete amount, does not. It sits in the gate package, the engine's top layer, because it
 * drives tribuo, bundle and gate as the Mojos do.
 */
class BuiltInTrainerMatrixTest {
    private static final int ROWS = 300;
    /** A few trials: the test is about the paths from study to bundle to gate, not about the quality of tuning. */
    private static final int TRIALS = 3;
    /** What {@code project.build.outputTimestamp} maps to. */
    private static final Instant TIMESTAMP = Instant.parse("2026-01-02T03:04:05Z");
    /** Defaults of the goals' parameters (AbstractStudyMojo): sampler, pruner, budgets, folds, jobs, seed. */
    private static final String SAMPLER = "tpe";
    private static final String PRUNER = "none";
    private static final List<Double> BUDGETS = List.of(1.0);
    private static final int FOLDS = 3;
    private static final int JOBS = 1;
    private static final long SEED = 42;
    private static final double TEST_FRACTION = 0.2;
    /** Classification target and a numeric column of the same file as the regression target. */
    private static final Map<TaskType, String> TARGET = Map.of(TaskType.CLASSIFICATION, "label",
            TaskType.REGRESSION, "credit_amount");

    /** The trainers whose bundle holds an ONNX form unless the model is scaled (docs/trainers.md). */
    private static final Set<String> ONNX_TRAINERS = Set.of("logistic", "fm", "liblinear", "libsvm", "linear-sgd");
    /** ONNX Runtime computes in single precision, Tribuo in double. */
    private static final double ONNX_TOLERANCE = 1e-4;

    /** Failures that explain nothing to a user. */
    private static final Pattern PROGRAMMING_ERROR = Pattern.compile("^(NullPointer|ClassCast|(Array)?IndexOutOfBounds"
            + "|Arithmetic|NegativeArraySize|UnsupportedOperation|IllegalState)Exception|Error\\b");

    @TempDir
    static Path shared;
    private static Path csv;

    /** Read as words rather than as categories: "critical/other existing credit". */
    private static final String TEXT_COLUMN = "credit_history";
    /** Every this many rows, one cell (of a column in turn) is missing. */
    private static final int MISSING_EVERY = 4;
    private static final List<String> MISSING_MARKERS = List.of("", "?", "NA");
    /** The raw rows of the file by line number (the header is line 1), as an application would have them. */
    private static final Map<Long, Map<String, String>> RAW = new LinkedHashMap<>();

    @BeforeAll
    static void data() throws IOException, URISyntaxException {
        List<String> lines = Files.readAllLines(Path.of(BuiltInTrainerMatrixTest.class.getResource(
                "/data/credit-g.csv").toURI()), StandardCharsets.UTF_8);
        csv = shared.resolve("credit-g-" + ROWS + ".csv");
        List<String> header = List.of(lines.get(0).split(","));
        List<Integer> blankable = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (!TARGET.containsValue(header.get(c))) {
                blankable.add(c);
            }
        }
        try (CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), CSVFormat.DEFAULT)) {
            out.printRecord(header);
            try (CSVParser in = CSVParser.parse(String.join("\n", lines.subList(1, ROWS + 1)), CSVFormat.DEFAULT)) {
                int r = 0;
                for (CSVRecord record : in) {
                    List<String> cells = new ArrayList<>(record.toList());
                    if (r % MISSING_EVERY == 0) {
                        int k = r / MISSING_EVERY;
                        cells.set(blankable.get(k % blankable.size()), MISSING_MARKERS.get(k % MISSING_MARKERS.size()));
                    }
                    out.printRecord(cells);
                    Map<String, String> raw = new LinkedHashMap<>();
                    for (int c = 0; c < header.size(); c++) {
                        raw.put(header.get(c), cells.get(c));
                    }
                    RAW.put(r + 2L, raw);
                    r++;
                }
            }
        }
    }

    static Stream<Arguments> trainers() {
        return TrainerCatalogue.builtIn().all().stream()
                .map(t -> Arguments.of(t.task().name().toLowerCase(java.util.Locale.ROOT) + " " + t.name(), t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainers")
    void tunesBundlesReproduciblyReloadsAndPassesItsOwnGate(String label, TrainerDefinition trainer, @TempDir Path dir)
            throws Exception {
        TuningRequest study = study(trainer, dir.resolve("studies.db"));

        TuningOutcome tuned = Tuning.run(study, new StudyListener() {
        });
        List<Trial> trials = tuned.result().trials();
        assertEquals(TRIALS, trials.size());
        assertTrue(trials.stream().anyMatch(t -> t.state() == TrialState.COMPLETE), trials.toString());
        for (Trial t : trials) {
            // A sampled point may fail (an SGD model diverges), but saying why, not with a programming error.
            if (t.state() != TrialState.COMPLETE) {
                assertEquals(TrialState.FAILED, t.state());
                assertFalse(PROGRAMMING_ERROR.matcher(t.message()).find(),
                        "trial #" + t.number() + " " + t.params() + ": " + t.message());
            }
        }

        // The study's best trial, as tuner:bundle takes it without <params>.
        Path best = bundleTwice(study, Map.of(), dir.resolve("best"));
        // The trainer's defaults (scale=true where that is the default), pinned.
        Map<String, String> defaults = new LinkedHashMap<>();
        trainer.defaults().forEach((k, v) -> defaults.put(k, String.valueOf(v)));
        Path pinned = bundleTwice(study, defaults, dir.resolve("defaults"));

        BundleTraining training = BundleTraining.prepare(study);
        TribuoObjective inMemory = new TribuoObjective(training.splits(), trainer, SEED);
        for (Map.Entry<Path, Map<String, Object>> bundle : Map.of(
                best, training.bestStoredTrial().params(), pinned, trainer.defaults()).entrySet()) {
            ModelBundle loaded = BundleLoader.load(bundle.getKey());
            Model<?> trained = inMemory.fit(bundle.getValue());
            assertEquals(FittedModel.predictionsOf(trained, training.splits()),
                    FittedModel.predictionsOf(loaded.model(), training.splits()),
                    "the loaded bundle predicts every held-out row as the model trained in memory");
            assertEquals(training.splits().heldOutRows().length,
                    FittedModel.predictionsOf(loaded.model(), training.splits()).size());
            assertEveryProvenanceFixed(loaded.model(), loaded.file("model/model.tribuo").orElseThrow());
            assertRawRowsPredictAsInMemory(trained, loaded, training);
            assertOnnxFormPredictsAsTheModel(trainer, loaded, bundle.getKey(), training, dir.resolve("model.onnx"));

            // Against itself as a released bundle, then as a baseline file recorded from it.
            Path zip = bundle.getKey();
            assertPasses(Gate.run(new Gate.Request(study, new GateSpec(), zip, null, zip, "dev.tuner.test:matrix:1",
                    dir.resolve("gate"), false, null)).report());
            Path baseline = zip.resolveSibling("baseline.json");
            Gate.run(new Gate.Request(study, new GateSpec(), zip, null, null, null, dir.resolve("gate"), true,
                    baseline));
            assertPasses(Gate.run(new Gate.Request(study, new GateSpec(), zip, baseline, null, null,
                    dir.resolve("gate"), false, baseline)).report());
        }
    }

    /**
     * Every held-out row, from its raw cells, through {@link ModelBundle#predict}: the label and every score, or the
     * value, exactly (as doubles) those of the model trained in memory on the encoded row. Half the rows with a
     * missing cell give it as a missing column instead of a marker, and every row has a column the data lacks.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void assertRawRowsPredictAsInMemory(Model<?> trained, ModelBundle loaded, BundleTraining training) {
        int[] heldOut = training.splits().heldOutRows();
        List<Prediction<?>> expected = ((Model) trained).predict((Dataset) training.splits().heldOutDataset());
        int missingCells = 0;
        for (int i = 0; i < heldOut.length; i++) {
            long line = training.data().lineNumber(heldOut[i]);
            Map<String, String> row = new LinkedHashMap<>(RAW.get(line));
            String blank = row.entrySet().stream().filter(e -> MISSING_MARKERS.contains(e.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (blank != null && missingCells++ % 2 == 0) {
                row.remove(blank);
            }
            row.put("not_a_column", "ignored");
            RowPrediction actual = loaded.predict(row);
            Object output = expected.get(i).getOutput();
            String where = "held-out line " + line + " " + row;
            if (output instanceof Label label) {
                assertEquals(label.getLabel(), actual.label(), where);
                Map<String, Double> scores = new TreeMap<>();
                expected.get(i).getOutputScores().forEach((name, score) -> scores.put((String) name,
                        ((Label) score).getScore()));
                assertEquals(scores, new TreeMap<>(actual.scores()), where);
                assertTrue(Double.isNaN(actual.value()));
            } else {
                assertEquals(((Regressor) output).getValues()[0], actual.value(), 0.0, where);
                assertNull(actual.label());
            }
        }
        assertTrue(missingCells > 1, "the held-out rows include rows with missing cells: " + missingCells);
    }

    /**
     * The bundle's ONNX form, where the docs promise one (trainers.md: the linear and kernel models without scaling),
     * run by ONNX Runtime through Tribuo's {@link ONNXExternalModel}, predicts every held-out row as the Tribuo
     * model: the same label, and scores and values within ONNX's single precision. It carries the model's
     * provenance, so an application can tell which trial it came from. A promised form the build left out has its
     * reason in bundle.json.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void assertOnnxFormPredictsAsTheModel(TrainerDefinition trainer, ModelBundle loaded, Path bundle,
            BundleTraining training, Path file) throws Exception {
        Model model = loaded.model();
        boolean promised = ONNX_TRAINERS.contains(trainer.name()) && !(model instanceof TransformedModel);
        JsonNode check = new ObjectMapper().readTree(bundle.resolveSibling("bundle.json").toFile())
                .at("/safetyCheck/onnx");
        if (!promised) {
            assertFalse(loaded.onnx().isPresent(), trainer.name() + " " + model.getClass().getSimpleName());
            assertTrue(check.isMissingNode() || check.isNull(), check.toString());
            return;
        }
        if (loaded.onnx().isEmpty()) {
            // Left out only with the reason in bundle.json (and the build's warning).
            assertFalse(check.path("leftOutBecause").asText("").isEmpty(), trainer.name() + ": " + check);
            return;
        }
        assertEquals(check.path("rows").asInt(), training.splits().heldOutRows().length, check.toString());
        Files.write(file, loaded.onnx().orElseThrow());
        Map<String, Integer> features = new HashMap<>();
        for (Object info : model.getFeatureIDMap()) {
            features.put(((VariableIDInfo) info).getName(), ((VariableIDInfo) info).getID());
        }
        Map<Object, Integer> outputs = new HashMap<>();
        for (Object pair : model.getOutputIDInfo()) {
            outputs.put(((Pair<Integer, ?>) pair).getB(), ((Pair<Integer, ?>) pair).getA());
        }
        boolean classification = trainer.task() == TaskType.CLASSIFICATION;
        try (ONNXExternalModel onnx = ONNXExternalModel.createOnnxModel(
                classification ? (OutputFactory) new LabelFactory() : new RegressionFactory(), features,
                (Map) outputs, new DenseTransformer(),
                classification ? (OutputTransformer) new LabelTransformer() : new RegressorTransformer(),
                new OrtSession.SessionOptions(), file, "input")) {
            Dataset heldOut = training.splits().heldOutDataset();
            List<Prediction<?>> tribuo = model.predict(heldOut);
            List<Prediction<?>> ort = onnx.predict(heldOut);
            assertEquals(tribuo.size(), ort.size());
            for (int i = 0; i < tribuo.size(); i++) {
                String where = trainer.name() + ", held-out row " + i;
                if (classification) {
                    Label expected = (Label) tribuo.get(i).getOutput();
                    assertEquals(expected.getLabel(), ((Label) ort.get(i).getOutput()).getLabel(), where);
                    Map<String, ?> scores = ort.get(i).getOutputScores();
                    tribuo.get(i).getOutputScores().forEach((name, score) -> assertEquals(((Label) score).getScore(),
                            ((Label) scores.get(name)).getScore(), ONNX_TOLERANCE * Math.max(1,
                            Math.abs(((Label) score).getScore())), where + ", score of " + name));
                } else {
                    double expected = ((Regressor) tribuo.get(i).getOutput()).getValues()[0];
                    assertEquals(expected, ((Regressor) ort.get(i).getOutput()).getValues()[0],
                            ONNX_TOLERANCE * Math.max(1, Math.abs(expected)), where);
                }
            }
            assertEquals(model.getProvenance(), onnx.getTribuoProvenance().orElseThrow());
        }
    }

    private TuningRequest study(TrainerDefinition trainer, Path storage) {
        return new TuningRequest(new DatasetSpec(csv.toFile(), TARGET.get(trainer.task()), TEST_FRACTION, "auto")
                .withTextColumns(List.of(TEXT_COLUMN)), trainer.name(), null, getClass().getClassLoader(), Map.of(),
                List.of(), TRIALS, SAMPLER, PRUNER, BUDGETS, FOLDS, JOBS, SEED, storage.toString(), "matrix", null);
    }

    private static void assertPasses(GateReport report) {
        assertNotNull(report.baseline());
        assertTrue(report.baseline().paired(), "the baseline is compared row by row");
        assertFalse(report.results().isEmpty());
        for (RuleResult r : report.results()) {
            assertEquals(RuleResult.Status.PASSED, r.status(), r.message());
        }
        assertFalse(report.failed());
    }

    /** Two builds of the same bundle into different directories; returns the first after comparing the bytes. */
    private static Path bundleTwice(TuningRequest study, Map<String, String> params, Path dir) throws IOException {
        List<byte[]> zips = new ArrayList<>();
        for (String run : List.of("a", "b")) {
            Path zip = dir.resolve(run).resolve("model-bundle.zip");
            BundleBuilder.build(new BundleRequest(study, params, null, null, null, null, zip,
                    zip.resolveSibling("bundle.json"), TIMESTAMP, "test", null));
            zips.add(Files.readAllBytes(zip));
        }
        assertArrayEquals(zips.get(0), zips.get(1), "two bundles of the same inputs differ: " + dir.getFileName());
        return dir.resolve("a").resolve("model-bundle.zip");
    }

    /**
     * The model and every model inside it (a scaled model's inner model, an ensemble's members) carry the
     * output timestamp and no machine fields; nothing of this machine is left anywhere in the bytes.
     */
    private static void assertEveryProvenanceFixed(Model<?> model, byte[] protobuf) {
        OffsetDateTime time = OffsetDateTime.ofInstant(TIMESTAMP, ZoneOffset.UTC);
        List<Model<?>> models = new ArrayList<>(List.of(model));
        for (int i = 0; i < models.size(); i++) {
            Model<?> m = models.get(i);
            ModelProvenance p = m.getProvenance();
            assertEquals(time.toInstant(), p.getTrainingTime().toInstant(), m.getClass().getName());
            assertEquals("unknown-version", p.getJavaVersion(), m.getClass().getName());
            assertEquals("unknown-version", p.getOS(), m.getClass().getName());
            assertEquals("unknown-version", p.getArch(), m.getClass().getName());
            if (m instanceof TransformedModel<?> t) {
                models.add(t.getInnerModel());
            } else if (m instanceof EnsembleModel<?> e) {
                models.addAll(e.getModels());
                e.getProvenance().getMemberProvenance().forEach(member ->
                        assertEquals(time.toInstant(), member.getTrainingTime().toInstant()));
            }
        }
        String text = new String(protobuf, StandardCharsets.ISO_8859_1);
        for (String property : List.of("java.version", "java.vm.version")) {
            String value = System.getProperty(property);
            assertFalse(text.contains(value), "the model bytes hold " + property + " " + value);
        }
    }
}
