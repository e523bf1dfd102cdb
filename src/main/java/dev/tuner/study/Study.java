package dev.tuner.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tuner.files.Sha256;
import dev.tuner.pruner.Pruner;
import dev.tuner.pruner.PruningContext;
import dev.tuner.sampler.Sampler;
import dev.tuner.sampler.SamplingContext;
import dev.tuner.storage.StudyRecord;
import dev.tuner.storage.StudyStorage;

import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.ParetoFront;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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

    /** Study attribute prefix of a trial's objective vectors per rung (multi-objective pruning). */
    static final String RUNG_VALUES = "rung-values/";

    /** Beats for the running trials of every study in this JVM; a daemon, started on first use. */
    private static final ScheduledThreadPoolExecutor HEARTBEATS = heartbeatScheduler();

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final StudySettings settings;
    private final StudyStorage storage;
    private final Sampler sampler;
    private final Pruner pruner;
    private final Objective objective;
    private final StudyListener listener;
    private Duration staleAfter = Duration.ofSeconds(60);

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

        Run run = new Run(studyId, target, finishedBefore);
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
        return result;
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
        for (Map<String, Object> params : settings.enqueued()) {
            Map<String, Object> active = settings.space().activeOnly(params);
            boolean present = existing.stream().anyMatch(t -> sameParams(t.params(), active));
            if (!present) {
                storage.enqueueTrial(studyId, active);
            }
        }
    }

    /** Equal parameters, numbers compared by value (storage may give back a Long where a Double went in). */
    static boolean sameParams(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : a.entrySet()) {
            Object x = e.getValue();
            Object y = b.get(e.getKey());
            if (x instanceof Number nx && y instanceof Number ny) {
                if (Double.compare(nx.doubleValue(), ny.doubleValue()) != 0) {
                    return false;
                }
            } else if (!String.valueOf(x).equals(String.valueOf(y))) {
                return false;
            }
        }
        return true;
    }

    /** Puts the RUNNING trials of dead workers back to WAITING (see {@link #isAbandoned}); returns how many. */
    private int requeueAbandoned(long studyId) {
        Map<Long, java.time.Instant> heartbeats = storage.heartbeats(studyId);
        return storage.requeueAbandonedTrials(studyId, t -> isAbandoned(t, heartbeats.get(t.id())));
    }

    /** A RUNNING trial is abandoned when its process is gone (same host) or its heartbeat is stale (any host). */
    private boolean isAbandoned(Trial trial, java.time.Instant lastHeartbeat) {
        WorkerId worker = WorkerId.parse(trial.worker());
        if (worker != null && worker.host().equals(WorkerId.HOST)) {
            if (worker.pid() == ProcessHandle.current().pid()) {
                return false;
            }
            return ProcessHandle.of(worker.pid()).map(p -> !p.isAlive()).orElse(true);
        }
        java.time.Instant last = lastHeartbeat != null ? lastHeartbeat : trial.started();
        return last == null || last.plus(staleAfter).isBefore(java.time.Instant.now());
    }

    /** One execution of {@link #optimize()}: worker threads, heartbeats, progress. */
    private final class Run {
        final long studyId;
        final int target;
        final long startNanos = System.nanoTime();
        final AtomicInteger ranHere = new AtomicInteger();
        final AtomicInteger consecutiveFailures = new AtomicInteger();
        final AtomicReference<String> abort = new AtomicReference<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<Long, Boolean> running = new ConcurrentHashMap<>();
        final int finishedBefore;
        final Object sampleLock = new Object();
        final ExecutorService evaluations = Executors.newCachedThreadPool(daemon("tuner-eval"));
        /** When the next check for trials of dead workers is due (System.nanoTime). */
        final java.util.concurrent.atomic.AtomicLong nextReclaim =
                new java.util.concurrent.atomic.AtomicLong(System.nanoTime() + HEARTBEAT.toNanos());
        final AtomicBoolean toldWaiting = new AtomicBoolean();

        Run(long studyId, int target, int finishedBefore) {
            this.studyId = studyId;
            this.target = target;
            this.finishedBefore = finishedBefore;
        }

        double elapsedSeconds() {
            return (System.nanoTime() - startNanos) / 1e9;
        }

        void execute() {
            // One scheduler thread for the whole JVM beats for every study: a study of cheap trials does not pay for
            // starting a thread, and the task is cancelled when this run ends.
            var beating = HEARTBEATS.scheduleAtFixedRate(() -> running.keySet().forEach(id -> {
                try {
                    storage.heartbeat(id);
                } catch (RuntimeException ignored) {
                    // A missed heartbeat is retried at the next tick; it must not kill the worker.
                }
            }), HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
            Thread releaseOnExit = new Thread(this::releaseRunningTrials, "tuner-release-on-exit");
            boolean hooked = addShutdownHook(releaseOnExit);
            ExecutorService workers = null;
            try {
                if (settings.jobs() == 1) {
                    // One worker runs in the caller's thread: no hand-over per study, and the caller's interrupt
                    // reaches the objective directly.
                    workerLoop();
                    return;
                }
                workers = Executors.newFixedThreadPool(settings.jobs(), daemon("tuner-worker"));
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < settings.jobs(); i++) {
                    futures.add(workers.submit(this::workerLoop));
                }
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        stop.set(true);
                        Throwable cause = e.getCause();
                        if (cause instanceof RuntimeException re) {
                            throw re;
                        }
                        throw new IllegalStateException(cause);
                    } catch (InterruptedException e) {
                        stop.set(true);
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
            } finally {
                stop.set(true);
                if (hooked) {
                    removeShutdownHook(releaseOnExit);
                }
                if (workers != null) {
                    workers.shutdownNow();
                }
                beating.cancel(false);
                evaluations.shutdownNow();
            }
        }

        /**
         * Runs when the JVM shuts down mid-study (Ctrl-C, SIGTERM, System.exit): stops claiming and puts this
         * process's RUNNING trials back to WAITING, so that the next run (or another worker) retries them at once
         * rather than after the dead-process or stale-heartbeat check. A trial that finishes meanwhile is left alone
         * by the requeue; SIGKILL skips this, and then the next run's abandoned-trial check does the same job.
         */
        void releaseRunningTrials() {
            stop.set(true);
            java.util.Set<Long> mine = java.util.Set.copyOf(running.keySet()); 
            if (mine.isEmpty()) {
                return;
            }
            try {
                int released = storage.requeueAbandonedTrials(studyId, t -> mine.contains(t.id()));
                listener.released(released);
            } catch (RuntimeException e) {
                // The storage may already be closed or unreachable; the next run's abandoned-trial check remains.
                System.err.println("tuner: could not release the running trials on exit: " + describe(e));
            }
        }

        void workerLoop() {
            String worker = WorkerId.current();
            while (!stop.get()) {
                if (System.nanoTime() - nextReclaim.get() >= 0) {
                    reclaim();
                }
                Optional<Trial> claimed = storage.claimTrial(studyId, target, worker);
                if (claimed.isEmpty()) {
                    if (awaitOtherWorkers()) {
                        continue;
                    }
                    return;
                }
                Trial trial = claimed.get();
                running.put(trial.id(), Boolean.TRUE);
                try {
                    runTrial(trial);
                } finally {
                    running.remove(trial.id());
                }
            }
        }

        /**
         * Puts back the trials of workers that died while this run goes on (a dead process on this host at once,
         * another host's after its heartbeat went stale), so that they are retried here rather than by the next run.
         */
        int reclaim() {
            nextReclaim.set(System.nanoTime() + HEARTBEAT.toNanos());
            int reclaimed = requeueAbandoned(studyId);
            if (reclaimed > 0) {
                listener.reclaimed(reclaimed);
            }
            return reclaimed;
        }

        /**
         * Called when a claim found nothing to do because the trials still running reach the target. Those of this
         * run finish here; those of other workers count only if they finish: their worker may die (then they are
         * reclaimed and run here) or be stopped (then they come back as WAITING). So this worker waits while other
         * workers' trials run, and the run ends with the target reached rather than one trial short.
         *
         * @return whether to claim again
         */
        boolean awaitOtherWorkers() {
            if (reclaim() > 0) {
                return true;
            }
            // Only trials whose worker still beats: a live process that stopped beating (suspended, hung) is not
            // taken from, but not waited for either, so that this run cannot wait for ever.
            Map<Long, java.time.Instant> beats = storage.heartbeats(studyId);
            java.time.Instant fresh = java.time.Instant.now().minus(staleAfter);
            List<Trial> othersRunning = storage.trials(studyId).stream()
                    .filter(t -> t.state() == TrialState.RUNNING && !running.containsKey(t.id()))
                    .filter(t -> beats.containsKey(t.id()) && beats.get(t.id()).isAfter(fresh)).toList();
            if (othersRunning.isEmpty() || stop.get()) {
                return false;
            }
            if (toldWaiting.compareAndSet(false, true)) {
                listener.awaitingOthers(othersRunning.size());
            }
            try {
                Thread.sleep(AWAIT_OTHERS.toMillis());
            } catch (InterruptedException e) {
                stop.set(true);
                Thread.currentThread().interrupt();
                return false;
            }
            return true;
        }

        void runTrial(Trial claimed) {
            long trialStart = System.nanoTime();
            Map<String, Object> params = claimed.params();
            try {
                if (params.isEmpty() && !settings.space().isEmpty()) {
                    // One proposal at a time in this process: each sees the parameters of the trials proposed just
                    // before it, so parallel workers never take the same grid point.
                    synchronized (sampleLock) {
                        params = settings.space().activeOnly(sampler.sample(new SamplingContext(settings.space(),
                                () -> storage.trials(studyId), settings.directions(), claimed.number(), settings.seed(),
                                settings.constraints())));
                        storage.setParams(claimed.id(), params);
                    }
                }
            } catch (RuntimeException e) {
                finish(claimed, Outcome.failed(Map.of(), "sampler failed: " + describe(e)));
                return;
            }
            finish(claimed, evaluate(claimed, params, trialStart));
        }

        Outcome evaluate(Trial claimed, Map<String, Object> params, long trialStart) {
            List<Double> ladder = pruner.budgetsFor(claimed.number(), settings.budgets());
            String primary = settings.objectives().get(0).metric();
            boolean several = settings.objectives().size() > 1;
            Map<Double, List<Double>> rungValues = new TreeMap<>();
            Map<String, Double> averaged = Map.of();
            for (double budget : ladder) {
                List<Map<String, Double>> perFold = new ArrayList<>();
                for (int fold = 0; fold < settings.folds(); fold++) {
                    String where = "budget " + budget + ", fold " + fold;
                    Map<String, Double> metrics;
                    try {
                        metrics = callObjective(params, budget, fold, trialStart);
                    } catch (TimeoutException e) {
                        return Outcome.failed(averaged, "exceeded trialTimeout " + settings.trialTimeout()
                                + " (" + where + ")");
                    } catch (Throwable e) {
                        return Outcome.failed(averaged, describe(e) + " (" + where + ")");
                    }
                    if (metrics == null) {
                        return Outcome.failed(averaged, "objective returned no metrics (" + where + ")");
                    }
                    perFold.add(metrics);
                }
                averaged = average(perFold);
                for (ObjectiveSpec spec : settings.objectives()) {
                    Double v = averaged.get(spec.metric());
                    if (v == null) {
                        return Outcome.failed(averaged, "objective returned no '" + spec.metric()
                                + "' (it returned " + averaged.keySet() + ") at budget " + budget);
                    }
                    if (!Double.isFinite(v)) {
                        return Outcome.failed(averaged, "'" + spec.metric() + "' is " + v + " at budget " + budget);
                    }
                }
                double value = averaged.get(primary);
                boolean last = budget == ladder.get(ladder.size() - 1);
                if (several && !last) {
                    // Every objective's value at this rung, for the multi-objective pruning rule; written before
                    // the intermediate value so that whoever sees the rung reported also finds the vector.
                    List<Double> vector = new ArrayList<>();
                    for (ObjectiveSpec spec : settings.objectives()) {
                        vector.add(averaged.get(spec.metric()));
                    }
                    rungValues.put(budget, vector);
                    storage.setStudyAttribute(studyId, RUNG_VALUES + claimed.number(), toJson(rungValues));
                }
                if (last) {
                    // The last rung's value is written with the outcome, in one transaction (see finish).
                    List<Double> values = new ArrayList<>();
                    for (ObjectiveSpec spec : settings.objectives()) {
                        values.add(averaged.get(spec.metric()));
                    }
                    return new Outcome(TrialState.COMPLETE, values, averaged, null, budget, value);
                }
                storage.reportIntermediate(claimed.id(), budget, value);
                // One read serves both: this trial as stored and the others the pruner compares it with.
                List<Trial> all = storage.trials(studyId);
                Trial current = null;
                List<Trial> others = new ArrayList<>(all.size());
                for (Trial t : all) {
                    if (t.id() == claimed.id()) {
                        current = t;
                    } else {
                        others.add(t);
                    }
                }
                if (current == null) {
                    throw new IllegalStateException("trial " + claimed.id() + " vanished from storage");
                }
                boolean prune = several
                        ? paretoPrune(rungValues.get(budget), budget, others)
                        : pruner.shouldPrune(new PruningContext(current, budget, settings.budgets(), others,
                        settings.objectives().get(0).direction()));
                if (prune) {
                    return new Outcome(TrialState.PRUNED, List.of(), averaged,
                            "pruned at budget " + budget + " with " + primary + "=" + format(value));
                }
            }
            // Only an empty ladder gets here: nothing was evaluated.
            return new Outcome(TrialState.COMPLETE, List.of(), averaged, null);
        }

        /** The pruner's judgement of several objectives against every other trial that reported at {@code budget}. */
        boolean paretoPrune(List<Double> values, double budget, List<Trial> others) {
            if (Double.isNaN(pruner.keepFraction())) {
                return false;
            }
            List<double[]> rung = new ArrayList<>();
            for (Trial t : others) {
                if (!t.intermediate().containsKey(budget)) {
                    continue;
                }
                List<Double> v = rungValuesOf(t.number()).get(budget);
                if (v != null && v.size() == settings.objectives().size()) {
                    rung.add(ParetoFront.lossesOf(v, settings.directions()));
                }
            }
            return pruner.shouldPrune(ParetoFront.lossesOf(values, settings.directions()), rung);
        }

        Map<Double, List<Double>> rungValuesOf(int trialNumber) {
            Optional<String> json = storage.studyAttribute(studyId, RUNG_VALUES + trialNumber);
            if (json.isEmpty()) {
                return Map.of();
            }
            try {
                Map<String, List<Double>> raw = JSON.readValue(json.get(),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, List<Double>>>() { });
                Map<Double, List<Double>> out = new TreeMap<>();
                raw.forEach((k, v) -> out.put(Double.parseDouble(k), v));
                return out;
            } catch (JsonProcessingException e) {
                return Map.of();
            }
        }

        Map<String, Double> callObjective(Map<String, Object> params, double budget, int fold, long trialStart)
                throws Throwable {
            if (settings.trialTimeout() == null) {
                return objective.evaluate(params, budget, fold);
            }
            long remainingNanos = settings.trialTimeout().toNanos() - (System.nanoTime() - trialStart);
            if (remainingNanos <= 0) {
                throw new TimeoutException();
            }
            Future<Map<String, Double>> f = evaluations.submit(() -> objective.evaluate(params, budget, fold));
            try {
                return f.get(remainingNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // The evaluation thread is a daemon: if the trainer ignores interruption it cannot keep the JVM alive.
                f.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                throw e.getCause();
            } catch (CancellationException e) {
                throw new TimeoutException();
            }
        }

        void finish(Trial claimed, Outcome outcome) {
            TrialState state = outcome.state;
            String message = outcome.message;
            if (Double.isNaN(outcome.lastBudget)) {
                storage.finishTrial(claimed.id(), state, outcome.values, outcome.metrics, message);
            } else {
                storage.reportAndFinishTrial(claimed.id(), outcome.lastBudget, outcome.lastValue, state,
                        outcome.values, outcome.metrics, message);
            }
            ranHere.incrementAndGet();
            if (state == TrialState.FAILED) {
                int failures = consecutiveFailures.incrementAndGet();
                if (failures >= FAILURES_BEFORE_ABORT) {
                    List<Trial> all = storage.trials(studyId);
                    if (all.stream().noneMatch(t -> t.state() == TrialState.COMPLETE)) {
                        abort.compareAndSet(null, "the first " + failures + " trials all failed" + failureQuotes(all));
                        stop.set(true);
                    }
                }
            } else {
                consecutiveFailures.set(0);
            }
            if (listener == StudyListener.NONE) {
                return; // nobody reads the progress: no need to read the study back
            }
            List<Trial> all = storage.trials(studyId);
            Trial done = all.stream().filter(t -> t.id() == claimed.id()).findFirst().orElseThrow();
            int finished = (int) all.stream().filter(t -> t.state().isFinished()).count();
            // Several objectives have no single best trial: the front is what progresses.
            boolean several = settings.objectives().size() > 1;
            Trial best = several ? null
                    : StudyResult.bestOf(all, settings.objectives().get(0).direction(), settings.constraints());
            int front = several ? ParetoFront.of(all, settings.objectives(), settings.constraints()).size() : 0;
            double elapsed = elapsedSeconds();
            int doneHere = finished - finishedBefore;
            double eta = doneHere > 0 && finished < target
                    ? elapsed / doneHere * (target - finished) : (finished >= target ? 0 : Double.NaN);
            listener.trialFinished(done, new StudyProgress(finished, target, best, front, elapsed, eta));
        }
    }

    /**
     * How a trial ended; {@code lastBudget} and {@code lastValue} are the intermediate value of its last rung, still to
     * be written with the outcome (NaN budget: nothing to write).
     */
    private record Outcome(TrialState state, List<Double> values, Map<String, Double> metrics, String message,
                           double lastBudget, double lastValue) {
        Outcome(TrialState state, List<Double> values, Map<String, Double> metrics, String message) {
            this(state, values, metrics, message, Double.NaN, Double.NaN);
        }

        static Outcome failed(Map<String, Double> metrics, String message) {
            return new Outcome(TrialState.FAILED, List.of(), metrics, message);
        }
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

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String describe(Throwable e) {
        String msg = e.getMessage();
        String first = msg == null ? "" : msg.lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }

    static String format(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    private static boolean addShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException | SecurityException e) {
            return false; // already shutting down, or not allowed: the abandoned-trial check still covers a crash
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | SecurityException e) {
            // Shutting down: the hook runs or has run, which is what it is for.
        }
    }

    private static ScheduledThreadPoolExecutor heartbeatScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemon("tuner-heartbeat"));
        scheduler.setRemoveOnCancelPolicy(true); // an ended study's task leaves the queue at once
        return scheduler;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Who runs a trial: host, process id and thread, so that a rerun can tell a dead process from a live one. */
    record WorkerId(String host, long pid, String thread) {
        static final String HOST = hostName();

        static String current() {
            return HOST + "/" + ProcessHandle.current().pid() + "/" + Thread.currentThread().getName();
        }

        static WorkerId parse(String text) {
            if (text == null) {
                return null;
            }
            String[] parts = text.split("/", 3);
            if (parts.length < 3) {
                return null;
            }
            try {
                return new WorkerId(parts[0], Long.parseLong(parts[1]), parts[2]);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                return "localhost";
            }
        }
    }
}
