package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.enrich.EnrichConfig;
import dev.photopipe.enrich.EnrichService;
import dev.photopipe.ingest.IngestConfig;
import dev.photopipe.ingest.IngestService;
import dev.photopipe.store.StoreConfigs;
import dev.photopipe.ingest.simulate.CameraSimulator;
import dev.photopipe.ingest.simulate.SimulatorSettings;
import dev.photopipe.observability.Observability;
import dev.photopipe.piwigo.emulator.EmulatedAlbum;
import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.ops.TopicScan;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.testing.kafka.SharedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a real broker: the camera simulator writes 2,000 photos from 12 cameras
 * across 5 lots into a hot folder; ingest and enrich (with a rules file loaded by
 * {@code photopipe rules load}) run in this JVM; the sink runs as a child process
 * ({@code photopipe sink}), so that it can be killed for real (SIGKILL); the gallery is the Piwigo
 * emulator. Every photo must end in its album path with its tags, out of the lounge, once, and its
 * ledger entry must carry the rule's expiry (five years after its capture).
 */
@ExtendWith(SharedKafka.class)
class EndToEndIT {
    private static final int PHOTOS = 2_000;
    private static final Set<String> LOTS = Set.of("LOT-4711", "LOT-4712", "LOT-4713", "LOT-4714", "LOT-4715");
    private static final Duration DONE_TIMEOUT = Duration.ofMinutes(5);
    private static final String RULES = """
            rules:
              - id: lots
                priority: 10
                match:
                  batches: ["LOT-*"]
                album: "Production/{line}/{batch}"
                tags: ["lot:{batch}", "orientation:{exif.orientation}", "station:{station}", "date:{capture_date:yyyy-MM-dd}"]
                expiry: P5Y
                expiry_action: delete
            """;

    @TempDir
    Path dir;

    private final String prefix = SharedKafka.uniqueName("e2e") + ".";
    private final List<AutoCloseable> running = new ArrayList<>();
    private PiwigoEmulator piwigo;

    @BeforeEach
    void startPipeline() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
            new TopicProvisioner(admin, TopicCatalog.of(prefix, 6, (short) 1), SharedKafka.bootstrapServers(),
                    Duration.ofSeconds(30)).provision();
        }
        Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
        StringWriter out = new StringWriter();
        picocli.CommandLine command = Photopipe.commandLine(environment());
        command.setOut(new PrintWriter(out, true));
        assertThat(command.execute("rules", "load", rules.toString())).as(out.toString()).isZero();

        piwigo = PiwigoEmulator.builder().workers(8).start();
        running.add(piwigo);
        Map<String, Object> settings = new HashMap<>(Map.of(
                "bootstrap.servers", SharedKafka.bootstrapServers(),
                "topics.prefix", prefix,
                IngestConfig.HOTFOLDER_ROOTS, Files.createDirectories(dir.resolve("hotfolder")).toString(),
                IngestConfig.HOTFOLDER_PATH_PATTERN, "{site}/{line}/{camera}/**",
                IngestConfig.HOTFOLDER_STABLE_WINDOW_MS, "0",
                IngestConfig.HOTFOLDER_SCAN_INTERVAL_MS, "200",
                IngestConfig.HTTP_ENABLED, "false",
                IngestConfig.STATE_DIR, dir.resolve("ingest-state").toString(),
                StoreConfigs.DIR, dir.resolve("photos").toString()));
        settings.put(EnrichConfig.APPLICATION_ID, prefix + "enrich");
        settings.put(EnrichConfig.STATE_DIR, dir.resolve("enrich-state").toString());
        Observability observability = Observability.metersOnly(new SimpleMeterRegistry());
        EnrichService enrich = new EnrichService(new EnrichConfig(settings), observability);
        running.add(enrich);
        enrich.start();
        IngestService ingest = new IngestService(new IngestConfig(settings), observability.registry());
        running.add(ingest);
        ingest.start();
    }

    @AfterEach
    void stopPipeline() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void everyPhotoLandsOnceInItsAlbumWithItsTags() throws Exception {
        simulate();
        try (PhotopipeProcess sink = startSink()) {
            await().atMost(DONE_TIMEOUT).until(() -> published() >= PHOTOS);
            assertGallery();
        }
    }

    @Test
    void everyPhotoLandsOnceWhenTheSinkIsKilledTwiceMidRun() throws Exception {
        simulate();
        PhotopipeProcess sink = startSink();
        try {
            for (int killAfter : new int[] {400, 1_200}) {
                await().atMost(DONE_TIMEOUT).until(() -> piwigo.images().size() >= killAfter);
                // SIGKILL: no shutdown hook, no commit, uploads cut wherever they were.
                sink.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                System.out.printf("killed the sink with %d images in the gallery%n", piwigo.images().size());
                sink.close();
                sink = startSink();
            }
            await().atMost(DONE_TIMEOUT).until(() -> published() >= PHOTOS);
            assertGallery();
        } finally {
            sink.close();
        }
    }

    private void simulate() throws InterruptedException {
        // 12 cameras on one line, lots of 400 photos: 2,000 photos make LOT-4711 to LOT-4715.
        CameraSimulator.Report report = new CameraSimulator(new SimulatorSettings(dir.resolve("hotfolder"), 12, 1,
                100_000, Duration.ZERO, PHOTOS, 400, 64, "plant-1"), Clock.systemUTC()).run();
        assertThat(report.photos()).isEqualTo(PHOTOS);
    }

    private PhotopipeProcess startSink() throws Exception {
        PhotopipeProcess sink = PhotopipeProcess.start("sink", "--bootstrap-servers", SharedKafka.bootstrapServers(),
                "--set", "topics.prefix=" + prefix, "--set", "sink.group.id=" + prefix + "sink",
                "--set", "piwigo.url=" + piwigo.url(), "--set", "piwigo.api.key=" + PiwigoEmulator.DEFAULT_API_KEY,
                // The same directory for every start: a killed sink's successor recovers its ledger store.
                "--set", "sink.state.dir=" + dir.resolve("sink-state"), "--set", "views.enabled=false",
                "--set", "metrics.port=0");
        sink.awaitLine("piwigo-sink is running");
        return sink;
    }

    /** Images out of the lounge: what a gallery visitor sees. */
    private long published() {
        return piwigo.images().stream().filter(image -> !image.inLounge()).count();
    }

    private void assertGallery() {
        List<EmulatedImage> images = piwigo.images();
        assertThat(images).as("one image per photo").hasSize(PHOTOS);
        assertThat(images.stream().map(EmulatedImage::md5).distinct()).as("no duplicate").hasSize(PHOTOS);
        assertThat(images).noneMatch(EmulatedImage::inLounge);
        Map<Long, EmulatedAlbum> albums = piwigo.albums().stream().collect(Collectors.toMap(EmulatedAlbum::id, Function.identity()));
        Set<String> lotsSeen = new java.util.HashSet<>();
        for (EmulatedImage image : images) {
            String lot = tag(image, "lot:");
            lotsSeen.add(lot);
            assertThat(image.albumIds()).as("albums of %s", image.name()).hasSize(1);
            assertThat(path(albums, image.albumIds().iterator().next()))
                    .as("album of %s", image.name()).containsExactly("Production", "line-1", lot);
            assertThat(tag(image, "orientation:")).isIn("front", "back", "left", "right", "top");
            assertThat(tag(image, "station:")).matches("S\\d{2}");
            assertThat(tag(image, "date:")).matches("\\d{4}-\\d{2}-\\d{2}");
        }
        assertThat(lotsSeen).isEqualTo(LOTS);
        assertThat(albums.values()).as("one album per level: no duplicate album")
                .extracting(a -> a.parentId() + "/" + a.name()).doesNotHaveDuplicates();
        assertThat(deadLetters()).as("dead letters").isZero();
        // What photopipe status shows an operator: nothing left behind, transaction markers included.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(sinkLag()).as("sink lag").isZero());
        assertLedgerCarriesTheRulesExpiry();
    }

    /** What the expiry service reads: every photo's ledger entry with its rule, expiry and action. */
    private void assertLedgerCarriesTheRulesExpiry() {
        TopicCatalog catalog = TopicCatalog.of(prefix, 6, (short) 1);
        Map<String, Instant> captured = new HashMap<>();
        latest(catalog.name(PhotopipeTopic.UPLOAD_REQUESTS), UploadRequest.class)
                .forEach((id, request) -> captured.put(id, request.getPhoto().getCaptureTime()));
        Map<String, UploadOutcome> ledger = latest(catalog.name(PhotopipeTopic.SINK_LEDGER), UploadOutcome.class);
        assertThat(ledger).hasSize(PHOTOS);
        assertThat(ledger.values()).allSatisfy(entry -> {
            assertThat(entry.getRuleId()).isEqualTo("lots");
            assertThat(entry.getExpiryAction()).isEqualTo(ExpiryAction.DELETE);
            assertThat(entry.getExpiresAt()).as("expiry of %s", entry.getPhotoId())
                    .isEqualTo(captured.get(entry.getPhotoId()).atZone(ZoneOffset.UTC).plusYears(5).toInstant());
        });
    }

    /** The last value per key of {@code topic}, decoded. */
    private static <T extends SpecificRecord> Map<String, T> latest(String topic, Class<T> type) {
        Deserializer<T> values = AvroSerdes.forClass(type, Map.of()).deserializer();
        Map<String, T> latest = new HashMap<>();
        try (Consumer<byte[], byte[]> consumer = new KafkaClients(SharedKafka.bootstrapServers(), "e2e-check").reader()) {
            new TopicScan(consumer, Long.MAX_VALUE).fromBeginning(topic, record -> latest.put(
                    new String(record.key(), StandardCharsets.UTF_8), values.deserialize(topic, record.value())));
        }
        return latest;
    }

    private long sinkLag() throws Exception {
        String topic = TopicCatalog.of(prefix, 6, (short) 1).name(PhotopipeTopic.UPLOAD_REQUESTS);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(prefix + "sink").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 6; p++) {
                latest.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
                var done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        }
    }

    private static String tag(EmulatedImage image, String group) {
        List<String> values = image.tagNames().stream().filter(t -> t.startsWith(group))
                .map(t -> t.substring(group.length())).toList();
        assertThat(values).as("%s tags of %s: %s", group, image.name(), image.tagNames()).hasSize(1);
        return values.get(0);
    }

    private static List<String> path(Map<Long, EmulatedAlbum> albums, long albumId) {
        List<String> names = new ArrayList<>();
        for (EmulatedAlbum album = albums.get(albumId); album != null;
                album = album.parentId() == null ? null : albums.get(album.parentId())) {
            names.add(0, album.name());
        }
        return names;
    }

    private int deadLetters() {
        String topic = TopicCatalog.of(prefix, 6, (short) 1).name(PhotopipeTopic.DEAD_LETTERS);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToInt(Long::intValue).sum();
        }
    }

    private Map<String, String> environment() {
        return Map.of("PHOTOPIPE_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers(),
                "PHOTOPIPE_TOPICS_PREFIX", prefix);
    }
}
