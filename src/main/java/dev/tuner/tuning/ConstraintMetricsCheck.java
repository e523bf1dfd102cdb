package dev.tuner.tuning;

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
    private final AtomicReference<String> missing = new AtomicReference<>();

    ConstraintMetricsCheck(Objective objective, List<Constraint> constraints, String className) {
        this.objective = objective;
        this.constraints = List.copyOf(constraints);
        this.className = className;
    }

    @Override
    public Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) throws Exception {
        if (missing.get() != null) {
            throw new IllegalArgumentException(missing.get());
        }
        Map<String, Double> metrics = objective.evaluate(params, budget, fold);
        if (metrics == null) {
            return null;
        }
        for (Constraint c : constraints) {
            if (!metrics.containsKey(c.getMetric())) {
                missing.compareAndSet(null, "<constraint><metric>" + c.getMetric() + "</metric>: " + className
                        + " returns no '" + c.getMetric() + "' (it returned " + metrics.keySet()
                        + "); constrain a metric it returns");
                throw new IllegalArgumentException(missing.get());
            }
        }
        return metrics;
    }
}
