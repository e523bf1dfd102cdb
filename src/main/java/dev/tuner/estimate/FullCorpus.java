package dev.tuner.estimate;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.tribuo.TabularData;
import dev.tuner.tuning.TuningRequest;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Re-running the study's top-k on the full corpus after tuning on a sample: {@code full = sample x (fullRows /
 * sampleRows)^b}, where the sample time is the forecast refit of a top trial on every tuning row and {@code b} is the
 * rows exponent the probe's own budgets fitted (not a constant of some other pipeline). Memory: the data held in
 * the heap grows with the rows, and so does one training's peak, by the probe's memory law.
 */
final class FullCorpus {
    private FullCorpus() {
    }

    /**
     * @param fullCorpus a row count, or the path of a second data file (read as the {@code <dataset>} is), or null
     * @return the forecast, or null without {@code fullCorpus}
     * @throws IllegalArgumentException for a value that is neither a positive row count nor a readable file
     */
    static Estimate.FullCorpus of(String fullCorpus, TuningRequest request, TabularData sample, CostModel model,
                                  double sampleSeconds, int sampleRows, int topK, PowerLaw memoryLaw,
                                  long baselineHeap) {
        if (fullCorpus == null || fullCorpus.isBlank()) {
            return null;
        }
        long rows = rows(fullCorpus.strip(), request);
        double ratio = rows / (double) Math.max(1, sampleRows);
        double b = model.rowsExponent();
        double perRun = sampleSeconds * Math.pow(ratio, b);
        // The b the probe could not pin: one standard error either side.
        double low = sampleSeconds * Math.pow(ratio, b - model.rowsExponentSe());
        double high = sampleSeconds * Math.pow(ratio, b + model.rowsExponentSe());
        double dataShare = rows / (double) Math.max(1, sample.size());
        long memory = Math.round(baselineHeap * Math.max(1.0, dataShare) + memoryLaw.at(rows));
        return new Estimate.FullCorpus(fullCorpus.strip(), rows, sampleRows, b, topK, perRun, perRun * topK,
                low * topK, high * topK, memory);
    }

    private static long rows(String text, TuningRequest request) {
        if (text.matches("\\d+")) {
            long rows = Long.parseLong(text);
            if (rows < 1) {
                throw new InvalidSettingException("fullCorpus", text, "must be at least 1 row");
            }
            return rows;
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
        var d = request.dataset();
        return TabularData.load(file, d.getTarget(), dev.tuner.tribuo.TaskType.of(d.getTask()), d.getTextColumns(),
                d.charset()).size();
    }
}
