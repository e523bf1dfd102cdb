package dev.tuner.maven;

import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tuning.TuningRequest;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data and its split, shared by every goal that reads the CSV: {@code gate} needs exactly these (the held-out
 * rows, split as {@code tune} split them, and the metric of the default rule); the study goals add the trainer and
 * the study ({@link AbstractTrainerMojo}).
 */
public abstract class AbstractDataMojo extends AbstractTunerMojo {

    /** The data: {@code <path>}, {@code <target>}, {@code <testFraction>}, {@code <task>}, {@code <textColumns>}. */
    @Parameter
    protected DatasetSpec dataset;

    /** Metrics to optimize, e.g. {@code accuracy} or {@code model-size:min}; default accuracy / rmse. */
    @Parameter
    protected List<String> objectives = new ArrayList<>();

    /** Folds of cross-validation at each budget. */
    @Parameter(property = "tuner.folds", defaultValue = "3")
    protected int folds;

    /** Seed of sampling, splits and trainers. */
    @Parameter(property = "tuner.seed", defaultValue = "42")
    protected long seed;

    /** Where the goals write their reports ({@code trials.csv}, {@code best.json}, ...). */
    @Parameter(property = "tuner.outputDirectory", defaultValue = OUTPUT_DIRECTORY)
    protected File outputDirectory;

    /** The request {@code gate} passes on: only the data, its split and the objectives are set. */
    protected TuningRequest dataRequest() {
        return new TuningRequest(dataset, null, null, getClass().getClassLoader(), Map.of(), objectives, 1, null, null,
                List.of(1.0), folds, 1, seed, null, null, null);
    }
}
