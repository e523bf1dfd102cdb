/**
 * The Tribuo side of the engine, and the only package that imports Tribuo: {@link dev.tuner.tribuo.TabularData}
 * reads a CSV file, {@link dev.tuner.tribuo.DataSplits} fixes held-out rows, folds and budgets,
 * {@link dev.tuner.tribuo.TrainerCatalogue} names the built-in trainers (and wraps a project's
 * {@link dev.tuner.tribuo.TunableTrainer}), {@link dev.tuner.tribuo.Metrics} defines what is measured, and
 * {@link dev.tuner.tribuo.TribuoObjective} ties them into a {@link dev.tuner.study.Objective}.
 * docs/trainers.md documents the trainers, the data policy and the metrics for users.
 */
package dev.tuner.tribuo;
