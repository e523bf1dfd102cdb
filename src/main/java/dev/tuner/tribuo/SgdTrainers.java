package dev.tuner.tribuo;

import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.regression.sgd.RegressionObjective;
import org.tribuo.regression.sgd.objectives.AbsoluteLoss;
import org.tribuo.regression.sgd.objectives.Huber;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

import java.util.ArrayList;
import java.util.List;

/** Tribuo's stochastic-gradient trainers: logistic regression, factorization machines, linear regression. */
final class SgdTrainers {
    private SgdTrainers() {
    }

    /** Multinomial logistic regression (LinearSGDTrainer with LogMulticlass); ONNX-exportable when not scaled. */
    static BuiltInTrainer logistic() {
        List<HyperparameterSpec> specs = new ArrayList<>(SgdOptimisers.specs(1.0, 10, true));
        specs.add(FeatureScaling.spec());
        return new BuiltInTrainer("logistic", TaskType.CLASSIFICATION, specs, (v, seed) -> FeatureScaling.apply(
                new LinearSGDTrainer(new LogMulticlass(), SgdOptimisers.optimiser(v), v.integer("epochs"),
                        SgdOptimisers.LOGGING_INTERVAL, v.integer("minibatchSize"), seed), v));
    }

    /** Factorization machine with a logistic loss: pairwise feature interactions through low-rank factors. */
    static BuiltInTrainer factorizationMachine() {
        List<HyperparameterSpec> specs = new ArrayList<>(SgdOptimisers.specs(0.1, 10, false));
        // Tribuo 4.3.2 fails to merge FM gradients of a minibatch (ClassCastException in FMParameters.merge).
        specs.removeIf(spec -> spec.name().equals("minibatchSize"));
        specs.add(HyperparameterSpec.integer("factorizedDimension", 4, "int(2, 16)",
                "Size of each feature's factor vector (the rank of the interactions).").within(HyperparameterSpec.Range.atLeast(1)));
        specs.add(HyperparameterSpec.floating("variance", 0.1, "log(0.001, 1.0)",
                "Variance of the Gaussian the factors start from.").within(HyperparameterSpec.Range.POSITIVE));
        specs.add(FeatureScaling.spec());
        return new BuiltInTrainer("fm", TaskType.CLASSIFICATION, specs, (v, seed) -> FeatureScaling.apply(
                new FMClassificationTrainer(new LogMulticlass(), SgdOptimisers.optimiser(v), v.integer("epochs"),
                        SgdOptimisers.LOGGING_INTERVAL, 1, seed, v.integer("factorizedDimension"), v.real("variance")), v));
    }

    /** Linear regression by SGD; ONNX-exportable when not scaled. */
    static BuiltInTrainer linearRegression() {
        List<HyperparameterSpec> specs = new ArrayList<>(SgdOptimisers.specs(0.5, 20, true));
        specs.add(HyperparameterSpec.choice("loss", "squared", "choice(squared, huber, absolute)",
                "Loss: squared error, Huber (robust to outliers) or absolute error."));
        specs.add(FeatureScaling.spec());
        return new BuiltInTrainer("linear-sgd", TaskType.REGRESSION, specs, (v, seed) -> {
            RegressionObjective loss = switch (v.choice("loss", "squared", "huber", "absolute")) {
                case "huber" -> new Huber();
                case "absolute" -> new AbsoluteLoss();
                default -> new SquaredLoss();
            };
            return FeatureScaling.apply(new org.tribuo.regression.sgd.linear.LinearSGDTrainer(loss,
                    SgdOptimisers.optimiser(v), v.integer("epochs"), SgdOptimisers.LOGGING_INTERVAL,
                    v.integer("minibatchSize"), seed), v);
        });
    }
}
