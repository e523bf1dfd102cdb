package dev.tuner.storage;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of the tests: the one CI started ({@code TUNER_TEST_POSTGRES_URL}, or the system property
 * {@code tuner.test.postgresUrl}), else one this JVM starts with {@code .ci/postgres.sh} from Debian's package and
 * stops at exit. Where neither is possible the calling test is skipped, saying why.
 */
public final class TestPostgres {
    static final String ENV = "TUNER_TEST_POSTGRES_URL";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static String url;
    private static String unavailable;

    private TestPostgres() {
    }

    /** The server's JDBC URL, or skips the test. */
    public static synchronized String url() {
        if (url == null && unavailable == null) {
            try {
                url = find();
            } catch (Exception e) {
                unavailable = e.getMessage();
            }
        }
        Assumptions.assumeTrue(url != null, () -> "PostgreSQL tests skipped: " + unavailable);
        return url;
    }

    /** A URL to a new, empty schema of the server: each test gets a database of its own. */
    public static String freshSchemaUrl() throws SQLException {
        String base = url();
        String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String find() throws IOException, InterruptedException {
        String given = System.getenv(ENV);
        if (given == null || given.isBlank()) {
            given = System.getProperty("tuner.test.postgresUrl");
        }
        if (given != null && !given.isBlank() && !given.startsWith("${")) {
            return given.strip();
        }
        Path script = Path.of(".ci", "postgres.sh").toAbsolutePath();
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(ENV + " is not set and " + script + " is missing");
        }
        // The server runs as the 'postgres' user when we are root: its directory must be reachable by it.
        Path dir = Files.createTempDirectory("tuner-pg", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path cluster = dir.resolve("cluster");
        Process start = new ProcessBuilder("bash", script.toString(), "start", cluster.toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(start.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!start.waitFor(120, TimeUnit.SECONDS) || start.exitValue() != 0) {
            throw new IllegalStateException(ENV + " is not set and no server could be started with " + script
                    + ": " + (err.isEmpty() ? "exit " + start.exitValue() : err.lines().reduce((a, b) -> b).orElse(err)));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                new ProcessBuilder("bash", script.toString(), "stop", cluster.toString()).inheritIO().start()
                        .waitFor(60, TimeUnit.SECONDS);
                new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException ignored) {
                // Best effort: the server dies with the machine anyway.
            }
        }));
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }
}
