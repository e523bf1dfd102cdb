package dev.tuner.maven;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.report.ConsoleSummary;
import dev.tuner.report.ReportData;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;
import dev.tuner.trial.Constraint;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import dev.tuner.study.Stage;
import dev.tuner.tuning.FinalChoice;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Prints the study's best trial(s) on the console, from the study database: the top-k for one objective, the
 * Pareto-optimal trials for several. Reads nothing else and writes nothing.
 */
@Mojo(name = "best", threadSafe = true, requiresDependencyResolution = ResolutionScope.NONE)
public class BestMojo extends AbstractStorageMojo {

    /** Skips this goal. */
    @Parameter(property = "tuner.best.skip", defaultValue = "false")
    private boolean skipBest;

    /** How many of the best trials to print, with one objective (at least 1). */
    @Parameter(property = "tuner.topK", defaultValue = "5")
    private int topK;

    @Override
    protected String goal() {
        return "best";
    }

    @Override
    protected boolean skipGoal() {
        return skipBest;
    }

    @Override
    protected void executeGoal() throws Exception {
        if (topK < 1) {
            throw new InvalidSettingException("topK", topK, "must be >= 1");
        }
        List<String> out;
        try (StudyStorage storage = StudyStorages.openExisting(this.storage)) {
            out = stagedLines(storage, study, topK).orElseGet(() -> lines(storage, study, topK));
        }
        out.forEach(getLog()::info);
    }

    private static List<String> lines(StudyStorage storage, String study, int topK) {
        ReportData data = ReportData.load(storage, study, null);
        Optional<Trial> finalChoice = FinalChoice.stored(data.result(),
                storage.studyAttribute(data.result().study().id(), FinalChoice.ATTRIBUTE).orElse(null));
        return lines(data.result(), topK, finalChoice);
    }

    /**
     * A study tuned in {@code <stages>} stores each stage as a study of its own ({@code name:coarse}, ...), and the
     * study's own name holds no trial: its best trials are those of each stage, the last one's refit by bundle.
     * Empty when {@code study} is not such a study.
     */
    static Optional<List<String>> stagedLines(StudyStorage storage, String study, int topK) {
        boolean ownTrials = storage.findStudy(study).map(r -> !storage.trials(r.id()).isEmpty()).orElse(false);
        List<String> stages = Stage.storedStudies(storage, study);
        if (ownTrials || stages.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        out.add("Study '" + study + "' was tuned in <stages>, stored as '" + String.join("', '", stages)
                + "'; bundle refits the best of the last one (with <paramsFile> set to tune's best.json)");
        for (String stage : stages) {
            out.addAll(lines(storage, stage, topK));
        }
        return Optional.of(out);
    }

    /**
     * The console lines: a header, then one line per trial with its values and parameters, and, when tune's final
     * choice took another trial than the study's best and still holds, which one bundle refits.
     */
    static List<String> lines(StudyResult result, int topK, Optional<Trial> finalChoice) {
        List<String> out = new ArrayList<>();
        List<ObjectiveSpec> objectives = result.objectives();
        out.add(String.format(Locale.ROOT, "Study '%s': %d trials (%d complete, %d pruned, %d failed), objectives %s",
                result.study().name(), result.trials().size(), result.count(TrialState.COMPLETE),
                result.count(TrialState.PRUNED), result.count(TrialState.FAILED), objectives));
        List<Trial> shown;
        String none = result.infeasible() > 0 ? "No feasible trial: every complete trial breaks a constraint ("
                + Constraint.describe(result.constraints()) + ")"
                : "No complete trial yet";
        if (objectives.size() == 1) {
            shown = result.ranked().stream().limit(Math.max(1, topK)).toList();
            out.add(shown.isEmpty() ? none : "Best " + shown.size() + " trial(s):");
        } else {
            shown = result.paretoFront();
            out.add(shown.isEmpty() ? none : shown.size() + " Pareto-optimal trial(s):");
        }
        for (Trial t : shown) {
            out.add("  #" + t.number() + " " + ConsoleSummary.values(t, objectives) + " " + t.params());
        }
        if (objectives.size() == 1 && !shown.isEmpty() && finalChoice.isPresent()
                && finalChoice.get().number() != shown.get(0).number()) {
            Trial chosen = finalChoice.get();
            out.add("Final choice: trial #" + chosen.number() + ", re-scored by tune on more folds; bundle refits it"
                    + " (the list is the study's ranking by its own folds)"
                    + (shown.contains(chosen) ? "" : ": " + ConsoleSummary.values(chosen, objectives) + " "
                    + chosen.params()));
        }
        return out;
    }
}
