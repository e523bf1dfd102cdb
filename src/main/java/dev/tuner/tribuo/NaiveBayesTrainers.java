package dev.tuner.tribuo;

import org.tribuo.classification.mnb.MultinomialNaiveBayesTrainer;

import java.util.List;

/**
 * Multinomial naive Bayes. It reads feature values as counts and rejects negative values, so {@code scale}
 * defaults to true here: min/max scaling to [0, 1] (clamped at prediction) keeps every value non-negative.
 */
final class NaiveBayesTrainers {
    private NaiveBayesTrainers() {
    }

    static BuiltInTrainer multinomial() {
        List<HyperparameterSpec> specs = List.of(
                HyperparameterSpec.floating("alpha", 1.0, "log(0.01, 10.0)",
                        "Additive (Laplace) smoothing of the feature counts.").within(HyperparameterSpec.Range.NON_NEGATIVE),
                FeatureScaling.spec());
        return new BuiltInTrainer("naive-bayes", TaskType.CLASSIFICATION, specs,
                (v, seed) -> FeatureScaling.apply(new MultinomialNaiveBayesTrainer(v.real("alpha")), v));
    }
}
