package dev.photopipe.sink;

import static org.awaitility.Awaitility.await;

import dev.photopipe.piwigo.emulator.EmulatedAlbum;
import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.testing.kafka.SharedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One sink deployment for an integration test: its own topics (unique prefix) on the shared
 * broker, a Piwigo emulator, tiny real JPEGs, a producer of upload requests and sinks to start,
 * crash and close. Not thread-safe: one per test.
 */
final class SinkHarness implements AutoCloseable {
    static final int PARTITIONS = 3;

    final Path dir;
    final PiwigoEmulator emulator;
    final TopicCatalog topics;
    final String groupId;
    private final String prefix;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Serializer<UploadRequest> serializer;
    private final Admin admin;
    private final List<PiwigoSink> sinks = new ArrayList<>();
    /** The sink last started on each state directory ("slot"). */
    private final Map<Integer, PiwigoSink> slots = new java.util.HashMap<>();

    record Photo(String photoId, String md5, Path path) {
    }

    SinkHarness(Path dir, PiwigoEmulator.Builder emulator) {
        this.dir = dir;
        this.prefix = SharedKafka.uniqueName("sink") + ".";
        this.groupId = prefix + "group";
        this.topics = TopicCatalog.of(prefix, PARTITIONS, (short) 1);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()));
        new TopicProvisioner(admin, topics, SharedKafka.bootstrapServers(), Duration.ofSeconds(30)).provision();
        this.emulator = emulator.start();
        // Right after creation a partition may still lack its leader: retry fast, not with the
        // default backoff that grows to a second.
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.serializer = serde(UploadRequest.class);
    }

    static <T extends SpecificRecord> Serializer<T> serde(Class<T> type) {
        return AvroSerdes.forClass(type, Map.of(CommonConfigs.SCHEMA_REGISTRY_URL, "")).serializer();
    }

    SinkConfig config() {
        return config(stateDir(0));
    }

    /** The ledger store directory of slot {@code slot}: a sink restarted on it finds its local ledger. */
    Path stateDir(int slot) {
        return dir.resolve("sink-state-" + slot);
    }

    SinkConfig config(Path stateDir) {
        return new SinkConfig(Map.ofEntries(
                Map.entry(SinkConfig.SINK_STATE_DIR, stateDir.toString()),
                Map.entry(CommonConfigs.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers()),
                Map.entry(TopicConfigs.TOPICS_PREFIX, prefix),
                Map.entry(TopicConfigs.TOPICS_PARTITIONS, String.valueOf(PARTITIONS)),
                Map.entry(TopicConfigs.TOPICS_REPLICATION_FACTOR, "1"),
                Map.entry(SinkConfig.PIWIGO_URL, emulator.url().toString()),
                Map.entry(SinkConfig.PIWIGO_API_KEY, PiwigoEmulator.DEFAULT_API_KEY),
                Map.entry(SinkConfig.PIWIGO_CHUNK_SIZE_BYTES, String.valueOf(64 * 1024)),
                Map.entry(SinkConfig.PIWIGO_REQUEST_TIMEOUT_MS, "10000"),
                Map.entry(SinkConfig.PIWIGO_RETRY_BACKOFF_INITIAL_MS, "10"),
                Map.entry(SinkConfig.PIWIGO_RETRY_BACKOFF_MAX_MS, "200"),
                Map.entry(SinkConfig.PIWIGO_RETRY_MAX_ATTEMPTS, "3"),
                Map.entry(SinkConfig.SINK_PAUSE_BACKOFF_INITIAL_MS, "200"),
                Map.entry(SinkConfig.SINK_PAUSE_BACKOFF_MAX_MS, "2000"),
                Map.entry(SinkConfig.SINK_GROUP_ID, groupId)));
    }

    /**
     * Starts a sink on the first state directory no running sink uses: a restart after a close or
     * crash gets the directory (and local ledger) of the instance it replaces, like a process
     * restarted on the same host; instances running side by side get their own, as they must.
     */
    PiwigoSink startSink() {
        int slot = 0;
        while (slots.containsKey(slot) && slots.get(slot).isRunning()) {
            slot++;
        }
        return startSink(slot);
    }

    PiwigoSink startSink(int slot) {
        PiwigoSink sink = new PiwigoSink(config(stateDir(slot)), new SimpleMeterRegistry());
        sinks.add(sink);
        slots.put(slot, sink);
        sink.start();
        return sink;
    }

    /** A real 32x24 JPEG of noise: unique bytes per seed. */
    Photo photo(long seed) {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        try {
            Path file = dir.resolve("photo-" + seed + ".jpg");
            ImageIO.write(image, "jpg", file.toFile());
            return file(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any file as a photo: id = sha-256, as ingest names photos. */
    static Photo file(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new Photo(hex("SHA-256", bytes), hex("MD5", bytes), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> albumPath(int i) {
        return List.of("Production", "Line " + (i % 3), "LOT-" + (4700 + i % 7));
    }

    static List<String> tags(int i) {
        return List.of("lot:" + (4700 + i % 7), "line:" + (i % 3));
    }

    static UploadRequest request(Photo photo, String photoId, String fileName, List<String> albumPath,
                                 List<String> tags) {
        Instant now = Instant.now();
        PhotoCaptured captured = PhotoCaptured.newBuilder().setPhotoId(photoId).setMd5(photo.md5())
                .setSizeBytes(photo.path().toFile().length()).setMediaType("image/jpeg")
                .setSourceUri(photo.path().toUri().toString()).setOriginalFileName(fileName)
                .setCaptureTime(now).setSourceId("test-camera").setBatchId("LOT-4711").setIngestTime(now).build();
        return UploadRequest.newBuilder().setPhoto(captured).setAlbumPath(albumPath).setTags(tags)
                .setTitle("photo " + fileName).build();
    }

    static UploadRequest request(Photo photo, int i) {
        return request(photo, photo.photoId(), "p" + i + ".jpg", albumPath(i), tags(i));
    }

    /** Publishes the requests keyed by photo id and waits for the broker's acknowledgements. */
    void send(List<UploadRequest> requests) {
        send(requests, Map.of());
    }

    /** Publishes the requests with these headers (UTF-8 values) on every record. */
    void send(List<UploadRequest> requests, Map<String, String> headers) {
        String topic = topics.name(PhotopipeTopic.UPLOAD_REQUESTS);
        for (UploadRequest request : requests) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                    request.getPhoto().getPhotoId().getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, request));
            headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record);
        }
        producer.flush();
    }

    /** Publishes {@code record} as is (a replay, say) and waits for the acknowledgement. */
    void publish(ProducerRecord<byte[], byte[]> record) {
        producer.send(record);
        producer.flush();
    }

    void sendRaw(byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(topics.name(PhotopipeTopic.UPLOAD_REQUESTS), key, value));
        producer.flush();
    }

    /**
     * Waits until Piwigo's lounge is empty: the sink publishes it in the background, at most once
     * per {@code piwigo.lounge.publish.interval.ms}, after the photos were recorded.
     */
    void awaitLoungeEmpty(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> emulator.images().stream().noneMatch(i -> i.inLounge()));
    }

    /** Waits until the sink's group committed every upload request published so far. */
    void awaitCaughtUp(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(this::caughtUp);
    }

    private boolean caughtUp() throws ExecutionException, InterruptedException {
        String topic = topics.name(PhotopipeTopic.UPLOAD_REQUESTS);
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        var ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
    }

    /** Every record of {@code topic} so far. */
    List<ConsumerRecord<byte[], byte[]>> read(PhotopipeTopic topic) {
        String name = topics.name(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(name).stream()
                    .map(info -> new TopicPartition(name, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Deletes {@code topic} and creates it again, empty and with a new topic id, as an operator
     * resetting it would.
     */
    void recreate(PhotopipeTopic topic) {
        String name = topics.name(topic);
        try {
            admin.deleteTopics(List.of(name)).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot delete " + name, e);
        }
        // Deletion completes asynchronously: creating too early fails with "topic exists".
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !admin.listTopics().names().get().contains(name));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    new TopicProvisioner(admin, topics, SharedKafka.bootstrapServers(), Duration.ofSeconds(30)).provision();
                    return true;
                });
    }

    /** The ledger's last outcome per photo id. */
    Map<String, UploadOutcome> ledger() {
        var deserializer = AvroSerdes.forClass(UploadOutcome.class, Map.of(CommonConfigs.SCHEMA_REGISTRY_URL, ""))
                .deserializer();
        Map<String, UploadOutcome> outcomes = new java.util.HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : read(PhotopipeTopic.SINK_LEDGER)) {
            outcomes.put(new String(record.key(), StandardCharsets.UTF_8),
                    deserializer.deserialize(record.topic(), record.value()));
        }
        return outcomes;
    }

    /** The album id of {@code path}, or null when Piwigo has no such album. */
    Long albumId(List<String> path) {
        Long parent = null;
        for (String name : path) {
            Long p = parent;
            parent = emulator.albums().stream().filter(a -> a.name().equals(name) && Objects.equals(a.parentId(), p))
                    .map(EmulatedAlbum::id).findFirst().orElse(null);
            if (parent == null) {
                return null;
            }
        }
        return parent;
    }

    /** Images by md5 (a list, so that duplicates show). */
    Map<String, List<EmulatedImage>> imagesByMd5() {
        return emulator.images().stream().collect(Collectors.groupingBy(EmulatedImage::md5));
    }

    @Override
    public void close() {
        sinks.forEach(PiwigoSink::close);
        producer.close();
        admin.close();
        emulator.close();
    }
}
