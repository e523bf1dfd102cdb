package dev.tuner.tribuo;

import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.Entropy;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.dtree.impurity.LabelImpurity;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.ExtraTreesTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

import java.util.ArrayList;
import java.util.List;

/** Decision trees (CART) and their ensembles. Trees need no feature scaling. */
final class TreeTrainers {
    private TreeTrainers() {
    }

    static BuiltInTrainer classificationTree() {
        return new BuiltInTrainer("cart", TaskType.CLASSIFICATION,
                treeSpecs(5.0, 1.0, "float(0.1, 1.0)", true),
                (v, seed) -> labelTree(v, false, seed))
                // Tribuo's tree model says its scores are not probabilities (a leaf's are 0 or 1), so no log-loss.
                .probabilitiesOnlyWhen(v -> false);
    }

    /** Bagged CART trees, each split choosing among a random subset of features. */
    static BuiltInTrainer randomForest() {
        List<HyperparameterSpec> specs = new ArrayList<>(List.of(numTrees()));
        // Tribuo's random forest requires a feature subset strictly below 1.
        specs.addAll(treeSpecs(1.0, 0.5, "float(0.1, 0.9)", true));
        return new BuiltInTrainer("random-forest", TaskType.CLASSIFICATION, specs,
                (v, seed) -> new RandomForestTrainer<>(labelTree(v, false, seed), new FullyWeightedVotingCombiner(),
                        v.integer("numTrees"), seed));
    }

    /** Extremely randomized trees: random split points, every tree on all rows. */
    static BuiltInTrainer extraTrees() {
        List<HyperparameterSpec> specs = new ArrayList<>(List.of(numTrees()));
        specs.addAll(treeSpecs(1.0, 1.0, "float(0.1, 1.0)", true));
        return new BuiltInTrainer("extra-trees", TaskType.CLASSIFICATION, specs,
                (v, seed) -> new ExtraTreesTrainer<>(labelTree(v, true, seed), new FullyWeightedVotingCombiner(),
                        v.integer("numTrees"), seed));
    }

    static BuiltInTrainer regressionTree() {
        return new BuiltInTrainer("cart", TaskType.REGRESSION, treeSpecs(5.0, 1.0, "float(0.1, 1.0)", false),
                (v, seed) -> new CARTRegressionTrainer(v.integer("maxDepth"), (float) v.real("minChildWeight"),
                        (float) v.real("minImpurityDecrease"), (float) v.real("fractionFeaturesInSplit"), false,
                        new MeanSquaredError(), seed));
    }

    private static CARTClassificationTrainer labelTree(BuiltInTrainer.Values v, boolean randomSplitPoints, long seed) {
        LabelImpurity impurity = v.choice("impurity", "gini", "entropy").equals("gini") ? new GiniIndex() : new Entropy();
        return new CARTClassificationTrainer(v.integer("maxDepth"), (float) v.real("minChildWeight"),
                (float) v.real("minImpurityDecrease"), (float) v.real("fractionFeaturesInSplit"), randomSplitPoints,
                impurity, seed);
    }

    private static HyperparameterSpec numTrees() {
        return HyperparameterSpec.integer("numTrees", 50, "int(10, 200)", "Number of trees in the ensemble.").within(HyperparameterSpec.Range.atLeast(1));
    }

    private static List<HyperparameterSpec> treeSpecs(double defaultMinChildWeight, double defaultFeatureFraction,
                                                      String featureFractionSpace, boolean withImpurity) {
        List<HyperparameterSpec> specs = new ArrayList<>(List.of(
                HyperparameterSpec.integer("maxDepth", 16, "int(2, 20)", "Deepest level a tree may split to.").within(HyperparameterSpec.Range.atLeast(1)),
                HyperparameterSpec.floating("minChildWeight", defaultMinChildWeight, "float(1.0, 20.0)",
                        "Least (weighted) number of rows in a leaf.").within(HyperparameterSpec.Range.NON_NEGATIVE),
                HyperparameterSpec.floating("minImpurityDecrease", 0.0, "float(0.0, 0.1)",
                        "Least impurity decrease for a split to be kept.").within(HyperparameterSpec.Range.NON_NEGATIVE),
                HyperparameterSpec.floating("fractionFeaturesInSplit", defaultFeatureFraction, featureFractionSpace,
                        "Share of the features each split considers.").within(HyperparameterSpec.Range.FRACTION)));
        if (withImpurity) {
            specs.add(HyperparameterSpec.choice("impurity", "gini", "choice(gini, entropy)",
                    "Split criterion: Gini index or entropy."));
        }
        return specs;
    }
}
