package dev.tuner.tribuo;

import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.libsvm.LibSVMClassificationTrainer;
import org.tribuo.classification.libsvm.SVMClassificationType;
import de.bwaldvogel.liblinear.Linear;
import libsvm.svm;
import org.tribuo.Output;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.common.libsvm.SVMType;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.libsvm.LibSVMRegressionTrainer;
import org.tribuo.regression.libsvm.SVMRegressionType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** LIBLINEAR's linear models and LIBSVM's kernel machines. Both are sensitive to feature scale. */
final class SvmTrainers {
    private static final String[] LIBLINEAR_SOLVERS = {"l2r_l2loss_svc_dual", "l2r_l2loss_svc", "l2r_l1loss_svc_dual",
            "mcsvm_cs", "l1r_l2loss_svc", "l1r_lr", "l2r_lr", "l2r_lr_dual"};
    private static final int LIBLINEAR_MAX_ITERATIONS = 1000;

    static {
        // Both libraries print their solver progress to stdout by default, which would flood the build log.
        svm.svm_set_print_string_function(message -> { });
        Linear.disableDebugOutput();
    }

    private SvmTrainers() {
    }

    static BuiltInTrainer liblinear() {
        List<HyperparameterSpec> specs = List.of(
                HyperparameterSpec.choice("solver", "l2r_l2loss_svc_dual",
                        "choice(l2r_l2loss_svc_dual, l2r_lr, l1r_lr, mcsvm_cs)",
                        "LIBLINEAR solver (Tribuo's LinearType in lower case): " + String.join(", ", LIBLINEAR_SOLVERS)
                                + "."),
                HyperparameterSpec.floating("cost", 1.0, "log(0.001, 100.0)",
                        "Cost of constraint violation (inverse regularisation strength).").within(HyperparameterSpec.Range.POSITIVE),
                HyperparameterSpec.floating("epsilon", 0.01, "log(0.0001, 0.1)", "Stopping tolerance.").within(HyperparameterSpec.Range.POSITIVE),
                FeatureScaling.spec());
        return new BuiltInTrainer("liblinear", TaskType.CLASSIFICATION, specs, (v, seed) -> {
            LinearClassificationType.LinearType solver = LinearClassificationType.LinearType.valueOf(
                    v.choice("solver", LIBLINEAR_SOLVERS).toUpperCase(Locale.ROOT));
            return FeatureScaling.apply(new LibLinearClassificationTrainer(new LinearClassificationType(solver),
                    v.real("cost"), LIBLINEAR_MAX_ITERATIONS, v.real("epsilon"), seed), v);
        }).probabilitiesOnlyWhen(v -> v.choice("solver", LIBLINEAR_SOLVERS).contains("_lr")); // logistic solvers
    }

    /** C-SVC; scores are decision values (LIBSVM's probability estimates would cost an inner cross-validation). */
    static BuiltInTrainer libsvmClassification() {
        return new BuiltInTrainer("libsvm", TaskType.CLASSIFICATION, kernelSpecs(false),
                (v, seed) -> FeatureScaling.apply(new LibSVMClassificationTrainer(
                        kernelParameters(new SVMClassificationType(SVMClassificationType.SVMMode.C_SVC), v), seed), v))
                .probabilitiesOnlyWhen(v -> false);
    }

    /** Epsilon-SVR on standardized targets. */
    static BuiltInTrainer libsvmRegression() {
        return new BuiltInTrainer("libsvm", TaskType.REGRESSION, kernelSpecs(true), (v, seed) -> {
            SVMParameters<Regressor> parameters =
                    kernelParameters(new SVMRegressionType(SVMRegressionType.SVMMode.EPSILON_SVR), v);
            parameters.setEpsilon(v.real("epsilon"));
            return FeatureScaling.apply(new LibSVMRegressionTrainer(parameters, true, seed), v);
        });
    }

    private static <T extends Output<T>> SVMParameters<T> kernelParameters(SVMType<T> type,
                                                                                     BuiltInTrainer.Values v) {
        KernelType kernel = KernelType.valueOf(
                v.choice("kernel", "linear", "poly", "rbf", "sigmoid").toUpperCase(Locale.ROOT));
        SVMParameters<T> parameters = new SVMParameters<>(type, kernel);
        // Set directly: SVMParameters.setCost logs a spurious warning for epsilon-SVR, which does use C.
        parameters.getParameters().C = v.real("cost");
        parameters.setGamma(v.real("gamma"));
        parameters.setDegree(v.integer("degree"));
        parameters.setCoeff(v.real("coef0"));
        return parameters;
    }

    private static List<HyperparameterSpec> kernelSpecs(boolean regression) {
        List<HyperparameterSpec> specs = new ArrayList<>(List.of(
                HyperparameterSpec.choice("kernel", "rbf", "choice(linear, poly, rbf, sigmoid)", "Kernel function."),
                HyperparameterSpec.floating("cost", 1.0, "log(0.01, 100.0)", "Cost of constraint violation (C).").within(HyperparameterSpec.Range.POSITIVE),
                HyperparameterSpec.floating("gamma", 0.1, "log(0.001, 10.0)",
                        "Kernel coefficient of rbf, poly and sigmoid.").within(HyperparameterSpec.Range.NON_NEGATIVE),
                HyperparameterSpec.integer("degree", 3, "int(2, 5)", "Degree of the poly kernel.").within(HyperparameterSpec.Range.atLeast(1)),
                HyperparameterSpec.floating("coef0", 0.0, "float(0.0, 1.0)",
                        "Constant term of the poly and sigmoid kernels.")));
        if (regression) {
            specs.add(HyperparameterSpec.floating("epsilon", 0.1, "log(0.001, 1.0)",
                    "Width of the tube within which errors are not penalised (in standardized target units).").within(HyperparameterSpec.Range.NON_NEGATIVE));
        }
        specs.add(FeatureScaling.spec());
        return specs;
    }
}
