package dev.photopipe.cli;

import static org.awaitility.Awaitility.await;

import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.ops.TopicScan;
import dev.photopipe.observability.ObservabilityServer;
import dev.photopipe.ops.page.StatusPage;
import dev.photopipe.ops.views.ViewsConfig;
import dev.photopipe.ops.views.ViewsService;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.DeadLetters;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.testing.kafka.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * One test's photopipe deployment on the shared broker: its own topic prefix, topics provisioned
 * with the catalog, and helpers to fill and read them and to run a command against them.
 */
final class OpsFixture implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Capture and failure time of the records the helpers below write. */
    static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    final String prefix = SharedKafka.uniqueName("ops") + ".";
    final TopicCatalog catalog = TopicCatalog.of(prefix, 3, (short) 1);
    final KafkaClients clients = new KafkaClients(SharedKafka.bootstrapServers(), "ops-test");
    private final Producer<byte[], byte[]> producer = clients.writer();
    /** The endpoint of the views {@link #withViews} started, or null. */
    ObservabilityServer viewsEndpoint;
    private ViewsService runningViews;
    String out = "";
    String err = "";

    OpsFixture() {
        try (Admin admin = clients.admin()) {
            new TopicProvisioner(admin, catalog, SharedKafka.bootstrapServers(), TIMEOUT).provision();
        }
        // Created topics reach every client's metadata a moment after the create call returns.
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            for (PhotopipeTopic topic : PhotopipeTopic.values()) {
                await().atMost(TIMEOUT).ignoreExceptions()
                        .until(() -> consumer.partitionsFor(catalog.name(topic), Duration.ofSeconds(5)).size() == 3);
            }
        }
    }

    String name(PhotopipeTopic topic) {
        return catalog.name(topic);
    }

    /** Sends and waits for the acknowledgement. */
    RecordMetadata send(ProducerRecord<byte[], byte[]> record) throws ExecutionException, InterruptedException {
        return producer.send(record).get();
    }

    /** Sends {@code value} Avro-encoded (no registry) to one partition, and waits for the acknowledgement. */
    @SuppressWarnings("unchecked")
    <T extends SpecificRecord> void send(PhotopipeTopic topic, int partition, String key, T value) throws Exception {
        byte[] bytes = AvroSerdes.forClass((Class<T>) value.getClass(), Map.of()).serializer().serialize(name(topic), value);
        send(new ProducerRecord<>(name(topic), partition, bytes(key), bytes));
    }

    /**
     * Sends {@code value} Avro-encoded (no registry) to the partition of its key, as the services'
     * producers do (the views re-key some topics by photo id and must find the same partition), and
     * waits for the acknowledgement.
     */
    @SuppressWarnings("unchecked")
    <T extends SpecificRecord> void sendKeyed(PhotopipeTopic topic, String key, T value) throws Exception {
        byte[] bytes = AvroSerdes.forClass((Class<T>) value.getClass(), Map.of()).serializer().serialize(name(topic), value);
        send(new ProducerRecord<>(name(topic), bytes(key), bytes));
    }

    /**
     * Dead-letters a record of {@code source} (partition 0, offset 7, key {@code id}, value
     * {@code value-<id>}) as a permanent failure at {@link #AT}.
     */
    RecordMetadata deadLetter(PhotopipeTopic source, Stage stage, ReasonCode reason, String batch, String id,
                              String message) throws Exception {
        ConsumerRecord<byte[], byte[]> failed = new ConsumerRecord<>(name(source), 0, 7L, bytes(id), bytes("value-" + id));
        DeadLetter context = new DeadLetter(failed.topic(), 0, 7L, stage, reason, FailureKind.PERMANENT, null, message, 1,
                AT.toEpochMilli(), AT.toEpochMilli(), batch);
        return send(DeadLetters.deadLetter(name(PhotopipeTopic.DEAD_LETTERS), failed, context));
    }

    static PhotoCaptured photo(String id, String batch) {
        return PhotoCaptured.newBuilder().setPhotoId(id).setMd5("md5-" + id).setSizeBytes(10).setMediaType("image/jpeg")
                .setSourceUri("file:///in/" + id + ".jpg").setOriginalFileName(id + ".jpg").setCaptureTime(AT)
                .setSourceId("cam-1").setBatchId(batch).setIngestTime(AT).build();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Every record of the topic now. */
    List<ConsumerRecord<byte[], byte[]>> read(PhotopipeTopic topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            new TopicScan(consumer, Long.MAX_VALUE).fromBeginning(name(topic), records::add);
        }
        return records;
    }

    /**
     * Starts the views of this deployment next to {@code endpoint} (a unique application id, state
     * in {@code stateDir}), serves the status page and its routes there, and waits until the views
     * run. Close the returned service (before the endpoint).
     */
    ViewsService serveViews(ObservabilityServer endpoint, Path stateDir, String galleryUrl) throws InterruptedException {
        ViewsConfig config = new ViewsConfig(Map.of(ViewsConfig.APPLICATION_ID, SharedKafka.uniqueName("views"),
                ViewsConfig.STATE_DIR, stateDir.toString()));
        ViewsService views = new ViewsService(config, clients, catalog, Map.of(), "at_least_once",
                new HostInfo("127.0.0.1", endpoint.port()), galleryUrl);
        views.start(endpoint);
        StatusPage.serve(endpoint, clients, catalog, views.views());
        await().atMost(TIMEOUT).until(() -> endpoint.port() > 0 && ready(endpoint));
        return views;
    }

    private static boolean ready(ObservabilityServer endpoint) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + endpoint.port()
                        + "/api/views/totals")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200;
    }

    /**
     * {@code args} plus {@code views.url} pointing at this deployment's views, which the first
     * call starts on a free port ({@link #viewsEndpoint}) with their state in {@code stateDir};
     * {@link #close} stops them.
     */
    String[] withViews(Path stateDir, String... args) throws InterruptedException {
        if (runningViews == null) {
            viewsEndpoint = new ObservabilityServer(new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                    io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT), "127.0.0.1", 0).start();
            runningViews = serveViews(viewsEndpoint, stateDir, null);
        }
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "views.url=http://127.0.0.1:" + viewsEndpoint.port()));
        return all.toArray(String[]::new);
    }

    /** Runs {@code photopipe args...} against this deployment; output in {@link #out} and {@link #err}. */
    int photopipe(String... args) {
        StringWriter outText = new StringWriter();
        StringWriter errText = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", SharedKafka.bootstrapServers(), "--set", "topics.prefix=" + prefix));
        int code = Photopipe.commandLine(Map.of()).setOut(new PrintWriter(outText)).setErr(new PrintWriter(errText))
                .execute(all.toArray(String[]::new));
        out = outText.toString();
        err = errText.toString();
        return code;
    }

    @Override
    public void close() {
        if (runningViews != null) {
            runningViews.close();
            viewsEndpoint.close();
        }
        producer.close();
    }
}
