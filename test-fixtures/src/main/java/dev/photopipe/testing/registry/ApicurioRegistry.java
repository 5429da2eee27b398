package dev.photopipe.testing.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension giving integration tests the REAL Apicurio Registry server (its Confluent
 * compatible API at {@link #url()}), one per test JVM: started on first use, stopped after the
 * JVM's last test class. Tests share it, so each uses its own subjects (unique topic names).
 *
 * <p>The server distribution comes from Maven Central
 * ({@code io.apicurio:apicurio-registry-app:tar.gz:all}); the module's build unpacks it
 * (maven-dependency-plugin, execution {@code unpack-apicurio}) and passes the directory in the
 * system property {@value #DIR_PROPERTY}. The server runs in its own JVM on 127.0.0.1 and a free
 * port with in-memory storage; its output goes to the file in {@value #LOG_PROPERTY} (default: a
 * temporary file, named in the log). The global compatibility level is set to BACKWARD because
 * Apicurio's default, NONE, would accept every change.
 *
 * <pre>{@code
 * @ExtendWith(ApicurioRegistry.class)
 * class RegistryIT {
 *     String url = ApicurioRegistry.url(); // http://127.0.0.1:PORT/apis/ccompat/v7
 * }
 * }</pre>
 */
public final class ApicurioRegistry implements BeforeAllCallback {
    /** Directory holding the unpacked distribution ({@code apicurio-registry-app-*-runner.jar}, {@code lib/}). */
    public static final String DIR_PROPERTY = "photopipe.apicurio.dir";
    /** File receiving the server's output. */
    public static final String LOG_PROPERTY = "photopipe.apicurio.log";
    /** Path of the Confluent-compatible API under the server root. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final Namespace NAMESPACE = Namespace.create(ApicurioRegistry.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static volatile Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store closes the server once, after the last test class of this JVM.
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("apicurio", key -> {
            server = Server.start();
            return server;
        });
    }

    /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    public static String url() {
        return running().root + CCOMPAT_PATH;
    }

    /** Time from process start until the API answered. */
    public static Duration startupTime() {
        return running().startupTime;
    }

    private static Server running() {
        Server current = server;
        if (current == null) {
            throw new IllegalStateException("Annotate the test class with @ExtendWith(ApicurioRegistry.class)");
        }
        return current;
    }

    /** Stored in the root context: JUnit closes it after the JVM's last test class. */
    private static final class Server implements AutoCloseable {
        private final Process process;
        private final String root;
        private final Path log;
        private final Duration startupTime;

        private Server(Process process, String root, Path log, Duration startupTime) {
            this.process = process;
            this.root = root;
            this.log = log;
            this.startupTime = startupTime;
        }

        static Server start() {
            Path dir = distribution();
            Path jar = runnerJar(dir);
            int port = freePort();
            Path log = logFile();
            String root = "http://127.0.0.1:" + port;
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Small and quick: the test machine is shared by several builds.
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    "-jar", jar.toString());
            long started = System.nanoTime();
            Process process;
            try {
                process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start Apicurio Registry: " + command, e);
            }
            // Should the JVM end without the store closing us, the server must not outlive it.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "apicurio-stop"));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            try {
                awaitReady(http, process, root, log);
                Duration startup = Duration.ofNanos(System.nanoTime() - started);
                LOG.info("Apicurio Registry started in {} ms at {}{} (pid {}, output in {})",
                        startup.toMillis(), root, CCOMPAT_PATH, process.pid(), log);
                setBackwardCompatibility(http, root);
                return new Server(process, root, log, startup);
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
        }

        private static void awaitReady(HttpClient http, Process process, String root, Path log) {
            HttpRequest probe = HttpRequest.newBuilder(URI.create(root + CCOMPAT_PATH + "/subjects"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                            + " before it was ready; its output is in " + log);
                }
                try {
                    if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYetListening) {
                    // Expected while the server boots.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Apicurio Registry", e);
                }
                try {
                    // Waiting on the process both paces the polling and notices an early exit.
                    process.waitFor(250, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Apicurio Registry", e);
                }
            }
            throw new IllegalStateException("Apicurio Registry did not answer " + probe.uri() + " within "
                    + START_TIMEOUT.toSeconds() + " s; its output is in " + log);
        }

        private static void setBackwardCompatibility(HttpClient http, String root) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(root + CCOMPAT_PATH + "/config"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", CONTENT_TYPE)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}")).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || !response.body().contains("BACKWARD")) {
                    throw new IllegalStateException("Apicurio Registry refused the BACKWARD compatibility level: HTTP "
                            + response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot set Apicurio's compatibility level", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while configuring Apicurio Registry", e);
            }
        }

        @Override
        public void close() {
            server = null;
            process.destroy(); // SIGTERM: Quarkus shuts down gracefully
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            LOG.info("Apicurio Registry at {} stopped (output in {})", root, log);
        }

        private static Path distribution() {
            String configured = System.getProperty(DIR_PROPERTY);
            if (configured == null || configured.isBlank() || !Files.isDirectory(Path.of(configured))) {
                throw new IllegalStateException("Apicurio Registry distribution not found: system property "
                        + DIR_PROPERTY + " is '" + configured + "'. The build unpacks "
                        + "io.apicurio:apicurio-registry-app:tar.gz:all there with maven-dependency-plugin (execution "
                        + "'unpack-apicurio', phase pre-integration-test) and passes the directory through failsafe's "
                        + "systemPropertyVariables: run integration tests with 'mvn verify'.");
            }
            return Path.of(configured);
        }

        private static Path runnerJar(Path dir) {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("No *-runner.jar in " + dir + " (system property "
                                + DIR_PROPERTY + "): is the apicurio-registry-app tar.gz unpacked completely?"));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + dir, e);
            }
        }

        private static Path logFile() {
            try {
                String configured = System.getProperty(LOG_PROPERTY);
                if (configured != null && !configured.isBlank()) {
                    Path log = Path.of(configured);
                    Files.createDirectories(log.toAbsolutePath().getParent());
                    return log;
                }
                return Files.createTempFile("apicurio-", ".log");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the Apicurio log file", e);
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("No free port on 127.0.0.1", e);
            }
        }
    }
}
