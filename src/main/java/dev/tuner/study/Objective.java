package dev.tuner.study;

import java.util.Map;

/**
 * Anything the engine can tune: a class of the project's own, named by {@code <objective>}, or the built-in
 * Tribuo objective. The engine calls it once per (trial, budget, fold) and averages the folds.
 */
public interface Objective {
    /** One evaluation of a trial: its parameters, a budget in (0, 1], one fold; returns metric name to value. */
    Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) throws Exception;
}
