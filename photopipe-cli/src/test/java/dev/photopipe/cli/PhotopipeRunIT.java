package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.ingest.simulate.SyntheticJpeg;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code photopipe run} as users run it: {@code java -jar target/photopipe.jar} in a child process,
 * stopped with SIGTERM ({@link Process#destroy()}), restarted on the same data directory.
 */
class PhotopipeRunIT {
    private static final Duration READY_TIMEOUT = PhotopipeProcess.READY_TIMEOUT;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void runProvisionsTopicsServesASingleServiceStopsWithExit0OnSigtermAndKeepsTopicsAcrossRestart() throws Exception {
        Set<String> expected = TopicCatalog.defaults().all().stream().map(TopicSpec::name).collect(Collectors.toSet());

        try (PhotopipeProcess first = PhotopipeProcess.run(dataDir)) {
            first.awaitLine("photopipe is running");
            assertThat(listTopics(first.bootstrapServers())).containsAll(expected);
            assertThat(first.output()).contains("Topics ready: 11 created")
                    .as("without piwigo.url, run says plainly that it uploads to an emulator")
                    .contains("No piwigo.url set: uploading to the local Piwigo EMULATOR");

            // A photo dropped into the default hot folder becomes an event on the embedded broker.
            Path photo = dataDir.resolve("hotfolder/plant-1/line-1/cam-01/part-1.jpg");
            Files.createDirectories(photo.getParent());
            Files.write(photo, new SyntheticJpeg().seed(1).size(64, 48).toBytes());
            await().atMost(READY_TIMEOUT).untilAsserted(() -> assertThat(
                    countRecords(first.bootstrapServers(), TopicCatalog.defaults().name(PhotopipeTopic.CAPTURED_PHOTOS)))
                    .isEqualTo(1));

            // What an operator (or Prometheus) sees of it.
            String metrics = first.metricsUrl();
            assertThat(httpGet(metrics + "/metrics")).contains("photopipe_ingest_published_total 1.0", "jvm_memory_used_bytes");
            assertThat(httpGet(metrics + "/health/ready")).contains("\"status\":\"UP\"", "broker(s) at", "enrich-stream",
                            "expiry-stream")
                    .as("Piwigo (here the emulator) in readiness").contains("\"piwigo\"", "logged in as");
            // The sink's consumer lag, as Grafana's lag panel reads it.
            assertThat(httpGet(metrics + "/metrics").lines()
                    .filter(line -> line.startsWith("kafka_consumer_fetch_manager_records_lag_max{"))
                    .filter(line -> line.contains("photopipe-sink"))).as("the sink consumer's lag meter").isNotEmpty();
            // enrich-stream routed it (no rules loaded: the fallback album) and counts it under "no batch".
            await().atMost(READY_TIMEOUT).untilAsserted(() -> assertThat(httpGet(metrics + "/enrich/batches"))
                    .contains("\"(none)\":{\"captured\":1,\"duplicates\":0,\"routed\":1"));

            // A single service against the running broker, as docker-compose runs them.
            try (PiwigoEmulator piwigo = PiwigoEmulator.builder().start();
                    PhotopipeProcess sink = PhotopipeProcess.start("sink", "--bootstrap-servers", first.bootstrapServers(),
                            "--set", "piwigo.url=" + piwigo.url(), "--set", "piwigo.api.key=" + PiwigoEmulator.DEFAULT_API_KEY,
                            // Not the default ./data/sink-state in the module directory, and not the
                            // running pipeline's <data-dir>/sink-state, which that process has locked.
                            "--set", "sink.state.dir=" + dataDir.resolve("standalone-sink-state"),
                            "--set", "views.state.dir=" + dataDir.resolve("standalone-views-state"),
                            "--set", "metrics.port=0")) {
                sink.awaitLine("piwigo-sink is running");
                sink.process.destroy();
                assertThat(sink.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                assertThat(sink.process.exitValue()).as("exit code; output:%n%s", sink.output()).isZero();
            }

            first.process.destroy();

            assertThat(first.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("stopped within %s after SIGTERM; output:%n%s", STOP_TIMEOUT, first.output()).isTrue();
            assertThat(first.process.exitValue()).as("exit code; output:%n%s", first.output()).isZero();
            assertThat(first.output()).containsSubsequence("Stopped expiry-stream", "Stopped piwigo-sink", "Stopped enrich-stream",
                    "Stopped ingest-producer", "Stopped embedded Kafka broker", "photopipe stopped cleanly");
        }

        try (PhotopipeProcess second = PhotopipeProcess.run(dataDir)) {
            second.awaitLine("photopipe is running");
            assertThat(second.output()).as("the restarted broker kept every topic")
                    .contains("Topics ready: 0 created [], 11 already existed");
            assertThat(listTopics(second.bootstrapServers())).containsAll(expected);

            second.process.destroy();

            assertThat(second.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(second.process.exitValue()).as("exit code; output:%n%s", second.output()).isZero();
        }
    }

    private static String httpGet(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return response.body();
    }

    private static int countRecords(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
                    .collect(Collectors.toMap(tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToInt(info -> (int) info.offset()).sum();
        }
    }

    private static Set<String> listTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
