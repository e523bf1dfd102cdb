package dev.tuner.tribuo;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

import java.util.Arrays;
import java.util.List;

/**
 * A random forest regressor (Tribuo's bagged CART trees, averaged) fitted on plain rows of numbers: the surrogate
 * model that the report's parameter importance permutes. Lives here because only this package imports Tribuo.
 */
public final class SurrogateForest {
    private static final String TARGET = "objective";
    private final Model<Regressor> model;
    private final String[] features;

    private SurrogateForest(Model<Regressor> model, String[] features) {
        this.model = model;
        this.features = features;
    }

    /**
     * Fits {@code trees} CART regression trees on bootstrap samples of ({@code x}, {@code y}), each split choosing
     * among a random two thirds of the columns (at least one), deterministically for a seed. With one column there is
     * nothing to subsample: plain bagging, which is what a random forest of one column is (Tribuo's
     * RandomForestTrainer refuses a tree that looks at every feature at each split).
     *
     * @param names column names of {@code x}
     */
    public static SurrogateForest fit(List<String> names, double[][] x, double[] y, int trees, long seed) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("a surrogate needs at least two rows with one target each");
        }
        TribuoLogging.quiet();
        String[] features = names.stream().map(n -> "p:" + n).toArray(String[]::new);
        MutableDataset<Regressor> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("trials", new RegressionFactory()), new RegressionFactory());
        for (int i = 0; i < x.length; i++) {
            data.add(example(features, x[i], y[i]));
        }
        float fraction = features.length == 1 ? 1f : Math.max(1f / features.length, 2f / 3f);
        CARTRegressionTrainer tree = new CARTRegressionTrainer(Integer.MAX_VALUE, 2f, 0f, fraction, false,
                new MeanSquaredError(), seed);
        Trainer<Regressor> forest = features.length == 1
                ? new BaggingTrainer<>(tree, new AveragingCombiner(), trees, seed)
                : new RandomForestTrainer<>(tree, new AveragingCombiner(), trees, seed);
        return new SurrogateForest(forest.train(data), features);
    }

    /** The forest's prediction for one row. */
    public double predict(double[] row) {
        return model.predict(example(features, row, Double.NaN)).getOutput().getValues()[0];
    }

    private static Example<Regressor> example(String[] features, double[] row, double y) {
        return new ArrayExample<>(new Regressor(TARGET, y), features, Arrays.copyOf(row, row.length));
    }
}
