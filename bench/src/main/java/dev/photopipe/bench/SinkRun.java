package dev.photopipe.bench;

import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.sink.PiwigoSink;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.piwigo.PiwigoClients;
import dev.photopipe.testing.connect.ConnectCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One sink with its default settings, kept running across rounds, on its own topics: the
 * standalone {@link PiwigoSink}, or the Kafka Connect connector (one task) on a distributed worker
 * in this JVM loading the plugin the build made. A round publishes the photos' upload requests and
 * waits until the sink's consumer group committed them all. Not thread-safe.
 */
final class SinkRun implements AutoCloseable {
    private static final int PARTITIONS = 3;
    private static final List<String> TAGS = List.of("bench");
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Serializer<UploadRequest> serializer;
    private final String topic;
    private final String group;
    private final List<String> album;
    /** Piwigo requests so far, when the sink's meters are at hand. */
    private final Supplier<Double> requests;
    /** Piwigo requests so far by ws.php method, when the sink's meters are at hand (else empty). */
    private final Supplier<Map<String, Long>> requestsByMethod;
    /** Why the sink stopped, if it did. */
    private final Supplier<Optional<String>> failure;
    private final AutoCloseable sink;

    private SinkRun(Setup setup, String group, Supplier<Double> requests,
                    Supplier<Map<String, Long>> requestsByMethod, Supplier<Optional<String>> failure, AutoCloseable sink) {
        this.admin = setup.admin;
        this.producer = setup.producer;
        this.serializer = setup.serializer;
        this.topic = setup.topics.name(PhotopipeTopic.UPLOAD_REQUESTS);
        this.album = setup.album;
        this.group = group;
        this.requests = requests;
        this.requestsByMethod = requestsByMethod;
        this.failure = failure;
        this.sink = sink;
    }

    /** The standalone sink ({@code photopipe sink}). */
    static SinkRun standalone(String bootstrap, SinkVersusMinimal.Target target, String inFlight, int cap, String runId)
            throws Exception {
        Setup setup = new Setup(bootstrap, target, inFlight, cap, runId, "sink");
        String group = setup.topics.prefix() + "group";
        Map<String, String> settings = new HashMap<>(setup.settings);
        settings.put(SinkConfig.SINK_GROUP_ID, group);
        MeterRegistry registry = new SimpleMeterRegistry();
        PiwigoSink sink = new PiwigoSink(new SinkConfig(settings), registry);
        sink.start();
        return new SinkRun(setup, group,
                () -> registry.find(PiwigoClients.REQUESTS_METER).counters().stream().mapToDouble(Counter::count).sum(),
                () -> registry.find(PiwigoClients.REQUESTS_METER).counters().stream().collect(Collectors.toMap(
                        c -> c.getId().getTag("method"), c -> (long) c.count(), Long::sum, TreeMap::new)),
                () -> sink.failure().map(Throwable::toString), sink);
    }

    /** The Kafka Connect connector, one task, on one distributed worker with the plugin at {@code pluginPath}. */
    static SinkRun connector(String bootstrap, SinkVersusMinimal.Target target, String inFlight, int cap, String runId,
                             Path pluginPath) throws Exception {
        Setup setup = new Setup(bootstrap, target, inFlight, cap, runId, "connect");
        String name = "piwigo-sink-" + runId;
        ConnectCluster connect = new ConnectCluster(bootstrap, setup.topics.prefix() + "connect", pluginPath.toString(),
                Map.of());
        connect.startWorker();
        Map<String, String> config = new HashMap<>(setup.settings);
        config.put("connector.class", "dev.photopipe.sink.connect.PiwigoSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", setup.topics.name(PhotopipeTopic.UPLOAD_REQUESTS));
        config.put("key.converter", BYTES);
        config.put("value.converter", BYTES);
        config.put("header.converter", BYTES);
        config.put("consumer.override.isolation.level", "read_committed");
        String json = config.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        ConnectCluster.Response created = connect.put("/connectors/" + name + "/config", json);
        if (created.status() != 201) {
            connect.close();
            throw new IllegalStateException("connector not created: " + created.body());
        }
        return new SinkRun(setup, "connect-" + name, () -> Double.NaN, Map::of, () -> {
            String status = connect.get("/connectors/" + name + "/status").body();
            return status.contains("\"FAILED\"") ? Optional.of(status) : Optional.empty();
        }, connect);
    }

    /** Topics, producer and the sink's settings of one run. */
    private static final class Setup {
        final TopicCatalog topics;
        final Admin admin;
        final KafkaProducer<byte[], byte[]> producer;
        final Serializer<UploadRequest> serializer;
        final List<String> album;
        final Map<String, String> settings = new HashMap<>();

        Setup(String bootstrap, SinkVersusMinimal.Target target, String inFlight, int cap, String runId, String kind)
                throws Exception {
            String prefix = runId + "-" + kind + "-" + System.nanoTime() + ".";
            topics = TopicCatalog.of(prefix, PARTITIONS, (short) 1);
            album = List.of(runId + "-" + kind);
            settings.putAll(Map.of(
                    CommonConfigs.BOOTSTRAP_SERVERS, bootstrap,
                    TopicConfigs.TOPICS_PREFIX, prefix,
                    TopicConfigs.TOPICS_PARTITIONS, String.valueOf(PARTITIONS),
                    TopicConfigs.TOPICS_REPLICATION_FACTOR, "1",
                    SinkConfig.PIWIGO_URL, target.url().toString(),
                    SinkConfig.UPLOAD_MAX_IN_FLIGHT, inFlight,
                    SinkConfig.UPLOAD_MAX_IN_FLIGHT_CAP, String.valueOf(cap),
                    SinkConfig.SINK_STATE_DIR, Files.createTempDirectory("bench-" + kind + "-state").toString()));
            if (target.apiKey() != null) {
                settings.put(SinkConfig.PIWIGO_API_KEY, target.apiKey());
            } else {
                settings.put(SinkConfig.PIWIGO_USERNAME, target.user());
                settings.put(SinkConfig.PIWIGO_PASSWORD, target.password());
            }
            serializer = AvroSerdes.forClass(UploadRequest.class, Map.of(CommonConfigs.SCHEMA_REGISTRY_URL, ""))
                    .serializer();
            admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
            new TopicProvisioner(admin, topics, bootstrap, Duration.ofSeconds(30)).provision();
        }
    }

    /** Publishes the photos' upload requests and waits until the sink committed them all. */
    SinkVersusMinimal.Sample upload(List<SinkVersusMinimal.Photo> set) throws Exception {
        double before = requests.get();
        long start = System.nanoTime();
        Instant now = Instant.now();
        for (SinkVersusMinimal.Photo photo : set) {
            PhotoCaptured captured = PhotoCaptured.newBuilder().setPhotoId(photo.id()).setMd5(photo.md5())
                    .setSizeBytes(photo.size()).setMediaType("image/jpeg")
                    .setSourceUri(photo.path().toUri().toString())
                    .setOriginalFileName(photo.path().getFileName().toString()).setCaptureTime(now)
                    .setSourceId("bench").setIngestTime(now).build();
            UploadRequest request = UploadRequest.newBuilder().setPhoto(captured).setAlbumPath(album).setTags(TAGS)
                    .setTitle(photo.id()).build();
            producer.send(new ProducerRecord<>(topic, photo.id().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, request)));
        }
        producer.flush();
        awaitCommitted();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> byMethod = requestsByMethod.get();
        if (!byMethod.isEmpty()) {
            System.err.println("sink requests so far by method: " + byMethod); // where the requests per photo go
        }
        return new SinkVersusMinimal.Sample(set.size() / seconds, (requests.get() - before) / set.size());
    }

    private void awaitCommitted() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        var ends = admin.listOffsets(latest).all().get();
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            boolean done = ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset());
            if (done) {
                return;
            }
            Optional<String> failed = failure.get();
            if (failed.isPresent() || System.nanoTime() > deadline) {
                throw new IllegalStateException("sink did not catch up" + failed.map(f -> ": " + f).orElse(""));
            }
            Thread.sleep(20); // a benchmark's polling resolution, not a test
        }
    }

    @Override
    public void close() throws Exception {
        sink.close();
        producer.close();
        admin.close();
    }
}
