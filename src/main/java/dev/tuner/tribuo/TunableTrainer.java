package dev.tuner.tribuo;

import org.tribuo.Trainer;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trainer SPI: a project's own Tribuo trainer, named by class in {@code <trainer>}, that the plugin tunes
 * like a built-in one. The class needs a public no-argument constructor.
 *
 * <p>{@link #create} receives only the parameters a trial sets; {@link TrainerDefinition} fills in the
 * defaults of {@link #hyperparameters()} before calling it, so an implementation may rely on every declared
 * parameter being present (as a Number for FLOAT and INT, a String for CHOICE).
 */
public interface TunableTrainer {
    /** The name shown in reports and used in study fingerprints. */
    String name();

    /** {@link TaskType#CLASSIFICATION} (outputs {@code Label}) or {@link TaskType#REGRESSION} ({@code Regressor}). */
    TaskType task();

    List<HyperparameterSpec> hyperparameters();

    /**
     * A new, unshared trainer for one training run. Use one thread where the library asks for a thread count:
     * the engine runs trials on its own worker threads.
     */
    Trainer<?> create(Map<String, Object> params, long seed);

    /**
     * A new trainer for one run on data whose {@code textColumns} are free text, each word a feature named
     * {@code column@word} ({@code <textColumns>}). The default ignores them; the built-in trainers' {@code scale}
     * leaves those features unscaled (docs/trainers.md, "Feature scaling").
     */
    default Trainer<?> create(Map<String, Object> params, long seed, Set<String> textColumns) {
        return create(params, seed);
    }

    /**
     * The hyperparameters (and data shape) that scale this trainer's training time, for {@code tuner:estimate}; the
     * default, none, makes the estimate scale time with rows only and widen its range (docs/estimate.md).
     *
     * @param params  every declared parameter, resolved as for {@link #create}
     * @param rows    training rows of the run
     * @param classes classes of a classification target, 1 for regression
     */
    default List<CostDriver> costDrivers(Map<String, Object> params, int rows, int classes) {
        return List.of();
    }
}
