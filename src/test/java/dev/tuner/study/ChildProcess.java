package dev.tuner.study;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A JVM running a main class of the test classpath, with its output collected line by line as it comes. */
final class ChildProcess implements AutoCloseable {
    final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    ChildProcess(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // The process was killed: its output ends here.
            }
        }, "output of " + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits until a line matches, or fails with everything the process printed. */
    String await(Predicate<String> wanted, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (lines) {
            while (true) {
                for (String l : lines) {
                    if (wanted.test(l)) {
                        return l;
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("the process printed no expected line in " + timeoutMillis + " ms:\n" + output());
                }
                lines.wait(left);
            }
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the process did not end in " + seconds + " s:\n" + output());
        }
        reader.join(5_000); // the last lines may still be in the pipe
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
