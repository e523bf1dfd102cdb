package dev.tuner.tribuo;

import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.AdaGradRDA;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.math.optimisers.RMSProp;
import org.tribuo.math.optimisers.SGD;

import java.util.ArrayList;
import java.util.List;

/** The hyperparameters shared by Tribuo's SGD trainers, and the optimiser they choose. */
final class SgdOptimisers {
    /** Tribuo logs the loss every this many examples; a large interval keeps the build log quiet. */
    static final int LOGGING_INTERVAL = Integer.MAX_VALUE;
    private static final double ADAGRAD_EPSILON = 0.1;

    private SgdOptimisers() {
    }

    /**
     * optimiser, learningRate, epochs, minibatchSize; with {@code regularised}, also l1 and l2, which only the
     * adagrad-rda optimiser applies (Tribuo's other optimisers have no penalty terms).
     */
    static List<HyperparameterSpec> specs(double defaultLearningRate, int defaultEpochs, boolean regularised) {
        List<HyperparameterSpec> specs = new ArrayList<>();
        specs.add(HyperparameterSpec.choice("optimiser", "adagrad",
                regularised ? "choice(adagrad, adagrad-rda, adam, rmsprop, sgd)" : "choice(adagrad, adam, rmsprop, sgd)",
                "Gradient optimiser: adagrad, adam, rmsprop, sgd (linear decay)"
                        + (regularised ? " or adagrad-rda (AdaGrad with l1/l2 penalties)." : ".")));
        specs.add(HyperparameterSpec.floating("learningRate", defaultLearningRate, "log(0.001, 1.0)",
                "Initial learning rate of the optimiser.").within(HyperparameterSpec.Range.POSITIVE));
        specs.add(HyperparameterSpec.integer("epochs", defaultEpochs, "int(5, 50)",
                "Passes over the training rows.").within(HyperparameterSpec.Range.atLeast(1)));
        specs.add(HyperparameterSpec.integer("minibatchSize", 1, "intlog(1, 64)",
                "Rows per gradient step.").within(HyperparameterSpec.Range.atLeast(1)));
        if (regularised) {
            specs.add(HyperparameterSpec.floating("l1", 0.0, "float(0.0, 0.01)",
                    "L1 penalty per update; used by optimiser adagrad-rda only.").within(HyperparameterSpec.Range.NON_NEGATIVE));
            specs.add(HyperparameterSpec.floating("l2", 0.0, "float(0.0, 0.01)",
                    "L2 penalty per update; used by optimiser adagrad-rda only.").within(HyperparameterSpec.Range.NON_NEGATIVE));
        }
        return specs;
    }

    static StochasticGradientOptimiser optimiser(BuiltInTrainer.Values values) {
        double rate = values.real("learningRate");
        boolean regularised = values.params().containsKey("l1");
        String[] allowed = regularised
                ? new String[]{"adagrad", "adagrad-rda", "adam", "rmsprop", "sgd"}
                : new String[]{"adagrad", "adam", "rmsprop", "sgd"};
        return switch (values.choice("optimiser", allowed)) {
            case "adagrad" -> new AdaGrad(rate, ADAGRAD_EPSILON);
            // numExamples = 1: the penalties apply as given at every update.
            case "adagrad-rda" -> new AdaGradRDA(rate, ADAGRAD_EPSILON, values.real("l1"), values.real("l2"), 1);
            case "adam" -> new Adam(rate, 0.9, 0.999, 1e-8);
            case "rmsprop" -> new RMSProp(rate, 0.9);
            default -> SGD.getLinearDecaySGD(rate);
        };
    }
}
