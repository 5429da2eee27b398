package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.enrich.EnrichConfig;
import dev.photopipe.enrich.EnrichService;
import dev.photopipe.ingest.simulate.CameraSimulator;
import dev.photopipe.ingest.simulate.SimulatorSettings;
import dev.photopipe.observability.Observability;
import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.testing.kafka.SharedKafka;
import dev.photopipe.testing.s3.S3Endpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Ingest and the sink as two separate processes ({@code photopipe ingest}, {@code photopipe sink}),
 * each with its own working and data folders, sharing nothing but Kafka and an S3 endpoint
 * (S3Proxy in this JVM): the setup of a line whose cameras feed one host and whose uploads run on
 * another. Every photo lands in the gallery (the emulator) exactly once, the hot folder drains,
 * the sink's spool is empty afterwards, {@code photopipe store gc} removes the uploaded bytes once
 * the retention passed, and a replay of photos whose bytes are gone is dead-lettered saying so.
 */
@ExtendWith({SharedKafka.class, S3Endpoint.class})
class StoreAcrossHostsIT {
    private static final int PHOTOS = 300;
    private static final Duration DONE_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    Path ingestHost;
    @TempDir
    Path sinkHost;
    @TempDir
    Path enrichHost;

    private final String prefix = SharedKafka.uniqueName("hosts") + ".";
    private final List<AutoCloseable> running = new ArrayList<>();
    private String bucket;

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void everyPhotoLandsOnceWhenIngestAndSinkShareOnlyKafkaAndTheObjectStore() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
            new TopicProvisioner(admin, TopicCatalog.of(prefix, 6, (short) 1), SharedKafka.bootstrapServers(),
                    Duration.ofSeconds(30)).provision();
        }
        bucket = S3Endpoint.newBucket("photos");
        PiwigoEmulator piwigo = PiwigoEmulator.builder().workers(8).start();
        running.add(piwigo);
        startEnrich();
        Path hotFolder = Files.createDirectories(ingestHost.resolve("hotfolder"));
        CameraSimulator.Report report = new CameraSimulator(new SimulatorSettings(hotFolder, 6, 1, 100_000, Duration.ZERO,
                PHOTOS, 100, 64, "plant-1"), Clock.systemUTC()).run();
        assertThat(report.photos()).isEqualTo(PHOTOS);

        PhotopipeProcess ingest = PhotopipeProcess.startIn(ingestHost, withStore("ingest",
                "--set", "ingest.hotfolder.roots=" + hotFolder,
                "--set", "ingest.hotfolder.path.pattern={site}/{line}/{camera}/**",
                "--set", "ingest.hotfolder.stable.window.ms=0",
                "--set", "ingest.hotfolder.scan.interval.ms=200",
                "--set", "ingest.http.enabled=false",
                "--set", "ingest.state.dir=" + ingestHost.resolve("state")));
        running.add(ingest);
        ingest.awaitLine("ingest-producer publishes to");
        PhotopipeProcess sink = PhotopipeProcess.startIn(sinkHost, withStore("sink",
                "--set", "sink.group.id=" + prefix + "sink",
                "--set", "piwigo.url=" + piwigo.url(), "--set", "piwigo.api.key=" + PiwigoEmulator.DEFAULT_API_KEY,
                "--set", "sink.state.dir=" + sinkHost.resolve("state"),
                "--set", "sink.spool.dir=" + sinkHost.resolve("spool")));
        running.add(sink);
        sink.awaitLine("piwigo-sink is running");

        await().atMost(DONE_TIMEOUT).until(() -> published(piwigo) >= PHOTOS);
        List<EmulatedImage> images = piwigo.images();
        assertThat(images).as("one image per photo").hasSize(PHOTOS);
        assertThat(images.stream().map(EmulatedImage::md5).distinct()).as("no duplicate").hasSize(PHOTOS);
        assertThat(deadLetters()).as("dead letters").isEmpty();
        assertThat(storedObjects()).as("each photo's bytes once in the bucket").isEqualTo(PHOTOS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(photosIn(hotFolder))
                .as("the hot folder drained once the store and Kafka had each photo").isZero());
        assertThat(photosIn(sinkHost.resolve("spool"))).as("spooled copies are deleted after their upload").isZero();
        assertThat(photosIn(sinkHost)).as("the sink host keeps no photo").isZero();

        // Retention 0: every uploaded photo may go. Dry run first, then for real.
        String dryRun = storeGc("--dry-run");
        assertThat(dryRun).contains("Would delete " + PHOTOS + " photos");
        assertThat(storedObjects()).isEqualTo(PHOTOS);
        assertThat(storeGc()).contains("Deleted " + PHOTOS + " photos");
        assertThat(storedObjects()).isZero();

        // Re-driving the requests with a check of Piwigo needs the bytes: gone, so dead-lettered with the reason.
        Instant since = Instant.now().minus(Duration.ofHours(1));
        StringWriter out = new StringWriter();
        picocli.CommandLine replay = Photopipe.commandLine(environment());
        replay.setOut(new PrintWriter(out, true));
        assertThat(replay.execute("replay", "--requests", "--since", since.toString(), "--force-check"))
                .as(out.toString()).isZero();
        await().atMost(DONE_TIMEOUT).until(() -> deadLetters().size() >= PHOTOS);
        assertThat(deadLetters()).allSatisfy(letter -> {
            assertThat(letter.reason()).isEqualTo(ReasonCode.SOURCE_MISSING);
            assertThat(letter.message()).contains("bytes are gone", "photo.store.retention.ms");
        });
        assertThat(piwigo.images()).as("nothing uploaded twice, nothing removed").hasSize(PHOTOS);
    }

    private void startEnrich() {
        Map<String, Object> settings = Map.of("bootstrap.servers", SharedKafka.bootstrapServers(), "topics.prefix", prefix,
                EnrichConfig.APPLICATION_ID, prefix + "enrich", EnrichConfig.STATE_DIR, enrichHost.toString());
        EnrichService enrich = new EnrichService(new EnrichConfig(settings),
                Observability.metersOnly(new SimpleMeterRegistry()));
        running.add(enrich);
        enrich.start();
    }

    /**
     * The service's command line with Kafka and the S3 photo store: all the two processes share.
     * Views off: the test reads none, and two processes with the same views application id would
     * only rebalance each other while the machine is busy starting them.
     */
    private String[] withStore(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--bootstrap-servers", SharedKafka.bootstrapServers(),
                "--set", "topics.prefix=" + prefix, "--set", "metrics.port=0", "--set", "views.enabled=false"));
        storeSettings().forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private Map<String, String> storeSettings() {
        return Map.of("photo.store.type", "s3", "photo.store.s3.endpoint", S3Endpoint.uri().toString(),
                "photo.store.s3.bucket", bucket, "photo.store.s3.path.style", "true",
                "photo.store.s3.access.key", S3Endpoint.ACCESS_KEY, "photo.store.s3.secret.key", S3Endpoint.SECRET_KEY);
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "PHOTOPIPE_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers(), "PHOTOPIPE_TOPICS_PREFIX", prefix,
                "PHOTOPIPE_PHOTO_STORE_RETENTION_MS", "0"));
        storeSettings().forEach((key, value) -> environment.put("PHOTOPIPE_" + key.toUpperCase().replace('.', '_'), value));
        return environment;
    }

    private String storeGc(String... flags) {
        StringWriter out = new StringWriter();
        picocli.CommandLine command = Photopipe.commandLine(environment());
        command.setOut(new PrintWriter(out, true));
        List<String> args = new ArrayList<>(List.of("store", "gc"));
        args.addAll(List.of(flags));
        assertThat(command.execute(args.toArray(String[]::new))).as(out.toString()).isZero();
        return out.toString();
    }

    private static long published(PiwigoEmulator piwigo) {
        return piwigo.images().stream().filter(image -> !image.inLounge()).count();
    }

    private int storedObjects() {
        try (S3Client s3 = S3Endpoint.client()) {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().mapToInt(o -> 1).sum();
        }
    }

    private static long photosIn(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".jpg") || f.toString().endsWith(".tmp"))
                    .count();
        }
    }

    private List<DeadLetter> deadLetters() {
        String topic = TopicCatalog.of(prefix, 6, (short) 1).name(PhotopipeTopic.DEAD_LETTERS);
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    letters.add(DeadLetter.fromHeaders(record.headers()));
                }
            }
        }
        return letters;
    }
}
