package dev.tuner.study;

import java.util.Map;

/**
 * Anything the engine can tune: a class of the project's own, named by {@code <objective>}, or the built-in
 * Tribuo objective. The engine calls it once per (trial, budget, fold) and averages the folds.
 *
 * <p>Only {@link #evaluate} is required. An objective over a corpus or data set of its own also implements
 * {@link #prepare} (to learn where its data is, the seed and the folds, once, before any evaluation) and
 * {@link #evaluateFull} (so that {@code tune} re-runs the top-k trials on all of the data into
 * {@code target/tuner/production.json} and {@code production.md}). See docs/objectives.md.
 */
public interface Objective {
    /** One evaluation of a trial: its parameters, a budget in (0, 1], one fold; returns metric name to value. */
    Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) throws Exception;

    /**
     * Called once before the first {@link #evaluate}, from the thread that runs the study: the study's seed, folds,
     * budgets and {@code <objectiveProperties>}. An exception here fails the goal before any trial runs. Does
     * nothing by default.
     */
    default void prepare(ObjectiveContext context) throws Exception {
    }

    /**
     * The trial on all of the data (no budget, no fold): the "production" figures of the top-k trials after the
     * study. Returns metric name to value; an empty map (the default) means the objective has no such run, and
     * {@code tune} writes no production summary.
     */
    default Map<String, Double> evaluateFull(Map<String, Object> params) throws Exception {
        return Map.of();
    }
}
