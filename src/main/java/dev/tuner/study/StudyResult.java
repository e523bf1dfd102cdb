package dev.tuner.study;

import dev.tuner.storage.StudyRecord;

import java.util.ArrayList;
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
 */
public record StudyResult(StudyRecord study, List<Trial> trials, List<ObjectiveSpec> objectives, int target,
                          int ranHere, double elapsedSeconds) {

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

    /** The best complete trial on the first objective, ties to the earlier trial; null when none completed. */
    public Trial best() {
        return bestOf(trials, objectives.get(0).direction());
    }

    /** Complete trials ordered best first on the first objective. */
    public List<Trial> ranked() {
        Direction d = objectives.get(0).direction();
        return trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
                .sorted(Comparator.comparingDouble((Trial t) -> d.toLoss(t.value())).thenComparingInt(Trial::number))
                .toList();
    }

    /** Non-dominated complete trials over all objectives (equal to {@link #best()} alone for one objective). */
    public List<Trial> paretoFront() {
        List<Trial> complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        List<Trial> front = new ArrayList<>();
        for (Trial a : complete) {
            boolean dominated = false;
            for (Trial b : complete) {
                if (a != b && dominates(b, a)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(a);
            }
        }
        return front;
    }

    /** a dominates b: no worse on every objective and better on one. */
    boolean dominates(Trial a, Trial b) {
        boolean better = false;
        for (int i = 0; i < objectives.size(); i++) {
            double la = objectives.get(i).direction().toLoss(a.values().get(i));
            double lb = objectives.get(i).direction().toLoss(b.values().get(i));
            if (la > lb) {
                return false;
            }
            if (la < lb) {
                better = true;
            }
        }
        return better;
    }

    static Trial bestOf(List<Trial> trials, Direction direction) {
        Trial best = null;
        for (Trial t : trials) {
            if (t.state() == TrialState.COMPLETE && (best == null || direction.isBetter(t.value(), best.value()))) {
                best = t;
            }
        }
        return best;
    }
}
