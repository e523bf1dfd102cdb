package dev.tuner.tribuo;

import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.math.distance.CosineDistance;
import org.tribuo.math.distance.Distance;
import org.tribuo.math.distance.L1Distance;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;

import java.util.List;

/**
 * k nearest neighbours, majority vote. Tribuo's other combiner (summing the neighbours' score distributions)
 * gives the same vote here, since each neighbour carries a single label, so voting is not a hyperparameter.
 */
final class NearestNeighbourTrainers {
    private NearestNeighbourTrainers() {
    }

    static BuiltInTrainer classification() {
        List<HyperparameterSpec> specs = List.of(
                HyperparameterSpec.integer("k", 5, "int(1, 30)", "Number of neighbours that vote.").within(HyperparameterSpec.Range.atLeast(1)),
                HyperparameterSpec.choice("distance", "l2", "choice(l1, l2, cosine)", "Distance between rows."),
                FeatureScaling.spec());
        return new BuiltInTrainer("knn", TaskType.CLASSIFICATION, specs, (v, seed) -> {
            Distance distance = switch (v.choice("distance", "l1", "l2", "cosine")) {
                case "l1" -> new L1Distance();
                case "cosine" -> new CosineDistance();
                default -> new L2Distance();
            };
            // One thread: the engine already runs trials in parallel.
            return FeatureScaling.apply(new KNNTrainer<>(v.integer("k"), distance, 1, new VotingCombiner(),
                    KNNModel.Backend.THREADPOOL, NeighboursQueryFactoryType.BRUTE_FORCE), v);
        });
    }
}
