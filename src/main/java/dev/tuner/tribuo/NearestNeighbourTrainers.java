package dev.tuner.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.math.distance.CosineDistance;
import org.tribuo.math.distance.Distance;
import org.tribuo.math.distance.L1Distance;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.provenance.TrainerProvenance;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

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
            String distance = v.choice("distance", "l1", "l2", "cosine");
            // One thread: the engine already runs trials in parallel.
            IntFunction<Trainer<Label>> withK = k -> new KNNTrainer<>(k, distance(distance), 1, new VotingCombiner(),
                    KNNModel.Backend.THREADPOOL, NeighboursQueryFactoryType.BRUTE_FORCE);
            return FeatureScaling.apply(new AtMostAllRows(v.integer("k"), withK), v);
        }).probabilitiesOnlyWhen(v -> false); // a vote, not a probability
    }

    private static Distance distance(String name) {
        return switch (name) {
            case "l1" -> new L1Distance();
            case "cosine" -> new CosineDistance();
            default -> new L2Distance();
        };
    }

    /**
     * {@code k} capped at the training rows: Tribuo 4.3.2's brute-force search returns null neighbours when
     * {@code k} exceeds them, and {@code KNNModel}'s batch prediction (the path of an unscaled model) then fails
     * with a NullPointerException. Small budgets (a pruner's first rung, the estimate's probe) train on a handful
     * of rows, so a {@code k} the full data allows failed there; every row voting is the vote a larger {@code k}
     * would give, and what the per-row prediction of a scaled model already did.
     */
    static final class AtMostAllRows implements Trainer<Label> {
        private final int k;
        private final IntFunction<Trainer<Label>> withK;
        private int invocations;

        AtMostAllRows(int k, IntFunction<Trainer<Label>> withK) {
            this.k = k;
            this.withK = withK;
        }

        @Override
        public Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
            return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
        }

        @Override
        public synchronized Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance,
                                               int invocationCount) {
            Trainer<Label> trainer = withK.apply(Math.max(1, Math.min(k, examples.size())));
            trainer.setInvocationCount(invocationCount == INCREMENT_INVOCATION_COUNT ? invocations : invocationCount);
            Model<Label> model = trainer.train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
            invocations = trainer.getInvocationCount();
            return model;
        }

        @Override
        public synchronized int getInvocationCount() {
            return invocations;
        }

        @Override
        public synchronized void setInvocationCount(int invocationCount) {
            invocations = invocationCount;
        }

        @Override
        public TrainerProvenance getProvenance() {
            return withK.apply(k).getProvenance();
        }
    }
}
