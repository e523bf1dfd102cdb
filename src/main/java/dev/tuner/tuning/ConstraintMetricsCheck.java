package dev.tuner.tuning;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.trial.Constraint;
import dev.tuner.study.Objective;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A project's {@link Objective} whose metrics are only known once it ran: a {@code <constraint>} on a metric it never
 * returns would make every trial infeasible without a word. The first evaluation that lacks a constrained metric
 * fails its trial with a message naming the constraint, and every later one fails at once without evaluating, so
 * that the study stops on its run of failures (see {@code Study}) with that message instead of spending its budget.
 */
final class ConstraintMetricsCheck implements Objective {
    private final Objective objective;
    private final List<Constraint> constraints;
    private final String className;
    private final AtomicReference<InvalidSettingException> missing = new AtomicReference<>();

    ConstraintMetricsCheck(Objective objective, List<Constraint> constraints, String className) {
        this.objective = objective;
        this.constraints = List.copyOf(constraints);
        this.className = className;
    }

    @Override
    public Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) throws Exception {
        InvalidSettingException first = missing.get();
        if (first != null) {
            // A fresh exception per trial: workers throw it concurrently.
            throw new InvalidSettingException(first.setting(), first.value(), first.problem());
        }
        Map<String, Double> metrics = objective.evaluate(params, budget, fold);
        if (metrics == null) {
            return null;
        }
        for (Constraint c : constraints) {
            if (!metrics.containsKey(c.getMetric())) {
                missing.compareAndSet(null, new InvalidSettingException(Constraint.METRIC, c.getMetric(), className
                        + " returns no '" + c.getMetric() + "' (it returned " + metrics.keySet()
                        + "); constrain a metric it returns"));
                throw missing.get();
            }
        }
        return metrics;
    }
}
