package dev.tuner.maven;

import dev.tuner.tuning.TuningReport;
import dev.tuner.tuning.EstimateComparison;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tuner.files.AtomicFiles;
import dev.tuner.report.ProductionSummary;
import dev.tuner.report.BestJsonWriter;
import dev.tuner.report.StudySummaryMarkdown;
import dev.tuner.report.ConsoleSummary;
import dev.tuner.report.ParetoCsvWriter;
import dev.tuner.report.TrialsCsvWriter;
import dev.tuner.study.StudyListener;
import dev.tuner.study.StudyProgress;
import dev.tuner.trial.Trial;
import dev.tuner.study.TrialHeartbeat;
import dev.tuner.study.Stage;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningOutcome;
import dev.tuner.tuning.TuningRequest;
import dev.tuner.maven.TrialParams;
import dev.tuner.tuning.PlanWatch;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs the hyperparameter study on the project's data and writes {@code trials.csv} and {@code best.json}. */
@Mojo(name = "tune", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class TuneMojo extends AbstractStudyMojo {

    /** Skips this goal. */
    @Parameter(property = "tuner.tune.skip", defaultValue = "false")
    private boolean skipTune;

    /** Known configurations evaluated first: {@code <trial><eta>0.1</eta><maxDepth>6</maxDepth></trial>}. */
    @Parameter
    private List<TrialParams> enqueue = new ArrayList<>();

    /**
     * The {@code sweep} sampler's baseline (name to plain value), which its variants change one parameter at a time;
     * the trainer's defaults when empty.
     */
    @Parameter
    private Map<String, String> sweepBaseline = new LinkedHashMap<>();

    /** The {@code sweep} sampler's variants after the baseline, at most. */
    @Parameter(property = "tuner.maxVariants", defaultValue = "20")
    private int maxVariants;

    /**
     * Stages run in one build, each a study of its own ({@code <study>:<name>}): {@code <stage><name>sanity</name>
     * <trials>5</trials></stage>}, then coarse, fine (space narrowed around the previous stage's best), refit.
     */
    @Parameter
    private List<Stage> stages = new ArrayList<>();

    /**
     * Runs this many trials beyond those the study has finished when the run starts, whatever {@code <trials>} says:
     * {@code -Dtuner.moreTrials=10} extends a study of 25 to 35. Not with {@code <stages>}.
     */
    @Parameter(property = "tuner.moreTrials", defaultValue = "0")
    private int moreTrials;

    /**
     * Starts this study, when it does not exist yet, from the finished trials of another study of the same storage
     * that fit the new configuration (widened bounds, added or removed parameters, a new budget ladder); see
     * docs/studies.md for what is carried, enqueued or left.
     */
    @Parameter(property = "tuner.carryTrialsFrom")
    private String carryTrialsFrom;

    @Override
    protected String goal() {
        return "tune";
    }

    @Override
    protected boolean skipGoal() {
        return skipTune;
    }

    @Override
    protected void executeGoal() throws Exception {
        TuningRequest request = tuningRequest(enqueue, sweepBaseline, maxVariants, stages);
        request = request.withOptions(request.options().withCarryTrialsFrom(carryTrialsFrom)
                .withMoreTrials(moreTrials));
        long start = System.nanoTime();
        TuningOutcome outcome;
        // Trial lines name their study when another study may log at the same time (mvn -T, a study of its own name).
        try (ProgressLog progress = new ProgressLog(parallelBuild()
                || (project != null && !study.equals(project.getArtifactId())))) {
            outcome = Tuning.run(request, progress);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TuningReport report = outcome.report().withEstimate(EstimateComparison.of(
                outputDirectory.toPath().resolve("estimate.json"), request.study(), seconds, outcome)
                .orElse(null));

        TrialsCsvWriter.write(outputDirectory.toPath().resolve("trials.csv"), outcome.result().trials(),
                outcome.parameterNames(), outcome.budgets(), outcome.result().objectives());
        ObjectNode best = BestJsonWriter.toJson(outcome.result(), topK(), report);
        BestJsonWriter.write(outputDirectory.toPath().resolve("best.json"), best);
        AtomicFiles.writeString(outputDirectory.toPath().resolve("summary.md"), StudySummaryMarkdown.render(best));
        if (report.paretoTopK() != null) {
            ParetoCsvWriter.write(outputDirectory.toPath().resolve("pareto.csv"), report.paretoTopK().stream()
                    .map(p -> new ParetoCsvWriter.Row(p.number(), p.params(), p.crossValidated(), p.heldOut()))
                    .toList(), outcome.result().objectives());
        }
        if (!outcome.production().isEmpty()) {
            ProductionSummary.write(outputDirectory.toPath(), request.study(), outcome.result().objectives(),
                    outcome.production());
        }
        ReportMojo.writeReport(outcome.result(), storage, outputDirectory.toPath(), getLog());
        summarize(outcome);
    }

    private void summarize(TuningOutcome outcome) {
        var choice = outcome.report().finalChoice();
        ConsoleSummary.lines(outcome.result(), choice == null ? -1 : choice.chosen()).forEach(getLog()::info);
        outcome.summaryLines().forEach(getLog()::info);
        getLog().info("Wrote " + outputDirectory.toPath().resolve("trials.csv") + ", best.json, summary.md and"
                + " report.html");
    }

    /**
     * One batch-friendly line per finished trial (n/N, state, value, best so far, elapsed, ETA), and a line every 10 s
     * for a trial still running.
     */
    private final class ProgressLog implements StudyListener, AutoCloseable {
        private final boolean nameStudy;
        private final TrialHeartbeat heartbeat = new TrialHeartbeat();
        private final AutoCloseable ticker;
        private volatile String prefix = "";
        private volatile PlanWatch plan;

        ProgressLog(boolean nameStudy) {
            this.nameStudy = nameStudy;
            this.ticker = heartbeat.printEverySecond(l -> getLog().info(prefix + l));
        }

        @Override
        public void close() throws Exception {
            ticker.close();
        }

        @Override
        public void evaluating(Trial trial, double budget, int fold, int folds) {
            heartbeat.evaluating(trial.number(), budget, fold, folds, System.nanoTime());
        }
        @Override
        public void warning(String message) {
            getLog().warn(message);
        }

        @Override
        public void info(String message) {
            getLog().info(message);
        }

        @Override
        public void started(String studyName, int finishedBefore, int target, int requeued) {
            prefix = nameStudy ? "[" + studyName + "] " : "";
            getLog().info(ProgressLines.started(studyName, finishedBefore, target, requeued));
            plan = PlanWatch.of(outputDirectory.toPath().resolve("estimate.json"), studyName, finishedBefore)
                    .orElse(null);
        }

        @Override
        public void released(int released) {
            getLog().warn("Interrupted: " + released + " running trial(s) put back in the queue; the next run retries"
                    + " them first");
        }

        @Override
        public void reclaimed(int reclaimed) {
            getLog().info(reclaimed + " trial(s) of a worker that died put back in the queue; retrying them");
        }

        @Override
        public void awaitingOthers(int running) {
            getLog().info("Nothing left to claim; waiting for " + running + " trial(s) still running in other workers");
        }

        @Override
        public void trialFinished(Trial trial, StudyProgress p) {
            heartbeat.finished(trial.number());
            StringBuilder line = new StringBuilder(prefix);
            line.append(String.format(Locale.ROOT, "trial %d/%d #%-3d %-8s", p.finished(), p.target(), trial.number(),
                    trial.state().name().toLowerCase(Locale.ROOT)));
            switch (trial.state()) {
                case COMPLETE -> line.append(' ').append(format(trial.value()));
                case PRUNED -> line.append(" at ").append(trial.lastBudget()).append(": ")
                        .append(format(trial.intermediate().lastEntry().getValue()));
                case FAILED -> line.append(' ').append(trial.message());
                default -> {
                }
            }
            if (p.best() != null) {
                line.append(" | best ").append(format(p.best().value())).append(" (#").append(p.best().number())
                        .append(')');
            } else if (p.paretoFront() > 0) {
                line.append(" | Pareto front of ").append(p.paretoFront())
                        .append(p.paretoFront() == 1 ? " trial" : " trials");
            }
            line.append(" | ").append(duration(trial.seconds())).append(" | elapsed ")
                    .append(duration(p.elapsedSeconds()));
            if (!Double.isNaN(p.etaSeconds())) {
                line.append(" ETA ").append(duration(p.etaSeconds()));
            }
            getLog().info(line.toString());
            PlanWatch watch = plan;
            if (watch != null) {
                watch.check(p).ifPresent(w -> getLog().warn(prefix + w));
            }
        }

        static String format(double v) {
            return String.format(Locale.ROOT, "%.4f", v);
        }

        static String duration(double seconds) {
            if (Double.isNaN(seconds)) {
                return "-";
            }
            long s = Math.round(seconds);
            if (seconds < 10) {
                return String.format(Locale.ROOT, "%.1fs", seconds);
            }
            if (s < 3600) {
                return (s / 60 > 0 ? s / 60 + "m" : "") + (s % 60) + "s";
            }
            return s / 3600 + "h" + (s % 3600) / 60 + "m";
        }
    }
}
