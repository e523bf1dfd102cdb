package dev.tuner.tribuo;

import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.LinearScalingTransformation;

import java.util.List;

/**
 * The {@code scale} hyperparameter of scale-sensitive trainers (SGD, SVM, nearest neighbours, naive Bayes):
 * each feature is scaled linearly to [0, 1] by the minimum and maximum seen in the training rows, inside the
 * model (a Tribuo {@code TransformedModel}), so prediction applies the same scaling. Values outside the training
 * range are clamped; a feature constant in training maps to 0.5. Only observed values count, so a sparse
 * one-hot feature stays sparse. A scaled model is not ONNX-exportable.
 */
final class FeatureScaling {
    private FeatureScaling() {
    }

    static HyperparameterSpec spec() {
        return HyperparameterSpec.choice("scale", "true", "choice(true, false)",
                "Scale each feature to [0, 1] by its training min/max inside the model.");
    }

    static <T extends Output<T>> Trainer<T> apply(Trainer<T> trainer, BuiltInTrainer.Values values) {
        if (!values.flag("scale")) {
            return trainer;
        }
        TransformationMap scaling = new TransformationMap(List.of(new LinearScalingTransformation(0, 1)));
        return new TransformTrainer<>(trainer, scaling, false, false);
    }
}
