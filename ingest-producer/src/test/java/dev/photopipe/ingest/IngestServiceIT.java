package dev.photopipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.ingest.simulate.SyntheticJpeg;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.testing.kafka.SharedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** ingest-producer against a real broker: hot folder and HTTP in, events and dead letters out. */
@ExtendWith(SharedKafka.class)
class IngestServiceIT {
    @TempDir
    Path hotFolder;
    @TempDir
    Path dataDir;

    private final String prefix = SharedKafka.uniqueName("ingest") + ".";
    private TopicCatalog topics;

    @BeforeEach
    void createTopics() throws Exception {
        topics = TopicCatalog.of(prefix, 2, (short) 1);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
            new TopicProvisioner(admin, topics, SharedKafka.bootstrapServers(), Duration.ofSeconds(30)).provision();
        }
    }

    @Test
    void publishesHotFolderAndHttpCapturesOnceAcrossARestartAndDeadLettersBadFiles() throws Exception {
        photo("plant-1/line-3/cam-07/a.jpg", 1);
        photo("plant-1/line-3/cam-07/b.jpg", 2);
        Files.write(hotFolder.resolve("plant-1/line-3/cam-07/empty.jpg"), new byte[0]);
        Files.writeString(hotFolder.resolve("plant-1/line-3/cam-07/b.jpg.json"), "{\"batch\": \"LOT-4711\"}");

        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (IngestService ingest = new IngestService(new IngestConfig(settings()), metrics)) {
            ingest.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> captured().size() == 2);
            assertThat(postPhoto(ingest.httpPort(), new SyntheticJpeg().seed(3).toBytes())).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> captured().size() == 3);
        }
        assertThat(metrics.get("photopipe.ingest.published").counter().count()).isEqualTo(3);
        assertThat(metrics.get("photopipe.ingest.rejected").tag("reason", "EMPTY_FILE").counter().count()).isEqualTo(1);

        // Arrives while ingest is down; everything published before must not come again.
        photo("plant-1/line-3/cam-08/c.jpg", 4);
        try (IngestService restarted = new IngestService(new IngestConfig(settings()), new SimpleMeterRegistry())) {
            restarted.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> captured().size() >= 4);
        }

        List<PhotoCaptured> events = captured();
        assertThat(events).extracting(PhotoCaptured::getOriginalFileName)
                .containsExactlyInAnyOrder("a.jpg", "b.jpg", "photo.jpg", "c.jpg");
        assertThat(events).filteredOn(e -> e.getOriginalFileName().equals("b.jpg")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getBatchId()).isEqualTo("LOT-4711");
                    assertThat(e.getSourceId()).isEqualTo("cam-07");
                    assertThat(e.getLine()).isEqualTo("line-3");
                });
        List<ConsumerRecord<byte[], byte[]>> letters = read(PhotopipeTopic.DEAD_LETTERS);
        assertThat(letters).singleElement().satisfies(letter -> {
            DeadLetter context = DeadLetter.fromHeaders(letter.headers());
            assertThat(context.reason()).isEqualTo(ReasonCode.EMPTY_FILE);
            assertThat(context.stage()).isEqualTo(Stage.INGEST);
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).endsWith("empty.jpg");
        });
    }

    @Test
    void importsAFolderOnceEvenWhenRunTwice() throws Exception {
        photo("archive/2025/x.jpg", 10);
        photo("archive/2025/y.jpg", 11);
        Map<String, Object> settings = settings();
        settings.put(IngestConfig.HOTFOLDER_PATH_PATTERN, "");
        IngestService ingest = new IngestService(new IngestConfig(settings), new SimpleMeterRegistry());
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());

        assertThat(ingest.importFolder(hotFolder.resolve("archive"), quiet).published()).isEqualTo(2);
        assertThat(ingest.importFolder(hotFolder.resolve("archive"), quiet).alreadyImported()).isEqualTo(2);

        assertThat(captured()).extracting(PhotoCaptured::getOriginalFileName).containsExactlyInAnyOrder("x.jpg", "y.jpg");
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", SharedKafka.bootstrapServers());
        settings.put("topics.prefix", prefix);
        settings.put(IngestConfig.HOTFOLDER_ROOTS, hotFolder.toString());
        settings.put(IngestConfig.HOTFOLDER_PATH_PATTERN, "{site}/{line}/{camera}/**");
        settings.put(IngestConfig.HOTFOLDER_STABLE_WINDOW_MS, "0");
        settings.put(IngestConfig.HOTFOLDER_SCAN_INTERVAL_MS, "100");
        settings.put(IngestConfig.HTTP_PORT, "0");
        settings.put(dev.photopipe.store.StoreConfigs.DIR, dataDir.resolve("photos").toString());
        settings.put(IngestConfig.STATE_DIR, dataDir.resolve("state").toString());
        return settings;
    }

    private List<PhotoCaptured> captured() {
        var deserializer = AvroSerdes.forClass(PhotoCaptured.class, Map.of()).deserializer();
        List<PhotoCaptured> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : read(PhotopipeTopic.CAPTURED_PHOTOS)) {
            PhotoCaptured event = deserializer.deserialize(record.topic(), record.headers(), record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.getPhotoId());
            events.add(event);
        }
        return events;
    }

    /** Every record of the topic up to its end offsets now: deterministic, whatever the machine's speed. */
    private List<ConsumerRecord<byte[], byte[]>> read(PhotopipeTopic topic) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.name(topic)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private void photo(String relative, long seed) throws Exception {
        Path file = hotFolder.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, new SyntheticJpeg().seed(seed).size(64, 48).toBytes());
    }

    private static int postPhoto(int port, byte[] jpeg) throws Exception {
        RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "photo.jpg", RequestBody.create(jpeg, MediaType.get("image/jpeg"))).build();
        try (Response response = new OkHttpClient().newCall(new Request.Builder()
                .url("http://127.0.0.1:" + port + "/captures").post(body).build()).execute()) {
            return response.code();
        }
    }
}
