package dev.tuner.study;

import dev.tuner.storage.StudyStorage;
import dev.tuner.trial.Trial;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the workers of a study tell the living from the dead: heartbeats for running trials, the check that finds
 * trials of dead workers, and the exit hook that hands back a stopping process's trials.
 */
final class WorkerLiveness {
    /** Beats for the running trials of every study in this JVM; a daemon, started on first use. */
    private static final ScheduledThreadPoolExecutor HEARTBEATS = heartbeatScheduler();

    private WorkerLiveness() {
    }

    /**
     * Beats every {@code interval} for the trials in {@code running} until the returned task is cancelled. One
     * scheduler thread for the whole JVM beats for every study: a study of cheap trials does not pay for starting a
     * thread.
     */
    static ScheduledFuture<?> beat(StudyStorage storage, Set<Long> running, Duration interval) {
        return HEARTBEATS.scheduleAtFixedRate(() -> running.forEach(id -> {
            try {
                storage.heartbeat(id);
            } catch (RuntimeException ignored) {
                // A missed heartbeat is retried at the next tick; it must not kill the worker.
            }
        }), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A RUNNING trial is abandoned when its process is gone (same host) or its heartbeat is stale (any host). */
    static boolean isAbandoned(Trial trial, Instant lastHeartbeat, Duration staleAfter) {
        WorkerId worker = WorkerId.parse(trial.worker());
        if (worker != null && worker.host().equals(WorkerId.HOST)) {
            if (worker.pid() == ProcessHandle.current().pid()) {
                return false;
            }
            return ProcessHandle.of(worker.pid()).map(p -> !p.isAlive()).orElse(true);
        }
        Instant last = lastHeartbeat != null ? lastHeartbeat : trial.started();
        return last == null || last.plus(staleAfter).isBefore(Instant.now());
    }

    static boolean addShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException | SecurityException e) {
            return false; // already shutting down, or not allowed: the abandoned-trial check still covers a crash
        }
    }

    static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | SecurityException e) {
            // Shutting down: the hook runs or has run, which is what it is for.
        }
    }

    private static ScheduledThreadPoolExecutor heartbeatScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, WorkerLiveness.daemon("tuner-heartbeat"));
        scheduler.setRemoveOnCancelPolicy(true); // an ended study's task leaves the queue at once
        return scheduler;
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
