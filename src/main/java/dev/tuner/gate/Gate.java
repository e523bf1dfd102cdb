package dev.tuner.gate;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.config.Setting;
import dev.tuner.files.Sha256;
import dev.tuner.bundle.BundleLayout;
import dev.tuner.bundle.BundleLoader;
import dev.tuner.bundle.ModelBundle;
import dev.tuner.tribuo.DataSplits;
import dev.tuner.tribuo.HeldOutPredictions;
import dev.tuner.tribuo.Metrics;
import dev.tuner.tribuo.TabularData;
import dev.tuner.tribuo.TaskType;
import dev.tuner.trial.MetricDirections;
import dev.tuner.tuning.TuningRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static dev.tuner.config.ConfigurationException.reference;

/**
 * The {@code gate} use case: evaluate the candidate bundle on the held-out rows, get the baseline's figures on
 * exactly those rows (from a committed file, or by re-evaluating a released bundle), judge the rules, write the
 * reports, and on request record the candidate as the new baseline file.
 */
public final class Gate {
    private static final Pattern COORDINATES = Pattern.compile("[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.+-]+");
    /** The conventional place of a committed baseline. */
    public static final String DEFAULT_BASELINE_FILE = "src/test/tuner/baseline.json";

    private Gate() {
    }

    /**
     * What the gate was asked to do.
     *
     * @param study             the shared configuration (data, split, seed, objectives)
     * @param spec              {@code <gate>}, with the command line's overrides applied
     * @param candidateBundle   the bundle {@code tuner:bundle} wrote
     * @param baselineFile      the baseline file, or null (then see {@code baselineBundle})
     * @param baselineBundle    a released bundle resolved from coordinates, or null
     * @param baselineLabel     how to name the released bundle ({@code groupId:artifactId:version})
     * @param outputDirectory   where the reports go
     * @param updateBaseline    write the candidate as the new baseline file
     * @param updateTarget      the file to write; null when the baseline is named by coordinates
     */
    public record Request(TuningRequest study, GateSpec spec, Path candidateBundle, Path baselineFile,
                          Path baselineBundle, String baselineLabel, Path outputDirectory, boolean updateBaseline,
                          Path updateTarget) {
    }

    /** The verdict, and the baseline file written on request (or null). */
    public record Outcome(GateReport report, Path baselineWritten) {
    }

    /** Whether {@code baseline} names a released artifact ({@code groupId:artifactId:version}) rather than a file. */
    public static boolean isCoordinates(String baseline) {
        return baseline != null && COORDINATES.matcher(baseline.strip()).matches();
    }

    public static Outcome run(Request request) throws IOException {
        long start = System.nanoTime();
        GateSpec spec = request.spec();
        spec.validate();
        if (request.baselineFile() != null && isZip(request.baselineFile())) {
            // A bundle zip named as the baseline (a release downloaded by hand): gated against as a released
            // bundle, not read as JSON (whose error would print the zip's binary header).
            if (request.updateBaseline()) {
                throw new InvalidSettingException(Setting.of("updateBaseline"), "true", "writes a baseline file, but "
                        + reference(Setting.of("gate", "baseline")) + " names the bundle " + request.baselineFile()
                        + "; point it at a .json file instead");
            }
            request = new Request(request.study(), spec, request.candidateBundle(), null, request.baselineFile(),
                    request.baselineFile().toString(), request.outputDirectory(), false, null);
        }
        if (request.updateBaseline() && request.updateTarget() == null) {
            throw new InvalidSettingException(Setting.of("updateBaseline"), "true", "writes a baseline file, but "
                    + reference(Setting.of("gate", "baseline")) + " names the released bundle "
                    + request.baselineLabel() + "; point it at a file instead");
        }
        Path candidatePath = request.candidateBundle();
        if (!Files.isRegularFile(candidatePath)) {
            throw new GateException("candidate bundle " + candidatePath + " not found: tuner:gate evaluates the bundle "
                    + "that tuner:bundle writes in the package phase; run the bundle goal first (mvn verify)");
        }
        DataSplits splits = HeldOutPredictions.splits(request.study().dataset(), request.study().folds(),
                request.study().seed());
        rulesOfTheTask(spec.rules(), splits.data());
        DataFingerprint rows = DataFingerprint.of(splits);
        ModelBundle candidate = BundleLoader.load(candidatePath);
        DataFingerprint built = DataFingerprint.from(candidate.manifest().provenance() == null ? null
                : candidate.manifest().provenance().get("data"));
        if (built != null && !rows.sameRowsAs(built)) {
            throw new GateException("candidate bundle " + candidatePath + " was built from other data or another "
                    + "split (" + rows.differenceFrom(built) + "); rebuild it with tuner:bundle");
        }
        HeldOutPredictions candidateRows;
        try {
            candidateRows = HeldOutPredictions.of(candidate.model(), splits);
        } catch (IllegalArgumentException e) {
            // Same rows but another task (<task> changed since the bundle was built): not this configuration's.
            throw new GateException("candidate bundle " + candidatePath + " cannot predict the held-out rows of "
                    + splits.data().file().getFileName() + ": " + e.getMessage() + "; rebuild it with tuner:bundle",
                    e);
        }
        Map<String, Double> candidateMetrics = metricsOf(candidate, candidateRows);

        Baseline baseline = null;
        if (request.baselineBundle() != null) {
            baseline = bundleBaseline(request, splits, rows);
        } else if (request.baselineFile() != null) {
            baseline = BaselineFile.read(request.baselineFile(), rows, candidateRows);
        }
        List<Rule> rules = spec.rules().isEmpty() ? defaultRules(request.study(), splits) : spec.rules();
        GateReport report = GateEvaluator.evaluate(candidatePath.getFileName().toString(), rules, candidateMetrics,
                candidateRows, baseline, spec.significance(), spec.resamples(), request.study().seed());
        List<String> notes = new ArrayList<>(report.notes());
        if (spec.rules().isEmpty()) {
            // Only paired rows give a test; on aggregate metrics the rule fails on the drop itself (docs/gate.md).
            notes.add("no <rules>: default rule " + rules.get(0).name() + (baseline == null ? ""
                    : baseline.paired() ? " (fails only on a significant drop)"
                    : " (fails on any drop: the baseline's rows are not the candidate's, so no test can be made)"));
        }
        Path written = null;
        if (baseline == null) {
            Path file = request.updateTarget() != null ? request.updateTarget()
                    : Path.of(DEFAULT_BASELINE_FILE);
            // While recording, the advice to record one would read as if the recording had not happened.
            notes.add("no baseline" + (request.baselineFile() != null ? " (" + request.baselineFile()
                    + " does not exist)" : "") + ": change limits not checked" + (request.updateBaseline() ? ""
                    : "; record one with mvn verify -Dtuner.gate.updateBaseline and commit " + file));
        }
        if (request.updateBaseline()) {
            BaselineFile.write(request.updateTarget(), candidatePath.getFileName() + " sha256 "
                            + Sha256.hex(Files.readAllBytes(candidatePath)), rows, candidateMetrics, candidateRows);
            written = request.updateTarget();
            notes.add("recorded the candidate as the new baseline " + written + " (-Dtuner.gate.updateBaseline); "
                    + "commit it");
        }
        report = new GateReport(report.candidate(), report.baseline(), report.rows(), report.significance(),
                report.resamples(), report.seed(), report.results(), notes);
        GateReportWriter.writeAll(report, request.outputDirectory(), (System.nanoTime() - start) / 1e9);
        return new Outcome(report, written);
    }

    private static Baseline bundleBaseline(Request request, DataSplits splits, DataFingerprint rows) {
        ModelBundle bundle = BundleLoader.load(request.baselineBundle());
        DataFingerprint built = DataFingerprint.from(bundle.manifest().provenance() == null ? null
                : bundle.manifest().provenance().get("data"));
        String note = null;
        if (built != null && !rows.sameRowsAs(built)) {
            note = "the baseline bundle was built with other data or split (" + rows.differenceFrom(built)
                    + "): it may have trained on some of these held-out rows, which favours it";
        }
        HeldOutPredictions predictions;
        try {
            predictions = HeldOutPredictions.of(bundle.model(), splits);
        } catch (RuntimeException e) {
            throw new GateException("baseline " + request.baselineLabel() + " cannot predict the held-out rows of "
                    + splits.data().file().getFileName() + ": " + e.getMessage(), e);
        }
        String source = request.baselineLabel().equals(request.baselineBundle().toString()) ? request.baselineLabel()
                : request.baselineLabel() + " (" + request.baselineBundle().getFileName() + ")";
        return new Baseline(source, Baseline.Kind.BUNDLE,
                metricsOf(bundle, predictions), predictions, note);
    }

    /** Whether {@code file} starts as a zip does (a local file header, or the end record of an empty zip). */
    private static boolean isZip(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        }
        return n == 4 && head[0] == 'P' && head[1] == 'K'
                && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6);
    }

    /**
     * A rule on a metric of the other task (accuracy or log-loss for a regression, as rules copied from an example
     * would be; auc beyond two classes; a resource the gate does not measure) is a setting to fix, not a model that
     * got worse: refused before any model is loaded, naming what a rule can check here.
     */
    private static void rulesOfTheTask(List<Rule> rules, TabularData data) {
        Set<String> ofTask = Metrics.available(data);
        ofTask.removeAll(List.of(Metrics.TRAIN_SECONDS, Metrics.PREDICT_MS_PER_ROW));
        for (Rule rule : rules) {
            String metric = rule.metricName();
            if (MetricDirections.known().contains(metric) && !ofTask.contains(metric)) {
                throw new InvalidSettingException(Rule.METRIC, rule.getMetric().strip(), "not available for "
                        + data.task().name().toLowerCase(Locale.ROOT) + " of " + data.file().getFileName()
                        + "; available: " + ofTask);
            }
        }
    }

    /** Quality metrics recomputed on the rows, plus {@code model-size} (bytes of the bundled protobuf model). */
    private static Map<String, Double> metricsOf(ModelBundle bundle, HeldOutPredictions rows) {
        Map<String, Double> metrics = new TreeMap<>(rows.metrics());
        bundle.file(BundleLayout.MODEL).ifPresent(b -> metrics.put("model-size", (double) b.length));
        return metrics;
    }

    /** Without rules: the first objective (default accuracy / rmse) must not drop significantly. */
    static List<Rule> defaultRules(TuningRequest study, DataSplits splits) {
        String metric = study.objectives() != null && !study.objectives().isEmpty() ? study.objectives().get(0)
                : splits.data().task() == TaskType.REGRESSION ? "rmse" : "accuracy";
        Rule rule = Rule.maxDrop(metric, 0);
        rule.validate();
        return List.of(rule);
    }
}
