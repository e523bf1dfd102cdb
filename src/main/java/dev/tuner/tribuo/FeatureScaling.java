package dev.tuner.tribuo;

import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.LinearScalingTransformation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code scale} hyperparameter of scale-sensitive trainers (SGD, SVM, nearest neighbours, naive Bayes):
 * each feature is scaled linearly to [0, 1] by the minimum and maximum seen in the training rows, inside the
 * model (a Tribuo {@code TransformedModel}), so prediction applies the same scaling. Values outside the training
 * range are clamped; a feature constant in training maps to 0.5. Only observed values count, so a sparse
 * one-hot feature stays sparse. A scaled model is not ONNX-exportable.
 *
 * <p>Features of text columns ({@code column@word}) are left as they are. Their value, {@code log(1 + count)}, is
 * already small; scaled by the values observed, a word's smallest count (once, where other rows have it more often)
 * would become 0, the value of an absent word, and a short text would read like an empty one. Counting the absent
 * words as zeros instead (Tribuo's {@code includeImplicitZeroFeatures}) would change every scaled feature of every
 * data set, since Tribuo applies that flag to all of them.
 */
final class FeatureScaling {
    private FeatureScaling() {
    }

    static HyperparameterSpec spec() {
        return HyperparameterSpec.choice("scale", "true", "choice(true, false)",
                "Scale each feature to [0, 1] by its training min/max inside the model (text columns' words are "
                        + "left as they are).");
    }

    static <T extends Output<T>> Trainer<T> apply(Trainer<T> trainer, BuiltInTrainer.Values values) {
        if (!values.flag("scale")) {
            return trainer;
        }
        return new TransformTrainer<>(trainer, scaling(values.textColumns()), false, false);
    }

    /** Every feature scaled to [0, 1], except the words of {@code textColumns}. */
    static TransformationMap scaling(Set<String> textColumns) {
        if (textColumns.isEmpty()) {
            return new TransformationMap(List.of(new LinearScalingTransformation(0, 1)));
        }
        return new TransformationMap(Map.of(notWordsOf(textColumns), List.of(new LinearScalingTransformation(0, 1))));
    }

    /**
     * A regular expression (matched against the whole name, as Tribuo matches feature-specific transformations) for
     * every feature name that does not start with {@code <text column>@}.
     */
    static String notWordsOf(Set<String> textColumns) {
        String columns = textColumns.stream().sorted().map(Pattern::quote).collect(Collectors.joining("|"));
        return "(?s)(?!(?:" + columns + ")@).*";
    }
}
