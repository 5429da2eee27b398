package dev.photopipe.sink.connect;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.testing.connect.ConnectCluster;
import dev.photopipe.testing.kafka.SharedKafka;
import dev.photopipe.testing.kafka.TopicClient;
import dev.photopipe.testing.photos.NoiseJpegs;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One connector deployment for an integration test: its own photopipe topics (unique prefix) on
 * the shared broker, a Piwigo emulator, a Connect cluster of in-JVM workers loading the plugin
 * from {@code target/connect-plugin} (the build's plugin directory, isolated as in production),
 * and a producer of upload requests. Not thread-safe: one per test.
 */
final class ConnectorScenario implements AutoCloseable {
    static final int PARTITIONS = 3;
    static final String CONNECTOR_CLASS = "dev.photopipe.sink.connect.PiwigoSinkConnector";
    static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final String name;
    final TopicCatalog topics;
    final String dlq;
    final PiwigoEmulator emulator;
    final ConnectCluster connect;
    private final TopicClient kafka = new TopicClient(SharedKafka.bootstrapServers());
    private final Serializer<UploadRequest> serializer = AvroSerdes.forClass(UploadRequest.class,
            Map.of(CommonConfigs.SCHEMA_REGISTRY_URL, "")).serializer();

    ConnectorScenario(Path dir, PiwigoEmulator.Builder emulator) {
        this.dir = dir;
        String prefix = SharedKafka.uniqueName("connect") + ".";
        this.name = "piwigo-sink-" + prefix.replace(".", "");
        this.topics = TopicCatalog.of(prefix, PARTITIONS, (short) 1);
        // Connect's dead-letter queue is photopipe's dead-letter topic (created by the connector at
        // start): replay, status and the views read its letters as any other.
        this.dlq = topics.name(PhotopipeTopic.DEAD_LETTERS);
        SharedKafka.createTopics(new NewTopic(topics.name(PhotopipeTopic.UPLOAD_REQUESTS), PARTITIONS, (short) 1));
        this.emulator = emulator.start();
        // A task's uploads in flight may take sink.shutdown.timeout.ms to finish on a stop: give it that.
        this.connect = new ConnectCluster(SharedKafka.bootstrapServers(), prefix + "connect-cluster",
                System.getProperty("connect.plugin.path"), Map.of("task.shutdown.graceful.timeout.ms", "20000"));
    }

    /** The connector's configuration, as an operator would PUT it. */
    Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", "2");
        config.put("topics", topics.name(PhotopipeTopic.UPLOAD_REQUESTS));
        config.put("key.converter", BYTES);
        config.put("value.converter", BYTES);
        config.put("header.converter", BYTES);
        config.put("consumer.override.isolation.level", "read_committed");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        config.put(CommonConfigs.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());
        config.put(TopicConfigs.TOPICS_PREFIX, topics.prefix());
        config.put(TopicConfigs.TOPICS_PARTITIONS, String.valueOf(PARTITIONS));
        config.put(TopicConfigs.TOPICS_REPLICATION_FACTOR, "1");
        config.put(SinkConfig.PIWIGO_URL, emulator.url().toString());
        config.put(SinkConfig.PIWIGO_API_KEY, PiwigoEmulator.DEFAULT_API_KEY);
        config.put(SinkConfig.PIWIGO_CHUNK_SIZE_BYTES, String.valueOf(64 * 1024));
        config.put(SinkConfig.PIWIGO_REQUEST_TIMEOUT_MS, "10000");
        config.put(SinkConfig.PIWIGO_RETRY_BACKOFF_INITIAL_MS, "10");
        config.put(SinkConfig.PIWIGO_RETRY_BACKOFF_MAX_MS, "200");
        config.put(SinkConfig.PIWIGO_RETRY_MAX_ATTEMPTS, "3");
        config.put(SinkConfig.SINK_PAUSE_BACKOFF_INITIAL_MS, "200");
        config.put(SinkConfig.SINK_PAUSE_BACKOFF_MAX_MS, "2000");
        config.put(SinkConfig.SINK_SHUTDOWN_TIMEOUT_MS, "10000");
        config.put(SinkConfig.SINK_STATE_DIR, dir.resolve("sink-state").toString());
        return config;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The connector's and its tasks' states, e.g. {@code {connector=RUNNING, 0=RUNNING, 1=RUNNING}}. */
    Map<String, String> states() {
        ConnectCluster.Response status = connect.get("/connectors/" + name + "/status");
        Map<String, String> states = new LinkedHashMap<>();
        if (status.status() != 200) {
            return states;
        }
        JsonNode body = parse(status.body());
        states.put("connector", body.path("connector").path("state").asText());
        body.path("tasks").forEach(t -> states.put(t.path("id").asText(), t.path("state").asText()));
        return states;
    }

    /** Photo {@code seed}'s request: album and tags of its number, batch LOT-4711. */
    UploadRequest request(long seed) {
        NoiseJpegs.Photo photo = NoiseJpegs.write(dir, seed);
        return request(photo, "p" + seed + ".jpg");
    }

    UploadRequest request(NoiseJpegs.Photo photo, String fileName) {
        Instant now = Instant.now();
        PhotoCaptured captured = PhotoCaptured.newBuilder().setPhotoId(photo.photoId()).setMd5(photo.md5())
                .setSizeBytes(photo.path().toFile().length()).setMediaType("image/jpeg")
                .setSourceUri(photo.path().toUri().toString()).setOriginalFileName(fileName).setCaptureTime(now)
                .setSourceId("test-camera").setBatchId("LOT-4711").setIngestTime(now).build();
        return UploadRequest.newBuilder().setPhoto(captured).setAlbumPath(List.of("Production", "Connect"))
                .setTags(List.of("lot:4711")).setTitle("photo " + fileName).build();
    }

    /** Publishes the requests keyed by photo id and waits for the broker's acknowledgements. */
    void send(List<UploadRequest> requests) {
        kafka.publishAll(topics.name(PhotopipeTopic.UPLOAD_REQUESTS), requests, r -> r.getPhoto().getPhotoId(),
                serializer, Map.of());
    }

    /** Publishes {@code record} as is (a replayed dead letter, say) and waits for the acknowledgement. */
    void publish(ProducerRecord<byte[], byte[]> record) {
        kafka.publish(record);
    }

    void sendRaw(byte[] key, byte[] value) {
        kafka.publish(new ProducerRecord<>(topics.name(PhotopipeTopic.UPLOAD_REQUESTS), key, value));
    }

    /** Waits until the connector's consumer group committed every upload request published so far. */
    void awaitCaughtUp(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(this::caughtUp);
    }

    private boolean caughtUp() throws ExecutionException, InterruptedException {
        return kafka.committedAll("connect-" + name, topics.name(PhotopipeTopic.UPLOAD_REQUESTS), PARTITIONS);
    }

    /** The offsets the connector's group committed, by partition (none: empty). */
    Map<TopicPartition, OffsetAndMetadata> committed() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(kafka.admin()
                .listConsumerGroupOffsets("connect-" + name).partitionsToOffsetAndMetadata().get());
        committed.values().removeIf(java.util.Objects::isNull);
        return committed;
    }

    /** Images by md5 (a list, so that duplicates show). */
    Map<String, List<EmulatedImage>> imagesByMd5() {
        return emulator.images().stream().collect(Collectors.groupingBy(EmulatedImage::md5));
    }

    /** Every record of {@code topic} so far. */
    List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        return kafka.readAll(topic);
    }

    @Override
    public void close() {
        connect.close();
        kafka.close();
        emulator.close();
    }
}
