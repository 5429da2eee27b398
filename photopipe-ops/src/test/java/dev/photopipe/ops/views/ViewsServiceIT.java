package dev.photopipe.ops.views;

import static dev.photopipe.ops.testing.PipelineRecords.avro;
import static dev.photopipe.ops.testing.PipelineRecords.outcome;
import static dev.photopipe.ops.testing.PipelineRecords.photo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.observability.ObservabilityServer;
import dev.photopipe.ops.page.StatusPage;
import dev.photopipe.ops.views.query.FindQuery;
import dev.photopipe.ops.views.query.FoundPhotos;
import dev.photopipe.ops.views.query.HttpViews;
import dev.photopipe.ops.views.query.PhotoView;
import dev.photopipe.ops.views.query.ViewTotals;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.testing.kafka.SharedKafka;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The views on a real broker, as two processes run them: each holds some partitions, and either
 * answers for all (the other instance is found through Kafka Streams' metadata and asked over HTTP).
 */
@ExtendWith(SharedKafka.class)
class ViewsServiceIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int PHOTOS = 24;

    private final String prefix = SharedKafka.uniqueName("views") + ".";
    private final TopicCatalog catalog = TopicCatalog.of(prefix, 4, (short) 1);
    private final KafkaClients clients = new KafkaClients(SharedKafka.bootstrapServers(), "views-it");
    private final String applicationId = SharedKafka.uniqueName("views-app");
    private final List<AutoCloseable> running = new ArrayList<>();

    @TempDir
    Path stateDir;

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void eitherOfTwoInstancesAnswersForEveryPartition() throws Exception {
        try (Admin admin = clients.admin()) {
            new TopicProvisioner(admin, catalog, SharedKafka.bootstrapServers(), TIMEOUT).provision();
        }
        try (Producer<byte[], byte[]> producer = clients.writer()) {
            for (int i = 0; i < PHOTOS; i++) {
                String id = String.format("%02x", i + 1).repeat(32);
                PhotoCaptured captured = photo(id, i % 2 == 0 ? "LOT-EVEN" : "LOT-ODD", i, "cam-" + (i % 3));
                send(producer, PhotopipeTopic.CAPTURED_PHOTOS, id, avro("c", captured));
                send(producer, PhotopipeTopic.SINK_LEDGER, id, avro("l", outcome(id, UploadStatus.UPLOADED, 100L + i,
                        List.of(7L))));
            }
        }
        String first = start("a");
        String second = start("b");

        for (String instance : List.of(first, second)) {
            HttpViews views = new HttpViews(instance, "start the test's views");
            await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
                ViewTotals totals = views.totals();
                assertThat(totals.unreachable()).isEmpty();
                assertThat(totals.batches()).extracting(ViewTotals.BatchRow::batch, ViewTotals.BatchRow::captured,
                        ViewTotals.BatchRow::uploaded).containsExactly(
                                org.assertj.core.groups.Tuple.tuple("LOT-EVEN", 12L, 12L),
                                org.assertj.core.groups.Tuple.tuple("LOT-ODD", 12L, 12L));
            });
            FoundPhotos odd = views.find(FindQuery.parse(Map.of("batch", "LOT-ODD")));
            assertThat(odd.photos()).hasSize(12).extracting(PhotoView::imageId)
                    .as("oldest first, over both instances' partitions")
                    .containsExactly(101L, 103L, 105L, 107L, 109L, 111L, 113L, 115L, 117L, 119L, 121L, 123L);
            assertThat(odd.photos().get(0).imageUrl()).isEqualTo("http://gallery.test/picture.php?/101");
            assertThat(views.find(FindQuery.parse(Map.of("photo", "05".repeat(6))))
                    .photos()).extracting(PhotoView::imageId).containsExactly(104L);
        }
    }

    /** One process: a metrics endpoint with the page's routes and views, application shared. Returns its URL. */
    private String start(String name) throws Exception {
        ObservabilityServer endpoint = new ObservabilityServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                "127.0.0.1", 0).start();
        running.add(endpoint);
        ViewsService views = new ViewsService(new ViewsConfig(Map.of(ViewsConfig.APPLICATION_ID, applicationId,
                ViewsConfig.STATE_DIR, stateDir.resolve(name).toString())), clients, catalog, Map.of(), "at_least_once",
                new HostInfo("127.0.0.1", endpoint.port()), "http://gallery.test/");
        running.add(views);
        views.start(endpoint);
        StatusPage.serve(endpoint, clients, catalog, views.views());
        return "http://127.0.0.1:" + endpoint.port();
    }

    private void send(Producer<byte[], byte[]> producer, PhotopipeTopic topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(catalog.name(topic), key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                value)).get();
    }
}
