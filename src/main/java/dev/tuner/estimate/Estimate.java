package dev.tuner.estimate;

import dev.tuner.files.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plan of a tuning run and what it is expected to cost, as {@code target/tuner/estimate.json} and the console
 * table show it. Every figure covers the trials still to run (a resumed study's finished trials cost nothing).
 *
 * @param plannedRuns       remaining trials x budgets x folds: what a calculator without a pruner would say
 * @param expectedRuns      trainings the configured pruner is expected to let run
 * @param expectedStopped   trials the pruner is expected to stop
 * @param expectedSeconds   wall seconds of the tune goal (data loading, trainings over the parallelism, storage,
 *                          the held-out refits of the best and of the defaults, the first trial's JVM warm-up): the
 *                          median of the forecast
 * @param lowSeconds        10th percentile of the forecast
 * @param highSeconds       90th percentile of the forecast
 * @param peakMemoryBytes   heap after loading the data plus {@code jobs} concurrent trainings at the largest rows
 * @param diskBytes         database growth + reports + one model (what bundle will ship)
 * @param cost              cpuHours x costPerCpuHour, or null
 * @param fullCorpus        re-running the top-k on the full corpus, or null without {@code <fullCorpus>}
 * @param origins           study setting to where its value came from (element, property, preset, default)
 * @param warnings          what reading the data found, the lines {@code tune} will warn of (a cell read as
 *                          missing, a column dropped...): said before the hours are spent, not after
 * @param notes             what {@code tune} will note about the setup (a suggested space used, budgets unused)
 * @param phases            where the seconds go, as means of the simulated studies (null: not split)
 * @param defaultsTrial     whether tune will run the trainer's defaults as its first trial (and re-score them)
 * @param stages            with {@code <stages>}, each stage's own forecast (the other figures are their sums); empty
 *                          without
 */
public record Estimate(String study, String trainer, String pruner, String sampler, int trials, int finishedTrials,
                       int remainingTrials, int folds, int jobs, long plannedRuns, double expectedRuns,
                       double expectedStopped, double expectedSeconds, double lowSeconds, double highSeconds,
                       long peakMemoryBytes, long diskBytes,
                       long databaseBytes, long reportsBytes, long modelBytes, String prunerMath,
                       List<BudgetRow> budgets, Calibration calibration, double cpuHours, Double cost,
                       FullCorpus fullCorpus, Map<String, String> origins, List<String> warnings,
                       List<String> notes, Phases phases, boolean defaultsTrial, List<StageEstimate> stages) {

    public Estimate {
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    /**
     * One stage of a staged study: its own study, what it will run and its forecast; refit has no study (its
     * seconds are one training on the tuning rows).
     */
    public record StageEstimate(String name, String study, int trials, int finishedTrials, String sampler,
                                String pruner, double expectedSeconds, double lowSeconds, double highSeconds) {
    }

    /**
     * The top-k re-run on the full corpus: {@code seconds = topK x sampleSeconds x (rows / sampleRows)^b}.
     *
     * @param source         the {@code <fullCorpus>} value (rows or file)
     * @param rowsExponent   {@code b}: the growth from the sample's rows to the full corpus, as one exponent
     * @param lowSeconds     with the growth's exponent one standard error lower
     * @param highSeconds    with the growth's exponent one standard error higher
     * @param timed          the runs timed on a full corpus file at growing rows (empty for a row count)
     */
    public record FullCorpus(String source, long rows, int sampleRows, double rowsExponent, int topK,
                             double secondsPerRun, double seconds, double lowSeconds, double highSeconds,
                             long peakMemoryBytes, List<CorpusRun> timed) {
    }

    /** One training timed on a full corpus file: its training rows and seconds. */
    public record CorpusRun(int rows, double seconds) {
    }

    /**
     * The forecast split as {@code tune} times its run ({@code best.json}'s {@code estimate.phases}), so that a plan
     * that missed says where. Means of the simulated studies: they add up to the mean total, which lies above
     * {@code expectedSeconds}, the median, when the totals are skewed.
     *
     * @param trials        the study's trials: trainings over the parallelism, storage writes, the first trial's
     *                      warm-up
     * @param finalChoice   the final choice's re-scoring of the top trials on more folds
     * @param heldOutRefits the chosen trial and the defaults refitted on the tuning rows and measured on held-out ones
     * @param other         reading the data
     */
    public record Phases(double trials, double finalChoice, double heldOutRefits, double other) {
    }

    /** One row of the per-budget table. */
    public record BudgetRow(double budget, int rows, long plannedRuns, double expectedTrials, double expectedRuns,
                            double expectedStopped, double secondsPerRun, double seconds) {
    }

    /** How the figures were calibrated. */
    public record Calibration(List<CalibrationProbe.Point> probe, PowerLaw time, PowerLaw memory,
                              double twoThreadSpeedup, boolean speedupMeasured, double parallelism, int cores,
                              double probeSeconds, double loadSeconds, double heldOutSeconds,
                              double storageSecondsPerTrial, long baselineHeapBytes, long perTrainingHeapBytes,
                              int probeDraws, double systemLoadAverage, CostModel costModel,
                              double warmUpSeconds, CostQuality costQuality, CostForecast.Spreads spreads,
                              List<ProbeRun> runs) {
        public Calibration {
            runs = runs == null ? List.of() : List.copyOf(runs);
        }
    }

    /** One timed run of the probe: the configuration, the rows it trained on and its seconds. */
    public record ProbeRun(Map<String, Object> params, int rows, double seconds) {
    }

    public ObjectNode toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("study", study);
        o.put("trainer", trainer);
        o.put("pruner", pruner);
        o.put("sampler", sampler);
        o.put("trials", trials);
        o.put("finishedTrials", finishedTrials);
        o.put("remainingTrials", remainingTrials);
        o.put("folds", folds);
        o.put("jobs", jobs);
        o.put("plannedRuns", plannedRuns);
        o.put("expectedRuns", round(expectedRuns, 2));
        o.put("expectedStoppedTrials", round(expectedStopped, 2));
        o.put("expectedSeconds", round(expectedSeconds, 3));
        o.putObject("range").put("lowSeconds", round(lowSeconds, 3)).put("highSeconds", round(highSeconds, 3))
                .put("percentiles", "10-90");
        o.put("defaultsTrial", defaultsTrial);
        if (phases != null) {
            o.putObject("phases").put("trialsSeconds", round(phases.trials(), 3))
                    .put("finalChoiceSeconds", round(phases.finalChoice(), 3))
                    .put("heldOutRefitsSeconds", round(phases.heldOutRefits(), 3))
                    .put("otherSeconds", round(phases.other(), 3))
                    .put("of", "the mean of the simulated totals");
        }
        o.put("peakMemoryBytes", peakMemoryBytes);
        o.put("diskBytes", diskBytes);
        ObjectNode disk = o.putObject("disk");
        disk.put("databaseBytes", databaseBytes);
        disk.put("reportsBytes", reportsBytes);
        disk.put("modelBytes", modelBytes);
        o.put("prunerMath", prunerMath);
        ArrayNode rows = o.putArray("budgets");
        for (BudgetRow r : budgets) {
            ObjectNode row = rows.addObject();
            row.put("budget", r.budget());
            row.put("rows", r.rows());
            row.put("plannedRuns", r.plannedRuns());
            row.put("expectedTrials", round(r.expectedTrials(), 2));
            row.put("expectedRuns", round(r.expectedRuns(), 2));
            row.put("expectedStopped", round(r.expectedStopped(), 2));
            row.put("secondsPerRun", round(r.secondsPerRun(), 5));
            row.put("seconds", round(r.seconds(), 3));
        }
        ObjectNode c = o.putObject("calibration");
        ArrayNode probe = c.putArray("probe");
        for (CalibrationProbe.Point p : calibration.probe()) {
            ObjectNode n = probe.addObject();
            n.put("budget", p.budget());
            n.put("rows", p.rows());
            n.put("meanSeconds", round(p.meanSeconds(), 5));
            n.put("peakHeapBytes", (long) p.peakHeapBytes());
        }
        c.put("probeDraws", calibration.probeDraws());
        c.putObject("secondsPerRun").put("a", calibration.time().a()).put("b", round(calibration.time().b(), 4))
                .put("law", "seconds = a * rows^b");
        c.putObject("heapBytesPerRun").put("a", calibration.memory().a()).put("b", round(calibration.memory().b(), 4))
                .put("law", "bytes = a * rows^b");
        c.put("twoThreadSpeedup", round(calibration.twoThreadSpeedup(), 3));
        c.put("speedupMeasured", calibration.speedupMeasured());
        c.put("parallelism", round(calibration.parallelism(), 3));
        c.put("cores", calibration.cores());
        c.put("probeSeconds", round(calibration.probeSeconds(), 3));
        c.put("loadSeconds", round(calibration.loadSeconds(), 3));
        c.put("heldOutSeconds", round(calibration.heldOutSeconds(), 3));
        c.put("storageSecondsPerTrial", round(calibration.storageSecondsPerTrial(), 5));
        c.put("baselineHeapBytes", calibration.baselineHeapBytes());
        c.put("perTrainingHeapBytes", calibration.perTrainingHeapBytes());
        c.put("systemLoadAverage", round(calibration.systemLoadAverage(), 2));
        c.put("warmUpSeconds", round(calibration.warmUpSeconds(), 3));
        if (calibration.costQuality() != null) {
            c.putObject("costQuality").put("correlation", round(calibration.costQuality().correlation(), 3))
                    .put("draws", calibration.costQuality().draws());
        }
        ArrayNode runs = c.putArray("runs");
        for (ProbeRun r : calibration.runs()) {
            ObjectNode run = runs.addObject();
            run.set("params", m.valueToTree(r.params()));
            run.put("rows", r.rows()).put("seconds", round(r.seconds(), 5));
        }
        if (calibration.spreads() != null) {
            // What each source of error alone makes of the range: its 90th over its 10th percentile.
            c.putObject("rangeSpread").put("costLaw", round(calibration.spreads().costLaw(), 3))
                    .put("sampler", round(calibration.spreads().sampler(), 3))
                    .put("runScatter", round(calibration.spreads().scatter(), 3))
                    .put("machineSpeed", round(calibration.spreads().machine(), 3))
                    .put("pruner", round(calibration.spreads().pruner(), 3));
        }
        if (calibration.costModel() != null) {
            CostModel model = calibration.costModel();
            ObjectNode cm = c.putObject("costModel");
            cm.put("law", "log seconds = intercept + rowsExponent * log rows + sum(exponent * log driver)"
                    + " + rowsByCost * (log rows - meanLogRows) * (cost - meanCost), cost = sum(prior * log driver)");
            cm.put("intercept", round(model.intercept(), 4));
            cm.put("rowsExponent", round(model.rowsExponent(), 4));
            cm.put("rowsExponentSe", round(model.rowsExponentSe(), 4));
            cm.put("rowsByCost", round(model.rowsByCost(), 4));
            cm.put("meanLogRows", round(model.meanLogRows(), 4));
            cm.put("meanCost", round(model.meanCost(), 4));
            cm.put("residualSd", round(model.residualSd(), 4));
            ObjectNode ex = cm.putObject("exponents");
            for (int i = 0; i < model.drivers().size(); i++) {
                ex.put(model.drivers().get(i), round(model.exponents()[i], 4));
            }
        }
        if (fullCorpus != null) {
            ObjectNode f = o.putObject("fullCorpus");
            f.put("source", fullCorpus.source());
            f.put("rows", fullCorpus.rows());
            f.put("sampleRows", fullCorpus.sampleRows());
            f.put("rowsExponent", round(fullCorpus.rowsExponent(), 4));
            f.put("topK", fullCorpus.topK());
            f.put("secondsPerRun", round(fullCorpus.secondsPerRun(), 3));
            f.put("seconds", round(fullCorpus.seconds(), 3));
            f.put("lowSeconds", round(fullCorpus.lowSeconds(), 3));
            f.put("highSeconds", round(fullCorpus.highSeconds(), 3));
            f.put("peakMemoryBytes", fullCorpus.peakMemoryBytes());
            var timed = f.putArray("timed");
            fullCorpus.timed().forEach(r -> timed.addObject().put("rows", r.rows()).put("seconds", round(r.seconds(), 4)));
        }
        if (!origins.isEmpty()) {
            ObjectNode from = o.putObject("settingsFrom");
            inSettingOrder(origins).forEach(from::put);
        }
        if (!warnings.isEmpty()) {
            warnings.forEach(o.putArray("warnings")::add);
        }
        if (!notes.isEmpty()) {
            notes.forEach(o.putArray("notes")::add);
        }
        if (!stages.isEmpty()) {
            ArrayNode list = o.putArray("stages");
            for (StageEstimate st : stages) {
                ObjectNode n = list.addObject().put("name", st.name());
                if (st.study() != null) {
                    n.put("study", st.study()).put("trials", st.trials()).put("finishedTrials", st.finishedTrials())
                            .put("sampler", st.sampler()).put("pruner", st.pruner());
                }
                n.put("expectedSeconds", round(st.expectedSeconds(), 3)).put("lowSeconds", round(st.lowSeconds(), 3))
                        .put("highSeconds", round(st.highSeconds(), 3));
            }
        }
        o.put("cpuHours", round(cpuHours, 5));
        if (cost != null) {
            o.put("cost", round(cost, 4));
        }
        o.put("generated", Instant.now().toString());
        return o;
    }

    /** Writes the JSON through a temporary file and a move, so a reader never sees half a file. */
    public void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(file, out -> json.writeValue(out, toJson()));
    }

    /** The console table and summary lines (the {@link #warnings} are for the caller to log as warnings). */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        String progress = finishedTrials > trials
                ? String.format(Locale.ROOT, "%d trials finished, the target is %d", finishedTrials, trials)
                : String.format(Locale.ROOT, "%d of %d trials finished", finishedTrials, trials);
        out.add(String.format(Locale.ROOT, "Study '%s': %s, pruner %s (%s), %s, %d to run, %s, %s", study, trainer,
                pruner, prunerMath, progress, remainingTrials, folds == 1 ? "1 validation split" : folds + " folds",
                jobs == 1 ? "1 job" : jobs + " jobs"));
        out.add(String.format(Locale.ROOT, "%8s %7s %8s %9s %8s %8s %9s %9s", "budget", "rows", "planned",
                "trials", "runs", "stopped", "s/run", "seconds"));
        for (BudgetRow r : budgets) {
            out.add(String.format(Locale.ROOT, "%8s %7d %8d %9.1f %8.1f %8.1f %9.4f %9.1f", plain(r.budget()),
                    r.rows(), r.plannedRuns(), r.expectedTrials(), r.expectedRuns(), r.expectedStopped(),
                    r.secondsPerRun(), r.seconds()));
        }
        out.add(String.format(Locale.ROOT, "%8s %7s %8d %9s %8.1f %8.1f %9s %9.1f", "total", "", plannedRuns,
                "", expectedRuns, expectedStopped, "", budgets.stream().mapToDouble(BudgetRow::seconds).sum()));
        out.add(String.format(Locale.ROOT, "Expected wall time %s (%.1f s, 10-90%%: %.1f-%.1f s; parallelism %.2f of"
                        + " %s%s), peak heap %s, disk %s", duration(expectedSeconds), expectedSeconds,
                lowSeconds, highSeconds, calibration.parallelism(), jobs == 1 ? "1 job" : jobs + " jobs",
                calibration.speedupMeasured() ? ", measured" : "",
                MemorySize.format(peakMemoryBytes), MemorySize.format(diskBytes)));
        if (fullCorpus != null) {
            // A corpus given as a row count is named by it once, a file by its name and rows.
            String corpus = fullCorpus.source().equals(Long.toString(fullCorpus.rows())) ? ""
                    : fullCorpus.source() + ", ";
            List<CorpusRun> timed = fullCorpus.timed();
            String how = timed.size() < 2 ? "" : String.format(Locale.ROOT, ", timed on it at %d-%d rows",
                    timed.get(0).rows(), timed.get(timed.size() - 1).rows());
            out.add(String.format(Locale.ROOT, "Full corpus (%s%d rows): top %d re-run %s (%.1f s, %.1f-%.1f s),"
                            + " %.2f s/run = sample x (%d / %d)^%.2f%s, peak heap %s", corpus,
                    fullCorpus.rows(), fullCorpus.topK(), duration(fullCorpus.seconds()), fullCorpus.seconds(),
                    fullCorpus.lowSeconds(), fullCorpus.highSeconds(), fullCorpus.secondsPerRun(), fullCorpus.rows(),
                    fullCorpus.sampleRows(), fullCorpus.rowsExponent(), how,
                    MemorySize.format(fullCorpus.peakMemoryBytes())));
        }
        for (StageEstimate st : stages) {
            out.add(st.study() == null
                    ? String.format(Locale.ROOT, "Stage %s: one training on the tuning rows, %.1f s", st.name(),
                    st.expectedSeconds())
                    : String.format(Locale.ROOT, "Stage %s (study '%s', %s, pruner %s, %d of %d trials finished):"
                            + " %s (%.1f s, 10-90%%: %.1f-%.1f s)", st.name(), st.study(), st.sampler(), st.pruner(),
                    st.finishedTrials(), st.trials(), duration(st.expectedSeconds()), st.expectedSeconds(),
                    st.lowSeconds(), st.highSeconds()));
        }
        if (!origins.isEmpty()) {
            out.add("Settings: " + String.join(", ", inSettingOrder(origins).entrySet().stream()
                    .map(e -> e.getKey() + " from " + e.getValue()).toList()));
        }
        out.add(String.format(Locale.ROOT, "Calibration: seconds/run ~ rows^%.2f%s from %d probe budgets x %d "
                        + "draws (%.1f s), cold-JVM warm-up %.2f s; load average %.2f",
                calibration.costModel() == null ? calibration.time().b() : calibration.costModel().rowsExponent(),
                drivers(), calibration.probe().size(), calibration.probeDraws(), calibration.probeSeconds(),
                calibration.warmUpSeconds(), calibration.systemLoadAverage()));
        if (cost != null) {
            out.add(String.format(Locale.ROOT, "Cost: %.4f CPU-hours, %.4f at the given costPerCpuHour", cpuHours,
                    cost));
        }
        out.addAll(notes);
        return out;
    }

    private String drivers() {
        CostModel m = calibration.costModel();
        if (m == null || m.drivers().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < m.drivers().size(); i++) {
            parts.add(String.format(Locale.ROOT, "%s^%.2f", m.drivers().get(i), m.exponents()[i]));
        }
        return " x " + String.join(" x ", parts);
    }

    static String duration(double seconds) {
        Duration d = Duration.ofMillis(Math.round(seconds * 1000));
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        }
        return String.format(Locale.ROOT, "%.1fs", seconds);
    }

    private static String plain(double b) {
        return java.math.BigDecimal.valueOf(b).stripTrailingZeros().toPlainString();
    }

    private static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** The settings the origins name, in one order whatever order the goal resolved them in. */
    static Map<String, String> inSettingOrder(Map<String, String> origins) {
        List<String> order = List.of("trials", "budgets", "folds", "topK");
        Map<String, String> out = new TreeMap<>(Comparator
                .comparingInt((String k) -> order.contains(k) ? order.indexOf(k) : order.size())
                .thenComparing(Comparator.naturalOrder()));
        out.putAll(origins);
        return out;
    }
}
