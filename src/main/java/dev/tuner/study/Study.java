package dev.tuner.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tuner.files.Sha256;
import dev.tuner.pruner.Pruner;
import dev.tuner.sampler.Sampler;
import dev.tuner.storage.StudyRecord;
import dev.tuner.storage.StudyStorage;

import dev.tuner.trial.Constraint;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.ParamValues;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a study to its target: workers claim trials from storage, the sampler proposes parameters, the objective is
 * evaluated at each budget of the trial's ladder and each fold, the pruner judges the fold-averaged value, and the
 * outcome goes back to storage.
 *
 * <p>Storage is the only shared state. Several threads, processes or machines can run the same study; a rerun after
 * a crash continues to the target, keeps every finished trial and retries the trials that a dead worker left running.
 */
public final class Study {
    /** A worker's heartbeat interval; trials whose heartbeat is older than {@link #staleAfter} are retried. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** How often a worker with nothing to claim looks again while other workers still run trials. */
    static final Duration AWAIT_OTHERS = Duration.ofMillis(250);
    /** Consecutive failures, with no complete trial in the study, after which the run stops: a configuration error. */
    static final int FAILURES_BEFORE_ABORT = 5;

    /** The study attribute holding the constraints of its latest {@code tune} run, as a JSON list. */
    public static final String CONSTRAINTS_ATTRIBUTE = "constraints";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    final StudySettings settings;
    final StudyStorage storage;
    final Sampler sampler;
    final Pruner pruner;
    final Objective objective;
    final StudyListener listener;
    Duration staleAfter = Duration.ofSeconds(60);

    public Study(StudySettings settings, StudyStorage storage, Sampler sampler, Pruner pruner, Objective objective,
                 StudyListener listener) {
        this.settings = settings;
        this.storage = storage;
        this.sampler = sampler;
        this.pruner = pruner;
        this.objective = objective;
        this.listener = listener == null ? StudyListener.NONE : listener;
    }

    /** How long a RUNNING trial of another host may go without a heartbeat before it is retried. */
    public Study staleAfter(Duration staleAfter) {
        this.staleAfter = staleAfter;
        return this;
    }

    /** The JSON that the fingerprint hashes: the caller's description plus space, objectives, budgets and folds. */
    public String description() {
        Map<String, Object> d = new LinkedHashMap<>(settings.description());
        d.put("searchSpace", settings.space().describe());
        d.put("objectives", settings.objectives().stream().map(ObjectiveSpec::toString).toList());
        d.put("budgets", settings.budgets());
        d.put("folds", settings.folds());
        try {
            return JSON.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot describe study", e);
        }
    }

    /**
     * The study as stored, without running anything: its trials read from storage (a study not stored yet is
     * opened empty). What {@code bundle} reads the best trial from.
     */
    public StudyResult stored() {
        String description = description();
        StudyRecord record = storage.openStudy(settings.name(), Sha256.hex(description), description,
                settings.directions());
        return new StudyResult(record, storage.trials(record.id()), settings.objectives(), settings.trials(), 0, 0,
                settings.constraints());
    }

    /** Runs until the study has {@code settings.trials()} finished trials (or the sampler's capacity). */
    public StudyResult optimize() {
        String description = description();
        StudyRecord record = storage.openStudy(settings.name(), Sha256.hex(description), description,
                settings.directions());
        long studyId = record.id();
        // best and report read the study from storage alone: they rank under the constraints tune ranked under.
        storage.setStudyAttribute(studyId, CONSTRAINTS_ATTRIBUTE, toJson(settings.constraints()));
        int target = settings.trials();
        var capacity = sampler.capacity(settings.space());
        if (capacity.isPresent() && capacity.getAsLong() < target) {
            target = (int) capacity.getAsLong();
        }
        enqueueKnownConfigurations(studyId, target);
        int requeued = requeueAbandoned(studyId);
        List<Trial> before = storage.trials(studyId);
        int finishedBefore = (int) before.stream().filter(t -> t.state().isFinished()).count();
        listener.started(settings.name(), finishedBefore, target, requeued);

        StudyRun run = new StudyRun(this, studyId, target, finishedBefore);
        run.execute();
        List<Trial> all = storage.trials(studyId);
        StudyResult result = new StudyResult(record, all, settings.objectives(), target,
                run.ranHere.get(), run.elapsedSeconds(), settings.constraints());
        if (run.abort.get() != null) {
            throw new StudyFailedException(run.abort.get());
        }
        if (all.stream().noneMatch(t -> t.state() == TrialState.COMPLETE)) {
            // A study without one complete trial has no best to report or bundle: the build must not pass on it.
            throw new StudyFailedException("no trial of study '" + settings.name() + "' completed ("
                    + result.count(TrialState.FAILED) + " failed, " + result.count(TrialState.PRUNED) + " pruned, "
                    + all.size() + " in all)" + failureQuotes(all)
                    + ". Its trials count towards <trials>: after fixing the cause, raise <trials> or set another <study>");
        }
        boolean noneFeasible = !settings.constraints().isEmpty()
                && (settings.objectives().size() == 1 ? result.best() == null : result.paretoFront().isEmpty());
        if (noneFeasible) {
            // Nothing to bundle or gate: the build must not pass on a study that found no admissible model.
            throw new StudyFailedException(infeasibleStudy(all));
        }
        return result;
    }

    /** Why a study whose complete trials all break a constraint failed, with the trial that came closest. */
    private String infeasibleStudy(List<Trial> all) {
        List<Constraint> constraints = settings.constraints();
        List<Trial> complete = all.stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        Trial closest = complete.stream().min(Comparator.comparingDouble(
                (Trial t) -> Constraint.totalViolation(constraints, t.metrics())).thenComparingInt(Trial::number))
                .orElseThrow();
        String reached = constraints.stream().map(Constraint::getMetric).distinct()
                .map(m -> m + "=" + (closest.metrics().get(m) == null ? "missing"
                        : String.format(Locale.ROOT, "%.4g", closest.metrics().get(m))))
                .collect(Collectors.joining(", "));
        return "every complete trial of study '" + settings.name() + "' breaks <constraints> ("
                + Constraint.describe(constraints) + "): " + complete.size() + " complete, none feasible, so there is no best trial to bundle or gate; the"
                + " closest, #" + closest.number() + ", reached " + reached + ". Loosen the constraint or change"
                + " <searchSpace>; with the same <study> the trials so far count towards <trials>";
    }

    /** Longest failure message quoted whole in a study's failure; beyond it, cut with an ellipsis. */
    static final int QUOTED_MESSAGE_LENGTH = 200;

    /**
     * The first and last failure messages of the study, in trial-number order ("; the last failure: ..." alone when
     * they read the same), for the one line that says why a study failed; empty when no trial failed.
     */
    static String failureQuotes(List<Trial> trials) {
        List<Trial> failed = trials.stream().filter(t -> t.state() == TrialState.FAILED).toList();
        if (failed.isEmpty()) {
            return "";
        }
        String first = quote(failed.get(0).message());
        String last = quote(failed.get(failed.size() - 1).message());
        return first.equals(last) ? "; the last failure: " + last
                : "; the first failure: " + first + "; the last failure: " + last;
    }

    private static String quote(String message) {
        String line = message == null ? "(no message)" : message.lines().findFirst().orElse("").strip();
        return line.length() <= QUOTED_MESSAGE_LENGTH ? line : line.substring(0, QUOTED_MESSAGE_LENGTH) + "...";
    }

    /**
     * Adds each of {@code settings.enqueued()} as a WAITING trial unless a trial with those parameters exists
     * already, so that a rerun does not enqueue them again; waiting trials are claimed before new ones are sampled.
     * Nothing is enqueued into a study that has reached its target.
     */
    private void enqueueKnownConfigurations(long studyId, int target) {
        if (settings.enqueued().isEmpty()) {
            return;
        }
        List<Trial> existing = storage.trials(studyId);
        if (existing.stream().filter(t -> t.state().isFinished()).count() >= target) {
            return; // a study that has reached its target is not given work it would never run
        }
        // An enqueued trial that is the trainer's defaults (or another enqueued one) runs once, not once per entry.
        List<Map<String, Object>> present = new ArrayList<>(existing.stream().map(Trial::params).toList());
        for (Map<String, Object> params : settings.enqueued()) {
            Map<String, Object> active = settings.space().activeOnly(params);
            if (present.stream().noneMatch(p -> ParamValues.same(p, active))) {
                storage.enqueueTrial(studyId, active);
                present.add(active);
            }
        }
    }

    /** Puts the RUNNING trials of dead workers back to WAITING (see {@link WorkerLiveness#isAbandoned}); returns how many. */
    int requeueAbandoned(long studyId) {
        Map<Long, Instant> heartbeats = storage.heartbeats(studyId);
        return storage.requeueAbandonedTrials(studyId,
                t -> WorkerLiveness.isAbandoned(t, heartbeats.get(t.id()), staleAfter));
    }

    /** Averages each metric over the folds; a metric missing from one fold is dropped rather than biased. */
    static Map<String, Double> average(List<Map<String, Double>> perFold) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (perFold.isEmpty()) {
            return out;
        }
        for (String key : perFold.get(0).keySet()) {
            double sum = 0;
            boolean everywhere = true;
            for (Map<String, Double> m : perFold) {
                Double v = m.get(key);
                if (v == null) {
                    everywhere = false;
                    break;
                }
                sum += v;
            }
            if (everywhere) {
                out.put(key, sum / perFold.size());
            }
        }
        return out;
    }

    /**
     * The constraints the study's latest {@code tune} ranked its trials under ({@link #CONSTRAINTS_ATTRIBUTE}); none for a
     * study tuned before they were stored.
     */
    public static List<Constraint> storedConstraints(StudyStorage storage, long studyId) {
        return storage.studyAttribute(studyId, CONSTRAINTS_ATTRIBUTE).map(json -> {
            try {
                return List.of(JSON.readValue(json, Constraint[].class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("study attribute '" + CONSTRAINTS_ATTRIBUTE + "' is not a list of"
                        + " constraints: " + json, e);
            }
        }).orElse(List.of());
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Why a trial with these metrics fails, or null when it does not: an objective's metric that is missing or not
     * finite. The study checks the mean over the folds at each budget; the estimate's probe each run it times.
     */
    public static String unusableMetrics(Map<String, Double> metrics, List<ObjectiveSpec> objectives) {
        for (ObjectiveSpec spec : objectives) {
            Double v = metrics.get(spec.metric());
            if (v == null) {
                return "objective returned no '" + spec.metric() + "' (it returned " + metrics.keySet() + ")";
            }
            if (!Double.isFinite(v)) {
                return "'" + spec.metric() + "' is " + v;
            }
        }
        return null;
    }

    /** A failure in one line: its type and the first line of its message, as a failed trial records it. */
    public static String describe(Throwable e) {
        String msg = e.getMessage();
        String first = msg == null ? "" : msg.lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
