package dev.tuner.tribuo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What drives the training time of each built-in trainer, besides its rows: the hyperparameters that multiply the
 * work (trees, depth, epochs, kernel...) and the number of classes where the trainer fits one model per class.
 * The estimate fits how strongly each driver counts on this machine; this class only says which they are and
 * how they are usually shaped (docs/estimate.md lists them).
 *
 * <p>Tree depth is taken as effective depth: a tree cannot grow deeper than about {@code log2(rows / leaf size)},
 * so {@code maxDepth = 20} on 500 rows costs what {@code maxDepth = 8} does.
 */
final class TrainerCosts {
    private TrainerCosts() {
    }

    /**
     * @param params  resolved values (every declared parameter present, see {@link TrainerDefinition#resolve})
     * @param rows    training rows of the run
     * @param classes classes of a classification target, 1 for regression
     * @return the drivers, empty for a trainer without known drivers
     */
    static List<CostDriver> of(String trainer, TaskType task, Map<String, Object> params, int rows, int classes) {
        BuiltInTrainer.Values v = new BuiltInTrainer.Values(trainer, params);
        List<CostDriver> out = new ArrayList<>();
        // Trainers that fit one model (or one tree per round) per class when there are more than two classes.
        double perClass = task == TaskType.CLASSIFICATION && classes > 2 ? classes : 1;
        switch (trainer) {
            case "xgboost" -> {
                out.add(new CostDriver("numTrees", v.integer("numTrees"), 1));
                out.add(new CostDriver("depth", effectiveDepth(v.integer("maxDepth"), v.real("minChildWeight"), rows), 1));
                classes(out, task, perClass);
                out.add(new CostDriver("sampled", v.real("subsample") * v.real("colsample"), 0.5));
                out.add(new CostDriver("dart", v.choice("booster", "gbtree", "dart").equals("dart") ? 2 : 1, 1));
                if (task == TaskType.CLASSIFICATION) {
                    // With a logistic or softmax loss the rows' hessians shrink as the model grows confident, so
                    // later rounds stop splitting at minChildWeight: a larger learning rate gets there in fewer
                    // rounds and the remaining trees are stumps. Fitted on two studies of 40 XGBoost trials, the
                    // exponent of eta was -0.24 and -0.44 beside those of the trees and depth.
                    out.add(new CostDriver("eta", v.real("eta"), -0.3));
                }
            }
            case "random-forest", "extra-trees" -> {
                out.add(new CostDriver("numTrees", v.integer("numTrees"), 1));
                out.add(new CostDriver("depth", effectiveDepth(v.integer("maxDepth"), v.real("minChildWeight"), rows), 1));
                out.add(new CostDriver("fractionFeaturesInSplit", v.real("fractionFeaturesInSplit"), 1));
            }
            case "cart" -> {
                out.add(new CostDriver("depth", effectiveDepth(v.integer("maxDepth"), v.real("minChildWeight"), rows), 1));
                out.add(new CostDriver("fractionFeaturesInSplit", v.real("fractionFeaturesInSplit"), 1));
            }
            case "logistic", "linear-sgd" -> {
                out.add(new CostDriver("epochs", v.integer("epochs"), 1));
                classes(out, task, perClass);
                // Larger minibatches merge gradients before each update: fewer, cheaper updates per row.
                out.add(new CostDriver("minibatchSize", v.integer("minibatchSize"), -0.2));
            }
            case "fm" -> {
                out.add(new CostDriver("epochs", v.integer("epochs"), 1));
                out.add(new CostDriver("factorizedDimension", v.integer("factorizedDimension"), 1));
                classes(out, task, perClass);
            }
            case "liblinear" -> {
                // Weaker regularisation (higher cost) and a tighter tolerance take more solver iterations.
                out.add(new CostDriver("cost", v.real("cost"), 0.3));
                out.add(new CostDriver("epsilon", v.real("epsilon"), -0.3));
                classes(out, task, perClass);
            }
            case "libsvm" -> {
                out.add(new CostDriver("cost", v.real("cost"), 0.3));
                String kernel = v.choice("kernel", "linear", "poly", "rbf", "sigmoid");
                out.add(new CostDriver("poly", kernel.equals("poly") ? v.integer("degree") : 1, 1));
                // One-against-one: k(k-1)/2 binary machines, each on about 2/k of the rows.
                classes(out, task, perClass > 1 ? perClass - 1 : 1);
            }
            default -> {
                // naive-bayes and knn: one pass over the rows whatever the parameters (knn's cost is in prediction,
                // which depends on the validation rows, not on the budget).
            }
        }
        return out;
    }

    /**
     * The classes driver, for classification only: a regression has no classes, and a driver fixed at 1 would only
     * show in its calibration line as {@code classes^1.00}.
     */
    private static void classes(List<CostDriver> out, TaskType task, double value) {
        if (task == TaskType.CLASSIFICATION) {
            out.add(new CostDriver("classes", value, 1));
        }
    }

    private static double effectiveDepth(int maxDepth, double minChildWeight, int rows) {
        double grown = Math.log(Math.max(2.0, rows / Math.max(1.0, minChildWeight))) / Math.log(2);
        return Math.max(1, Math.min(maxDepth, grown));
    }
}
