package dev.tuner.study;

import dev.tuner.pruner.Pruner;
import dev.tuner.pruner.PruningContext;
import dev.tuner.sampler.Sampler;
import dev.tuner.sampler.SamplingContext;
import dev.tuner.storage.StudyStorage;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.ParetoFront;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** One execution of {@link Study#optimize()}: worker threads, heartbeats, the trial loop and its progress. */
final class StudyRun {
    private final Study study;
    private final StudySettings settings;
    private final StudyStorage storage;
    private final Sampler sampler;
    private final Pruner pruner;
    private final Objective objective;
    private final StudyListener listener;
    private final Duration staleAfter;
    final long studyId;
    final int target;
    final long startNanos = System.nanoTime();
    final AtomicInteger ranHere = new AtomicInteger();
    /**
     * Trials this run finished in storage and has not yet reported to the listener: with several jobs, a trial
     * finishing while another's report reads the study back is counted by that report, so each report leaves out the
     * others still waiting and the count rises by one per line.
     */
    private final Set<Long> unreported = ConcurrentHashMap.newKeySet();
    private final Object reporting = new Object();
    final AtomicInteger consecutiveFailures = new AtomicInteger();
    final AtomicReference<String> abort = new AtomicReference<>();
    final AtomicBoolean stop = new AtomicBoolean();
    final Map<Long, Boolean> running = new ConcurrentHashMap<>();
    final int finishedBefore;
    final Object sampleLock = new Object();
    final ExecutorService evaluations = Executors.newCachedThreadPool(WorkerLiveness.daemon("tuner-eval"));
    /** When the next check for trials of dead workers is due (System.nanoTime). */
    final AtomicLong nextReclaim = new AtomicLong(System.nanoTime() + Study.HEARTBEAT.toNanos());
    final AtomicBoolean toldWaiting = new AtomicBoolean();

    StudyRun(Study study, long studyId, int target, int finishedBefore) {
        this.study = study;
        this.settings = study.settings;
        this.storage = study.storage;
        this.sampler = study.sampler;
        this.pruner = study.pruner;
        this.objective = study.objective;
        this.listener = study.listener;
        this.staleAfter = study.staleAfter;
        this.studyId = studyId;
        this.target = target;
        this.finishedBefore = finishedBefore;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    void execute() {
        var beating = WorkerLiveness.beat(storage, running.keySet(), Study.HEARTBEAT);
        Thread releaseOnExit = new Thread(this::releaseRunningTrials, "tuner-release-on-exit");
        boolean hooked = WorkerLiveness.addShutdownHook(releaseOnExit);
        ExecutorService workers = null;
        try {
            if (settings.jobs() == 1) {
                // One worker runs in the caller's thread: no hand-over per study, and the caller's interrupt
                // reaches the objective directly.
                workerLoop();
                return;
            }
            workers = Executors.newFixedThreadPool(settings.jobs(), WorkerLiveness.daemon("tuner-worker"));
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
                WorkerLiveness.removeShutdownHook(releaseOnExit);
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
        Set<Long> mine = Set.copyOf(running.keySet());
        if (mine.isEmpty()) {
            return;
        }
        try {
            int released = storage.requeueAbandonedTrials(studyId, t -> mine.contains(t.id()));
            listener.released(released);
        } catch (RuntimeException e) {
            // The storage may already be closed or unreachable; the next run's abandoned-trial check remains.
            System.err.println("tuner: could not release the running trials on exit: " + Study.describe(e));
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
        nextReclaim.set(System.nanoTime() + Study.HEARTBEAT.toNanos());
        int reclaimed = study.requeueAbandoned(studyId);
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
        Map<Long, Instant> beats = storage.heartbeats(studyId);
        Instant fresh = Instant.now().minus(staleAfter);
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
            Thread.sleep(Study.AWAIT_OTHERS.toMillis());
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
            finish(claimed, Outcome.failed(Map.of(), "sampler failed: " + Study.describe(e)));
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
                listener.evaluating(claimed, budget, fold, settings.folds());
                try {
                    metrics = callObjective(params, budget, fold, trialStart);
                } catch (TimeoutException e) {
                    return Outcome.failed(averaged, "exceeded trialTimeout " + settings.trialTimeout()
                            + " (" + where + ")");
                } catch (Throwable e) {
                    return Outcome.failed(averaged, Study.describe(e) + " (" + where + ")");
                }
                if (metrics == null) {
                    return Outcome.failed(averaged, "objective returned no metrics (" + where + ")");
                }
                perFold.add(metrics);
            }
            averaged = Study.average(perFold);
            String unusable = Study.unusableMetrics(averaged, settings.objectives());
            if (unusable != null) {
                return Outcome.failed(averaged, unusable + " at budget " + budget);
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
                RungValues.write(storage, studyId, claimed.number(), rungValues);
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
                        "pruned at budget " + budget + " with " + primary + "=" + Study.format(value));
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
            List<Double> v = RungValues.read(storage, studyId, t.number()).get(budget);
            if (v != null && v.size() == settings.objectives().size()) {
                rung.add(ParetoFront.lossesOf(v, settings.directions()));
            }
        }
        return pruner.shouldPrune(ParetoFront.lossesOf(values, settings.directions()), rung);
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
        // Under the reporting lock: a report reads the study back either before this trial is finished in storage or
        // after it is also among the unreported, never in between.
        synchronized (reporting) {
            if (Double.isNaN(outcome.lastBudget)) {
                storage.finishTrial(claimed.id(), state, outcome.values, outcome.metrics, message);
            } else {
                storage.reportAndFinishTrial(claimed.id(), outcome.lastBudget, outcome.lastValue, state,
                        outcome.values, outcome.metrics, message);
            }
            if (listener != StudyListener.NONE) {
                unreported.add(claimed.id());
            }
        }
        ranHere.incrementAndGet();
        if (state == TrialState.FAILED) {
            int failures = consecutiveFailures.incrementAndGet();
            if (failures >= Study.FAILURES_BEFORE_ABORT) {
                List<Trial> all = storage.trials(studyId);
                if (all.stream().noneMatch(t -> t.state() == TrialState.COMPLETE)) {
                    abort.compareAndSet(null, "the first " + failures + " trials all failed" + Study.failureQuotes(all));
                    stop.set(true);
                }
            }
        } else {
            consecutiveFailures.set(0);
        }
        if (listener == StudyListener.NONE) {
            return; // nobody reads the progress: no need to read the study back
        }
        synchronized (reporting) {
            List<Trial> all = storage.trials(studyId);
            Trial done = all.stream().filter(t -> t.id() == claimed.id()).findFirst().orElseThrow();
            unreported.remove(claimed.id());
            listener.trialFinished(done, StudyProgress.of(all, settings, target, finishedBefore, elapsedSeconds(),
                    unreported.size()));
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
}
