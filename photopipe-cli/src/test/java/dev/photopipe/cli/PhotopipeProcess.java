package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A photopipe child process, {@code java -jar target/photopipe.jar ...} as users run it. Its
 * output goes to a file, not a pipe: {@link Process#destroy()} closes the pipes, and the lines
 * written while stopping are the ones tests check.
 */
final class PhotopipeProcess implements AutoCloseable {
    /**
     * A whole pipeline starting in a fresh JVM: about 15 s on a quiet 2-core machine, 80 s and
     * more at a load average of 60 (a Kafka 4.4.0 trial saw the broker alone take 27 s). A deadline
     * for a hung start, not a speed check: the waits return as soon as the line appears.
     */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Pattern EMBEDDED_AT = Pattern.compile("Kafka: embedded broker at (\\S+)");
    private static final Pattern METRICS_AT = Pattern.compile("Metrics: (http://[^/\\s]+)/metrics");
    private static final Pattern CAPTURES_AT = Pattern.compile("Capture endpoint: POST (http://\\S+/captures)");

    final Process process;
    private final Path log;

    private PhotopipeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static PhotopipeProcess run(Path dataDir) throws IOException {
        return start("run", "--data-dir", dataDir.toString(), "--kafka-port", "0", "--set", "ingest.http.port=0",
                "--set", "metrics.port=0");
    }

    static PhotopipeProcess start(String... args) throws IOException {
        return startIn(Path.of(""), args);
    }

    /** Starts photopipe with {@code workDir} as its working directory. */
    static PhotopipeProcess startIn(Path workDir, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("photopipe.jar", "target/photopipe.jar")).toAbsolutePath();
        assertThat(jar).as("built by 'package' before failsafe runs").isRegularFile();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Files.createTempFile("photopipe-run-", ".log");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(workDir.toAbsolutePath().toFile());
        // The developer's own PHOTOPIPE_* settings must not leak into the test.
        builder.environment().keySet().removeIf(name -> name.startsWith("PHOTOPIPE_"));
        return new PhotopipeProcess(builder.start(), log);
    }

    void awaitLine(String text) {
        await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .failFast("photopipe exited early; output:\n" + output(), () -> !process.isAlive())
                .until(() -> output().contains(text));
    }

    String metricsUrl() {
        Matcher address = METRICS_AT.matcher(output());
        assertThat(address.find()).as("logged metrics address; output:%n%s", output()).isTrue();
        return address.group(1);
    }

    /** The capture endpoint's URL, {@code http://host:port/captures}, as logged. */
    String captureUrl() {
        Matcher address = CAPTURES_AT.matcher(output());
        assertThat(address.find()).as("logged capture endpoint; output:%n%s", output()).isTrue();
        return address.group(1);
    }

    String bootstrapServers() {
        Matcher address = EMBEDDED_AT.matcher(output());
        assertThat(address.find()).as("logged embedded broker address; output:%n%s", output()).isTrue();
        return address.group(1);
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // Shown in the failsafe report, so a failure can be diagnosed from CI output.
        System.out.println(output());
        Files.deleteIfExists(log);
    }
}
