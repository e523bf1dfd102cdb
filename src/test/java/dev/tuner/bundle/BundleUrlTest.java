package dev.tuner.bundle;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bundle over HTTP: served, missing, refused by the server, or behind a server that never answers. */
class BundleUrlTest {
    @TempDir
    static Path dir;
    static HttpServer server;
    static ModelBundle fallback;

    @BeforeAll
    static void serve() throws Exception {
        Path zip = BundleFixtures.built(dir, "good.zip");
        fallback = BundleLoader.load(zip);
        byte[] bytes = Files.readAllBytes(zip);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = path.equals("/good.zip") ? 200 : path.equals("/forbidden.zip") ? 403 : 404;
            byte[] body = status == 200 ? bytes : "<html>no</html>".getBytes();
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static URL url(String path) throws Exception {
        return new URL("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void aServedBundleLoads() throws Exception {
        assertEquals(fallback.metrics(), BundleLoader.of(url("/good.zip")).load().metrics());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/missing.zip:HTTP 404", "/forbidden.zip:HTTP 403"})
    void anHttpErrorNamesTheUrlAndTheStatus(String pathAndStatus) throws Exception {
        String[] parts = pathAndStatus.split(":");
        BundleLoader loader = BundleLoader.of(url(parts[0]));
        BundleException e = assertThrows(BundleException.class, loader::load);
        assertTrue(e.getMessage().startsWith(url(parts[0]) + ": " + parts[1]), e.getMessage());
        assertSame(fallback, loader.loadOrElse(fallback));
    }

    /** The JDK's URL connections wait forever by default: without a timeout this load never returns. */
    @Test
    void aServerThatNeverAnswersFailsTheLoadAfterTheTimeout() throws Exception {
        // The kernel completes the connection into the backlog; nothing ever reads the request or answers it.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            BundleLoader loader = BundleLoader.of(new URL("http://127.0.0.1:" + silent.getLocalPort() + "/b.zip"))
                    .timeout(Duration.ofMillis(300));
            BundleException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(BundleException.class, loader::load));
            assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
            assertSame(fallback, assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> loader.loadOrElse(fallback)));
        }
    }

    @Test
    void aTimeoutMustBePositive() {
        BundleLoader loader = BundleLoader.of(dir.resolve("good.zip"));
        assertThrows(IllegalArgumentException.class, () -> loader.timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> loader.timeout(Duration.ofSeconds(-1)));
    }
}
