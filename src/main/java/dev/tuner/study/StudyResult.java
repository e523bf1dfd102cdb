package dev.tuner.study;

import dev.tuner.storage.StudyRecord;

import dev.tuner.trial.Constraint;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.ParetoFront;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.Comparator;
import java.util.List;

/**
 * The state of a study after a run.
 *
 * @param study          the stored study
 * @param trials         every trial, in number order
 * @param objectives     the study's objectives
 * @param target         the target the run aimed at
 * @param ranHere        trials this run finished
 * @param elapsedSeconds wall time of this run
 * @param constraints    limits on metrics: trials that break one never count as best, Pareto-optimal or top-k
 */
public record StudyResult(StudyRecord study, List<Trial> trials, List<ObjectiveSpec> objectives, int target,
                          int ranHere, double elapsedSeconds, List<Constraint> constraints) {

    public StudyResult {
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
    }

    /** A result without constraints. */
    public StudyResult(StudyRecord study, List<Trial> trials, List<ObjectiveSpec> objectives, int target,
                       int ranHere, double elapsedSeconds) {
        this(study, trials, objectives, target, ranHere, elapsedSeconds, List.of());
    }

    /** Complete trials that break a constraint. */
    public long infeasible() {
        return trials.stream().filter(t -> t.state() == TrialState.COMPLETE && !Constraint.feasible(constraints, t))
                .count();
    }

    public long count(TrialState state) {
        return trials.stream().filter(t -> t.state() == state).count();
    }

    /**
     * Training compute spent, in full-data trainings per fold: the sum over trials of the budgets each was evaluated
     * at. A study without pruning spends 1.0 per trial; the ratio of the two is what pruning saved.
     */
    public double budgetSpent() {
        return trials.stream().mapToDouble(t -> t.intermediate().keySet().stream().mapToDouble(Double::doubleValue)
                .sum()).sum();
    }

    /** The best feasible complete trial on the first objective, ties to the earlier trial; null when none. */
    public Trial best() {
        return bestOf(trials, objectives.get(0).direction(), constraints);
    }

    /** Feasible complete trials ordered best first on the first objective. */
    public List<Trial> ranked() {
        Direction d = objectives.get(0).direction();
        return trials.stream().filter(t -> Constraint.feasible(constraints, t))
                .sorted(Comparator.comparingDouble((Trial t) -> d.toLoss(t.value())).thenComparingInt(Trial::number))
                .toList();
    }

    /** Non-dominated feasible complete trials over all objectives, in number order. */
    public List<Trial> paretoFront() {
        return ParetoFront.of(trials, objectives, constraints);
    }

    static Trial bestOf(List<Trial> trials, Direction direction) {
        return bestOf(trials, direction, List.of());
    }

    static Trial bestOf(List<Trial> trials, Direction direction, List<Constraint> constraints) {
        Trial best = null;
        for (Trial t : trials) {
            if (Constraint.feasible(constraints, t) && (best == null || direction.isBetter(t.value(), best.value()))) {
                best = t;
            }
        }
        return best;
    }
}
