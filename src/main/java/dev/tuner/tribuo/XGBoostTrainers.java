package dev.tuner.tribuo;

import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer.BoosterType;
import org.tribuo.common.xgboost.XGBoostTrainer.LoggingVerbosity;
import org.tribuo.common.xgboost.XGBoostTrainer.TreeMethod;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

import java.util.List;

/** Gradient-boosted trees by the XGBoost native library, with one thread per training run. */
final class XGBoostTrainers {
    private static final int THREADS = 1;

    private XGBoostTrainers() {
    }

    static BuiltInTrainer classification() {
        return new BuiltInTrainer("xgboost", TaskType.CLASSIFICATION, specs(),
                (v, seed) -> new XGBoostClassificationTrainer(booster(v), TreeMethod.AUTO, v.integer("numTrees"),
                        v.real("eta"), v.real("gamma"), v.integer("maxDepth"), v.real("minChildWeight"),
                        v.real("subsample"), v.real("colsample"), v.real("lambda"), v.real("alpha"), THREADS,
                        LoggingVerbosity.SILENT, seed));
    }

    /** Squared-error boosting. */
    static BuiltInTrainer regression() {
        return new BuiltInTrainer("xgboost", TaskType.REGRESSION, specs(),
                (v, seed) -> new XGBoostRegressionTrainer(booster(v), TreeMethod.AUTO,
                        XGBoostRegressionTrainer.RegressionType.LINEAR, v.integer("numTrees"), v.real("eta"),
                        v.real("gamma"), v.integer("maxDepth"), v.real("minChildWeight"), v.real("subsample"),
                        v.real("colsample"), v.real("lambda"), v.real("alpha"), THREADS, LoggingVerbosity.SILENT,
                        seed));
    }

    private static BoosterType booster(BuiltInTrainer.Values v) {
        return v.choice("booster", "gbtree", "dart").equals("dart") ? BoosterType.DART : BoosterType.GBTREE;
    }

    private static List<HyperparameterSpec> specs() {
        return List.of(
                HyperparameterSpec.integer("numTrees", 50, "int(20, 300)", "Boosting rounds (trees).").within(HyperparameterSpec.Range.atLeast(1)),
                HyperparameterSpec.floating("eta", 0.3, "log(0.01, 0.3)", "Learning rate: shrinkage of each tree.").within(HyperparameterSpec.Range.FRACTION),
                HyperparameterSpec.integer("maxDepth", 6, "int(2, 10)", "Deepest level of each tree.").within(HyperparameterSpec.Range.atLeast(1)),
                HyperparameterSpec.floating("subsample", 1.0, "float(0.5, 1.0)", "Share of rows each tree sees.").within(HyperparameterSpec.Range.FRACTION),
                HyperparameterSpec.floating("colsample", 1.0, "float(0.5, 1.0)",
                        "Share of features each tree sees.").within(HyperparameterSpec.Range.FRACTION),
                HyperparameterSpec.floating("minChildWeight", 1.0, "log(0.1, 10.0)",
                        "Least sum of instance weight (hessian) in a leaf.").within(HyperparameterSpec.Range.NON_NEGATIVE),
                HyperparameterSpec.floating("gamma", 0.0, "float(0.0, 5.0)",
                        "Least loss reduction for a further split.").within(HyperparameterSpec.Range.NON_NEGATIVE),
                HyperparameterSpec.floating("lambda", 1.0, "log(0.01, 10.0)", "L2 penalty on leaf weights.").within(HyperparameterSpec.Range.NON_NEGATIVE),
                HyperparameterSpec.floating("alpha", 0.0, "float(0.0, 1.0)", "L1 penalty on leaf weights.").within(HyperparameterSpec.Range.NON_NEGATIVE),
                HyperparameterSpec.choice("booster", "gbtree", "choice(gbtree, dart)",
                        "gbtree, or dart (trees dropped out at random while boosting)."));
    }
}
