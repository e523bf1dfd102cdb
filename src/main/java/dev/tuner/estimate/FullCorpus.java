package dev.tuner.estimate;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.study.Objective;
import dev.tuner.tribuo.DataException;
import dev.tuner.tribuo.TabularData;
import dev.tuner.tuning.TribuoSetup;
import dev.tuner.tuning.TuningRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Re-running the study's top-k on the full corpus after tuning on a sample (the seed's "Full Corpus Time = Sample
 * Time x (Full Size / Sample Size)^b"): the sample time is the forecast refit of a top trial on every tuning row; the
 * growth to the full rows is measured where it can be and is not a constant of some other pipeline.
 * <ul>
 *   <li>Given as a second data file, the corpus is at hand and is timed rather than extrapolated to: one of the
 *   probe's configurations, the one that costs about what a top trial is forecast to, is trained on it (all of it,
 *   in one 80/20 validation split) at the sample's tuning rows, then at twice as many and so on while the next run
 *   fits in {@link #TIMING_SHARE} of the study's forecast (at least {@link #MIN_TIMING_SECONDS}); the last fifth of
 *   the rows, or what the allowance left, follows the runs' exponent ({@link #extrapolate}), and a top trial costs
 *   what the model prices it at against that configuration. A sample says little of how a training grows far beyond
 *   its rows: a tree learner's time on a few hundred rows is mostly fixed, and then grows faster than the rows, and
 *   the corpus' time is read on the corpus, not scaled from the sample's forecast.</li>
 *   <li>Given as a row count, the growth is the cost model's ({@link CostModel#secondsBeyond}): the rows exponent the
 *   probe's own budgets fitted, with the part of a training that stays fixed kept apart from the part that grows, and
 *   the drivers at the full rows (a tree can grow deeper on more rows).</li>
 * </ul>
 * Memory: the heap without the data set, plus what the corpus holds (measured for a file, the data set's share scaled
 * by the rows for a count), plus one training's peak at the corpus rows by the probe's memory law.
 */
final class FullCorpus {
    /** Timing on a full corpus file stops before it would take more than this share of the study's forecast... */
    static final double TIMING_SHARE = 0.1;
    /** ...or of this many seconds, whichever is more. */
    static final double MIN_TIMING_SECONDS = 10;
    /** How far the exponent of the runs on the corpus is known, either side: timing noise of about 0.1 in log. */
    static final double DOUBLING_EXPONENT_SE = 0.2;
    /** Runs on the corpus whose rows span less than this factor do not give an exponent of their own. */
    static final double MIN_TIMED_SPAN = 2;
    /** Runs of one rows on the corpus at most... */
    static final int REPEATS = 3;
    /** ...while they have taken less than this many seconds. */
    static final double REPEAT_SECONDS = 0.5;

    private FullCorpus() {
    }

    /**
     * The {@code <fullCorpus>} value read.
     *
     * @param setup the corpus file read as the {@code <dataset>} is, all of it in one validation split (80/20);
     *              null for a row count
     */
    record Source(String text, long rows, TribuoSetup setup) {
    }

    /**
     * @return the source, or null without {@code fullCorpus}
     * @throws IllegalArgumentException for a value that is neither a positive row count nor a readable file
     */
    static Source source(String fullCorpus, TuningRequest request) {
        return source(fullCorpus, request, null);
    }

    /**
     * @param sample the {@code <dataset>} as read, whose feature columns a corpus file must have (null: not checked)
     * @throws InvalidSettingException for a corpus file whose feature columns differ from the sample's: its time would
     *                                 be that of another model
     */
    static Source source(String fullCorpus, TuningRequest request, TabularData sample) {
        if (fullCorpus == null || fullCorpus.isBlank()) {
            return null;
        }
        String text = fullCorpus.strip();
        Path file = file(text);
        if (file == null) {
            return new Source(text, Long.parseLong(text), null);
        }
        // No held-out rows and one validation split: a training on the corpus can take 80% of its rows.
        try {
            TribuoSetup setup = TribuoSetup.of(request.withDataset(request.dataset().withPath(file.toFile(), 0), 1));
            if (sample != null) {
                checkColumns(text, sample.featureColumns().keySet(), setup.data().featureColumns().keySet());
            }
            return new Source(text, setup.data().size(), setup);
        } catch (DataException e) {
            // The file's own problem (a column missing, a cell that does not parse), said of <fullCorpus>.
            throw new DataException("fullCorpus: " + e.getMessage(), e);
        }
    }

    /**
     * How one training's time grows from the tuning rows to the full corpus: over the space's candidates, the cost
     * model's mean seconds at the full rows against its mean at the tuning rows.
     *
     * @param probedRows the smallest and largest rows the probe timed; the model extrapolates beyond the largest
     */
    record Scaling(CostModel model, List<Map<String, Object>> candidates, CostDrivers drivers, double[] probedRows) {

        /** The factor from {@code from} rows to {@code to} rows, with the rows exponent moved by {@code shift}. */
        double factor(int from, long to, double shift) {
            double at = 0;
            double full = 0;
            for (Map<String, Object> c : candidates) {
                at += model.secondsBeyond(from, drivers.of(c, from), probedRows, 0);
                int rows = (int) Math.min(Integer.MAX_VALUE, to);
                full += model.secondsBeyond(to, drivers.of(c, rows), probedRows, shift);
            }
            return at > 0 ? full / at : 1;
        }
    }

    /**
     * Trains {@code draw} on the corpus file (its one validation split) at {@code fromRows} training rows, then
     * twice as many and so on up to the split's training rows, while the next rows, priced as if time grew with the
     * square of the rows, fit in {@code allowanceSeconds}. A cheap training is timed up to {@link #REPEATS} times (while the
     * rows' runs take under {@link #REPEAT_SECONDS}) and its median kept: one run of a few milliseconds is at the
     * mercy of a collection or the scheduler. A training that fails ends the timing: what was timed is kept.
     *
     * @return the rows timed and their seconds; empty for a row count
     */
    static List<Estimate.CorpusRun> time(Source source, Map<String, Object> draw, int fromRows,
                                         double allowanceSeconds, long seed) {
        List<Estimate.CorpusRun> out = new ArrayList<>();
        if (source == null || source.setup() == null) {
            return out;
        }
        Objective objective = source.setup().objective(seed);
        int full = source.setup().splits().trainingRows(0, 1.0).length;
        long start = System.nanoTime();
        double rows = Math.max(1, Math.min(fromRows, full));
        while (true) {
            double budget = Math.min(1.0, rows / full);
            List<Double> runs = new ArrayList<>();
            double spentHere = 0;
            while (runs.size() < REPEATS && (runs.isEmpty() || spentHere < REPEAT_SECONDS)) {
                long t0 = System.nanoTime();
                try {
                    objective.evaluate(draw, budget, 0);
                } catch (Exception e) {
                    return out;
                }
                runs.add((System.nanoTime() - t0) / 1e9);
                spentHere += runs.get(runs.size() - 1);
            }
            double took = CostModel.median(runs.stream().mapToDouble(Double::doubleValue).toArray());
            out.add(new Estimate.CorpusRun(source.setup().splits().trainingRows(0, budget).length, took));
            double next = Math.min(full, 2 * rows);
            double spent = (System.nanoTime() - start) / 1e9;
            if (budget >= 1.0 || spent + took * Math.pow(next / rows, 2) > allowanceSeconds) {
                return out;
            }
            rows = next;
        }
    }

    /**
     * Seconds at {@code rows} from runs of one configuration at growing rows, by the power law fitted (least squares
     * in log) to the last three: within them, that law; beyond them, its exponent {@code b} (moved by {@code shift})
     * as a power law when it is 1 or more, else a fixed part plus one in proportion to the rows, the line through the
     * law's values at the first and last of those runs (see {@link CostModel#secondsBeyond}). Three runs, not the last
     * two: a last step of a few rows (to the fold's size) or one noisy run would swing the exponent.
     */
    static double extrapolate(List<Estimate.CorpusRun> runs, double rows, double shift, double fallbackExponent,
                              double fallbackSpan) {
        List<Estimate.CorpusRun> last = runs.subList(Math.max(0, runs.size() - 3), runs.size());
        double top = last.get(last.size() - 1).rows();
        double span = top / last.get(0).rows();
        PowerLaw law;
        if (span >= MIN_TIMED_SPAN) {
            law = PowerLaw.fit(last.stream().mapToDouble(Estimate.CorpusRun::rows).toArray(),
                    last.stream().mapToDouble(r -> Math.max(1e-6, r.seconds())).toArray());
        } else {
            // Rows too close together to read an exponent from: the probe's, through the last run.
            double seconds = Math.max(1e-6, last.get(last.size() - 1).seconds());
            law = new PowerLaw(seconds / Math.pow(top, fallbackExponent), fallbackExponent);
            span = fallbackSpan;
        }
        if (rows <= top) {
            return law.at(rows);
        }
        double b = Math.max(0, law.b() + shift);
        if (b >= 1) {
            return law.at(top) * Math.pow(rows / top, b);
        }
        return CostModel.fixedPlusLinear(law.at(top), rows, top, b, span);
    }

    /**
     * @param timed    the runs on the corpus file ({@link #time}), empty for a row count (or a first training that
     *                 failed): the cost model's scaling is then used
     * @param relative what a top trial is forecast to cost against the configuration timed on the corpus, at the
     *                 sample's rows
     * @return the forecast, or null without a source
     */
    static Estimate.FullCorpus of(Source source, Scaling scaling, List<Estimate.CorpusRun> timed,
                                  double relative, double sampleSeconds, int sampleRows, int topK,
                                  PowerLaw memoryLaw, Heap heap) {
        if (source == null) {
            return null;
        }
        long rows = source.rows();
        double perRun;
        double low;
        double high;
        CostModel model = scaling.model();
        if (!timed.isEmpty()) {
            // The configuration's own seconds on the corpus, at its rows or beyond them, as a top trial costs.
            double b = model.rowsExponent();
            double span = scaling.probedRows()[1] / Math.max(1, scaling.probedRows()[0]);
            double scatter = Math.exp(model.residualSd());
            perRun = relative * extrapolate(timed, rows, 0, b, span);
            low = relative * extrapolate(timed, rows, -DOUBLING_EXPONENT_SE, b, span) / scatter;
            high = relative * extrapolate(timed, rows, DOUBLING_EXPONENT_SE, b, span) * scatter;
        } else {
            double se = model.rowsExponentSe();
            perRun = sampleSeconds * scaling.factor(sampleRows, rows, 0);
            // The exponent the probe could not pin: one standard error either side.
            low = sampleSeconds * scaling.factor(sampleRows, rows, -se);
            high = sampleSeconds * scaling.factor(sampleRows, rows, se);
        }
        long memory = Math.round(heap.withoutData() + heap.corpusBytes() + memoryLaw.at(rows));
        // The growth as one exponent over the whole step, for the log line and estimate.json.
        double b = rows != sampleRows && sampleRows > 0 && sampleSeconds > 0
                ? Math.log(perRun / sampleSeconds) / Math.log(rows / (double) sampleRows)
                : scaling.model().rowsExponent();
        return new Estimate.FullCorpus(source.text(), rows, sampleRows, b, topK, perRun, perRun * topK,
                Math.min(low, perRun) * topK, Math.max(high, perRun) * topK, memory, List.copyOf(timed));
    }

    /** The same feature columns, in any order: a column more or less would train another model. */
    private static void checkColumns(String text, java.util.Set<String> sample, java.util.Set<String> corpus) {
        List<String> missing = sample.stream().filter(c -> !corpus.contains(c)).toList();
        List<String> extra = corpus.stream().filter(c -> !sample.contains(c)).toList();
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new InvalidSettingException("fullCorpus", text, "its feature columns are not the data set's"
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                    + (extra.isEmpty() ? "" : "; not in the data set: " + String.join(", ", extra)));
        }
    }

    /**
     * The heap of a re-run on the corpus, but for its training's peak (the probe's memory law at the corpus rows).
     *
     * @param withoutData the estimate's heap after reading the data, less what the data holds
     * @param corpusBytes what the corpus holds: measured for a file, the data's share scaled by the rows for a count
     */
    record Heap(long withoutData, long corpusBytes) {
    }

    /** The corpus file named, or null for a row count. */
    private static Path file(String text) {
        if (text.matches("\\d+")) {
            if (Long.parseLong(text) < 1) {
                throw new InvalidSettingException("fullCorpus", text, "must be at least 1 row");
            }
            return null;
        }
        Path file = Path.of(text);
        if (Files.isDirectory(file)) {
            throw new InvalidSettingException("fullCorpus", text, "is a directory; name a data file or a row count");
        }
        if (!Files.isRegularFile(file)) {
            // A number in another form (-5, 1e6, 5,000, 12k) is a count the user meant, not a file name.
            boolean number = text.matches("[-+]?[\\d.,_]+(?:[eE][-+]?\\d+)?[kKmM]?");
            throw new InvalidSettingException("fullCorpus", text, number
                    ? "a row count is a whole number of at least 1, written with digits only (5000)"
                    : "neither a row count nor a file that exists");
        }
        return file;
    }
}
