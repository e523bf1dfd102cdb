package dev.tuner.bundle;

import java.util.Map;

/**
 * What {@link ModelBundle#predict} gives for one row.
 *
 * @param label  the predicted class; null for a regression model
 * @param scores every class's score (probability for the models that give one), by class; empty for regression
 * @param value  the regressed value; NaN for a classification model
 */
public record RowPrediction(String label, Map<String, Double> scores, double value) {
    public RowPrediction {
        scores = Map.copyOf(scores);
    }
}
