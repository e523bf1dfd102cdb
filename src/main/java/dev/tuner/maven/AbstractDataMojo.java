package dev.tuner.maven;

import dev.tuner.study.Preset;
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

    /** Folds of cross-validation at each budget (default 3, or the preset's); 1 is a single validation split. */
    @Parameter(property = "tuner.folds")
    protected Integer folds;

    /**
     * quick, conservative or aggressive: trials, budgets, folds and topK at once (docs/configuration.md); a value set
     * explicitly, as an element or a property, wins over the preset.
     */
    @Parameter(property = "tuner.preset")
    protected String preset;

    /** Where each study setting came from (element, property, preset, default), filled as they are resolved. */
    protected final Map<String, String> origins = Preset.origins();

    /** Seed of sampling, splits and trainers. */
    @Parameter(property = "tuner.seed", defaultValue = "42")
    protected long seed;

    /** Where the goals write their reports ({@code trials.csv}, {@code best.json}, ...). */
    @Parameter(property = "tuner.outputDirectory", defaultValue = OUTPUT_DIRECTORY)
    protected File outputDirectory;

    /** The request {@code gate} passes on: only the data, its split and the objectives are set. */
    protected TuningRequest dataRequest() {
        return new TuningRequest(dataset, null, null, getClass().getClassLoader(), Map.of(), objectives, 1, null, null,
                List.of(1.0), folds(), 1, seed, null, null, null);
    }

    protected int folds() {
        return Preset.resolve("folds", folds, explicitFrom("folds"), Preset.parse(preset),
                Preset.parse(preset) == null ? null : Preset.parse(preset).folds(), Preset.DEFAULT_FOLDS, origins);
    }

    /**
     * How an explicit value of {@code <element>} was given, as Maven resolved it: the element in the POM's plugin
     * configuration wins over the command line (a {@code -Dtuner.element} next to it is ignored, with a warning), the
     * command line over a POM property.
     */
    protected String explicitFrom(String element) {
        return sourceOf(element, writtenInPluginConfiguration(element), givenOnCommandLine("tuner." + element),
                project != null && project.getProperties().getProperty("tuner." + element) != null);
    }

    static String sourceOf(String element, boolean inConfiguration, boolean onCommandLine, boolean asPomProperty) {
        if (!inConfiguration && onCommandLine) {
            return "-Dtuner." + element;
        }
        if (!inConfiguration && asPomProperty) {
            return "<properties><tuner." + element + ">";
        }
        return "<" + element + ">";
    }
}
