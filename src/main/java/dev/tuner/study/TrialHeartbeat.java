package dev.tuner.study;

import dev.tuner.trial.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Which trials have been running long enough to deserve a line while they run, and what the line says: a 15 s
 * trial otherwise prints nothing until it ends. Fed by {@link StudyListener#evaluating} and
 * {@link StudyListener#trialFinished}; asked with {@link #due} by whoever prints (once a second is enough). Times are
 * {@link System#nanoTime} values passed in, so that tests choose them.
 */
public final class TrialHeartbeat {
    /** The default: the first line after 10 s of a trial, then one every 10 s. */
    public static final long EVERY_SECONDS = 10;

    private final long everyNanos;
    private final Map<Integer, Running> running = new TreeMap<>();

    private static final class Running {
        final long started;
        long nextLine;
        double budget;
        int fold;
        int folds;

        Running(long started, long nextLine) {
            this.started = started;
            this.nextLine = nextLine;
        }
    }

    public TrialHeartbeat() {
        this(EVERY_SECONDS, TimeUnit.SECONDS);
    }

    public TrialHeartbeat(long every, TimeUnit unit) {
        this.everyNanos = unit.toNanos(every);
    }

    /**
     * Hands the due lines to {@code out} once a second on a daemon thread until the returned handle is closed: the
     * printing side (a build log) only says where lines go.
     */
    public AutoCloseable printEverySecond(Consumer<String> out) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tuner-heartbeat");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> due(System.nanoTime()).forEach(out), 1, 1, TimeUnit.SECONDS);
        return ticker::shutdownNow;
    }

    /** Trial {@code number} starts fold {@code fold} (0-based) of {@code folds} at {@code budget}. */
    public synchronized void evaluating(int number, double budget, int fold, int folds, long now) {
        Running r = running.computeIfAbsent(number, n -> new Running(now, now + everyNanos));
        r.budget = budget;
        r.fold = fold;
        r.folds = folds;
    }

    public synchronized void finished(int number) {
        running.remove(number);
    }

    /** One line per trial whose next line is due at {@code now}: "trial 7 running 20 s (budget 1.0, fold 2/3)". */
    public synchronized List<String> due(long now) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Integer, Running> e : running.entrySet()) {
            Running r = e.getValue();
            if (now - r.nextLine >= 0) {
                long seconds = TimeUnit.NANOSECONDS.toSeconds(now - r.started);
                lines.add(String.format(Locale.ROOT, "trial %d running %d s (budget %s, fold %d/%d)", e.getKey(),
                        seconds, r.budget, r.fold + 1, r.folds));
                // The next line a whole period later, without a burst after a pause (a suspended JVM, a slow tick).
                while (now - r.nextLine >= 0) {
                    r.nextLine += everyNanos;
                }
            }
        }
        return lines;
    }
}
