package dev.tuner.storage;

import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Child JVMs running {@link ClaimingProcess} against one study storage, as several builds (or machines) sharing a
 * study do: each claims and finishes trials until the target, once the start file appears, and prints the numbers
 * it claimed.
 */
final class ClaimingProcesses implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final Path startFile;

    /** Starts {@code count} children named {@code <name>-<i>} on {@code storage}'s study {@code study}. */
    ClaimingProcesses(String storage, String study, int target, int count, String name, Path startFile)
            throws IOException {
        this.startFile = startFile;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            for (int p = 0; p < count; p++) {
                Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        ClaimingProcess.class.getName(), storage, study, Integer.toString(target), name + "-" + p,
                        startFile.toString()).redirectErrorStream(true).start();
                processes.add(process);
                outputs.add(new Output(process));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Waits until every child has opened the storage, then lets them all start claiming at once. */
    void start(long timeoutSeconds) throws Exception {
        for (Output output : outputs) {
            output.ready.get(timeoutSeconds, TimeUnit.SECONDS);
        }
        Files.createFile(startFile);
    }

    /** Waits for every child to exit cleanly; the numbers each one claimed, in process order. */
    List<List<Integer>> claimed(long timeoutSeconds) throws Exception {
        List<List<Integer>> all = new ArrayList<>();
        for (int p = 0; p < processes.size(); p++) {
            assertTrue(processes.get(p).waitFor(timeoutSeconds, TimeUnit.SECONDS), "process " + p + " finished");
            String text = outputs.get(p).text.get(5, TimeUnit.SECONDS);
            assertEquals(0, processes.get(p).exitValue(), text);
            all.add(text.lines().filter(l -> l.matches("\\d+")).map(Integer::parseInt).toList());
        }
        return all;
    }

    /**
     * Every number from 0 to {@code target - 1} claimed once, by at least two of the claimants, and finished in
     * storage with the value the claimant gave it (its number).
     */
    static void assertDisjointAndComplete(List<List<Integer>> claimedByEach, int target, List<Trial> trials) {
        long participants = claimedByEach.stream().filter(c -> !c.isEmpty()).count();
        List<Integer> claimed = claimedByEach.stream().flatMap(List::stream).toList();
        assertTrue(participants >= 2, "the processes really raced (" + participants + " claimed trials)");
        assertEquals(target, claimed.size(), "claims in all processes");
        assertEquals(target, claimed.stream().distinct().count(), "no number claimed twice");
        assertEquals(target, trials.size());
        for (int i = 0; i < target; i++) {
            assertEquals(i, trials.get(i).number());
            assertEquals(TrialState.COMPLETE, trials.get(i).state());
            assertEquals(List.of((double) i), trials.get(i).values());
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }

    /** A child's output, read as it comes so that "ready" is seen while the child still runs. */
    private static final class Output {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<String> text = new CompletableFuture<>();

        Output(Process process) {
            Thread reader = new Thread(() -> {
                StringBuilder all = new StringBuilder();
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        all.append(line).append('\n');
                        if (line.equals("ready")) {
                            ready.complete(null);
                        }
                    }
                } catch (IOException e) {
                    all.append(e);
                }
                ready.completeExceptionally(new IllegalStateException("the process ended before it was ready:\n" + all));
                text.complete(all.toString());
            }, "output of " + process.pid());
            reader.setDaemon(true);
            reader.start();
        }
    }
}
