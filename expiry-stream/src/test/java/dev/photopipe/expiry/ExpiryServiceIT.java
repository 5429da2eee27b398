package dev.photopipe.expiry;

import static dev.photopipe.expiry.testing.ExpiryRecords.ledger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.expiry.topology.ExpirySerdes;
import dev.photopipe.observability.Observability;
import dev.photopipe.piwigo.emulator.EmulatedAlbum;
import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.ExpiryNotice;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.sink.catalog.AlbumDirectory;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.piwigo.PhotoUpload;
import dev.photopipe.sink.piwigo.PiwigoClient;
import dev.photopipe.sink.piwigo.PiwigoClients;
import dev.photopipe.testing.bytes.TestBytes;
import dev.photopipe.testing.kafka.SharedKafka;
import dev.photopipe.testing.time.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expiry service on the real broker against the Piwigo emulator, with a test clock: photos
 * expiring seconds apart are archived or deleted each once, in time order, across a restart of
 * the service; an image deleted by hand is audited ALREADY_GONE and left alone; a Piwigo that is
 * down on the day is asked again until it answers; each notice is sent once. A ledger record
 * that cannot be read is dead-lettered with photopipe's context and the service goes on.
 */
@ExtendWith(SharedKafka.class)
class ExpiryServiceIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /**
     * The test clock's start: close to the real time, because records the service writes carry
     * its clock's time and the broker refuses timestamps more than an hour ahead.
     */
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    @TempDir
    Path tmp;

    private final TestClock clock = new TestClock(T0);
    private final ExpirySerdes serdes = ExpirySerdes.avro(Map.of());
    private PiwigoEmulator piwigo;
    private PiwigoClient uploader;
    private Map<String, String> settings;
    private String applicationId;
    private ExpiryService service;

    @BeforeEach
    void start() throws Exception {
        piwigo = PiwigoEmulator.builder().start();
        uploader = PiwigoClients.create(new SinkConfig(Map.of(SinkConfig.PIWIGO_URL, piwigo.url().toString(),
                SinkConfig.PIWIGO_API_KEY, PiwigoEmulator.DEFAULT_API_KEY)));
        applicationId = SharedKafka.uniqueName("expiry-it");
        settings = new HashMap<>(Map.of(CommonConfigs.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers(),
                TopicConfigs.TOPICS_PREFIX, SharedKafka.uniqueName("exp") + ".", TopicConfigs.TOPICS_PARTITIONS, "2",
                TopicConfigs.TOPICS_REPLICATION_FACTOR, "1", ExpiryConfig.APPLICATION_ID, applicationId,
                ExpiryConfig.CHECK_INTERVAL_MS, "200", ExpiryConfig.NOTICE_BEFORE, "PT5S",
                ExpiryConfig.ARCHIVE_ALBUM, "Archive/Expired", SinkConfig.PIWIGO_URL, piwigo.url().toString()));
        // A session with pwg_token, as a password login gives: the token checks are exercised.
        settings.put(SinkConfig.PIWIGO_USERNAME, "admin");
        settings.put(SinkConfig.PIWIGO_PASSWORD, PiwigoEmulator.DEFAULT_PASSWORD);
        settings.put(SinkConfig.PIWIGO_REQUEST_TIMEOUT_MS, "5000");
        ExpiryConfig config = new ExpiryConfig(settings);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            new TopicProvisioner(admin, config.topics(), SharedKafka.bootstrapServers(), TIMEOUT).provision();
        }
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        uploader.close();
        piwigo.close();
    }

    @Test
    void actsOnEachExpiryOnceInOrderAcrossARestartWithAGoneImageAndPiwigoDown() throws Exception {
        long shown = new AlbumDirectory(uploader).resolve(List.of("Gallery", "Shown"));
        Map<String, Long> image = new LinkedHashMap<>();
        for (String photo : List.of("a1", "d2", "a3", "d4", "gone5", "down6", "never7")) {
            image.put(photo, upload(photo, shown));
        }
        writeLedger(List.of(
                ledger("a1", image.get("a1"), T0.plusSeconds(10), ExpiryAction.ARCHIVE),
                ledger("d2", image.get("d2"), T0.plusSeconds(12), ExpiryAction.DELETE),
                ledger("a3", image.get("a3"), T0.plusSeconds(14), ExpiryAction.ARCHIVE),
                ledger("d4", image.get("d4"), T0.plusSeconds(16), ExpiryAction.DELETE),
                ledger("gone5", image.get("gone5"), T0.plusSeconds(18), ExpiryAction.DELETE),
                ledger("down6", image.get("down6"), T0.plusSeconds(20), ExpiryAction.ARCHIVE),
                ledger("never7", image.get("never7"), null, ExpiryAction.NONE)));
        piwigo.forgetImage(image.get("gone5")); // deleted by a person before its day

        service = startService("first");
        clock.set(T0.plusSeconds(8)); // notices of a1 (due at 5 s) and d2 (at 7 s), nothing due
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(noticed()).containsExactlyInAnyOrder("a1", "d2"));
        assertThat(audited()).isEmpty();

        clock.set(T0.plusSeconds(12));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(audited()).containsOnlyKeys("a1", "d2"));
        assertThat(imageOf(image.get("a3"))).as("not due yet").hasValueSatisfying(i -> assertThat(i.level()).isZero());
        assertThat(imageOf(image.get("d4"))).as("not due yet").isPresent();

        service.close(); // the restart: a new instance, same application id, its own state directory
        clock.set(T0.plusSeconds(16));
        service = startService("second");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(audited()).containsOnlyKeys("a1", "d2", "a3", "d4"));
        assertThat(imageOf(image.get("down6"))).hasValueSatisfying(i -> assertThat(i.albumIds()).containsExactly(shown));

        clock.set(T0.plusSeconds(18));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(audited()).containsKey("gone5"));

        piwigo.faults().unavailableFor(Duration.ofDays(1)); // Piwigo down on down6's day
        int triedBefore = piwigo.calls("pwg.images.setInfo");
        clock.set(T0.plusSeconds(20));
        await().atMost(TIMEOUT).until(() -> piwigo.calls("pwg.images.setInfo") >= triedBefore + 3);
        assertThat(audited()).doesNotContainKey("down6");
        piwigo.faults().clear();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(audited()).containsKey("down6"));

        Map<String, List<ExpiryAudit>> audits = audited();
        assertThat(audits).containsOnlyKeys("a1", "d2", "a3", "d4", "gone5", "down6");
        audits.forEach((photo, events) -> assertThat(events).as("audit of %s", photo).hasSize(1));
        assertThat(audits).extractingFromEntries(e -> e.getKey() + ":" + e.getValue().get(0).getEvent())
                .containsExactlyInAnyOrder("a1:ARCHIVED", "d2:DELETED", "a3:ARCHIVED", "d4:DELETED",
                        "gone5:ALREADY_GONE", "down6:ARCHIVED");
        assertThat(audits.get("gone5").get(0).getDetail()).contains("no longer in Piwigo");
        assertThat(noticed()).containsExactlyInAnyOrder("a1", "d2", "a3", "d4", "gone5", "down6");

        EmulatedAlbum archive = piwigo.albums().stream().filter(a -> a.name().equals("Expired")).findFirst().orElseThrow();
        assertThat(archive.privateAlbum()).isTrue();
        for (String photo : List.of("a1", "a3", "down6")) {
            assertThat(imageOf(image.get(photo))).as(photo).hasValueSatisfying(i -> {
                assertThat(i.albumIds()).containsExactly(archive.id());
                assertThat(i.level()).isEqualTo(8);
            });
            assertThat(piwigo.calls("pwg.images.setInfo", image.get(photo))).as("archive calls of %s", photo).isEqualTo(1);
        }
        for (String photo : List.of("d2", "d4", "gone5")) {
            assertThat(imageOf(image.get(photo))).as(photo).isEmpty();
            assertThat(piwigo.calls("pwg.images.delete", image.get(photo))).as("delete calls of %s", photo).isEqualTo(1);
        }
        assertThat(imageOf(image.get("never7"))).hasValueSatisfying(i -> assertThat(i.albumIds()).containsExactly(shown));
        assertThat(audits.get("a1").get(0).getEventTime()).isBefore(audits.get("a3").get(0).getEventTime());
        assertThat(meters.get(PiwigoClients.REQUESTS_METER).tag("client", "expiry").tag("method", "pwg.images.delete")
                .counter().count()).as("the second instance's deletes: d4 and gone5").isEqualTo(2);
    }

    @Test
    void twoInstancesSplitThePartitionsAndActOnEachPhotoOnce() throws Exception {
        long shown = new AlbumDirectory(uploader).resolve(List.of("Gallery", "Shown"));
        List<UploadOutcome> entries = new ArrayList<>();
        Map<String, Long> image = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            String photo = "p" + i;
            image.put(photo, upload(photo, shown));
            entries.add(ledger(photo, image.get(photo), T0.plusSeconds(10 + i), i % 2 == 0 ? ExpiryAction.DELETE
                    : ExpiryAction.ARCHIVE));
        }
        writeLedger(entries);
        service = startService("one");
        try (ExpiryService other = startService("two")) {
            await().atMost(TIMEOUT).until(() -> service.state() == KafkaStreams.State.RUNNING
                    && other.state() == KafkaStreams.State.RUNNING);

            clock.set(T0.plusSeconds(30));

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(audited()).hasSize(8));
        }
        Map<String, List<ExpiryAudit>> audits = audited();
        audits.forEach((photo, events) -> assertThat(events).as("audit of %s", photo).hasSize(1));
        image.forEach((photo, id) -> assertThat(piwigo.calls("pwg.images.delete", id) + piwigo.calls("pwg.images.setInfo", id))
                .as("Piwigo calls for %s", photo).isEqualTo(1));
    }

    @Test
    void deadLettersAnUnreadableLedgerRecordWithPhotopipesContextAndGoesOn() throws Exception {
        long shown = new AlbumDirectory(uploader).resolve(List.of("Gallery", "Shown"));
        long a1 = upload("a1", shown);
        byte[] garbage = "not an UploadOutcome".getBytes(StandardCharsets.UTF_8);
        String ledgerTopic = new ExpiryConfig(settings).topics().name(PhotopipeTopic.SINK_LEDGER);
        // Same key as the good entry: the same partition, read before it.
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(ledgerTopic, "a1", garbage)).get();
        }
        writeLedger(List.of(ledger("a1", a1, T0.plusSeconds(10), ExpiryAction.ARCHIVE)));

        service = startService("only");
        clock.set(T0.plusSeconds(12));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(audited()).containsOnlyKeys("a1"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(read(PhotopipeTopic.DEAD_LETTERS,
                new ByteArrayDeserializer())).hasSize(1));
        ConsumerRecord<String, byte[]> letter = read(PhotopipeTopic.DEAD_LETTERS, new ByteArrayDeserializer()).get(0);
        DeadLetter context = DeadLetter.fromHeaders(letter.headers());
        assertThat(context.stage()).isEqualTo(Stage.EXPIRY);
        assertThat(context.reason()).isEqualTo(ReasonCode.DESERIALIZATION_FAILED);
        assertThat(context.sourceTopic()).isEqualTo(ledgerTopic);
        assertThat(context.offset()).isZero();
        assertThat(letter.key()).isEqualTo("a1");
        assertThat(letter.value()).isEqualTo(garbage);
        assertThat(audited().get("a1")).extracting(ExpiryAudit::getEvent).containsExactly(ExpiryEvent.ARCHIVED);
    }

    /** The meters of the instance started last. */
    private SimpleMeterRegistry meters;

    private ExpiryService startService(String instance) {
        Map<String, String> own = new HashMap<>(settings);
        own.put(ExpiryConfig.STATE_DIR, tmp.resolve(instance).toString());
        meters = new SimpleMeterRegistry();
        ExpiryService started = new ExpiryService(new ExpiryConfig(own), Observability.metersOnly(meters), clock);
        started.start();
        await().atMost(TIMEOUT).until(() -> started.state() == KafkaStreams.State.RUNNING);
        return started;
    }

    private long upload(String photo, long album) throws Exception {
        byte[] bytes = TestBytes.random(2048, photo.hashCode());
        Path file = Files.write(tmp.resolve(photo + ".jpg"), bytes);
        long id = uploader.upload(new PhotoUpload(file, TestBytes.md5(bytes), photo + ".jpg", photo, album, List.of()));
        uploader.uploadCompleted(List.of(id), album);
        return id;
    }

    private java.util.Optional<EmulatedImage> imageOf(long id) {
        return piwigo.images().stream().filter(i -> i.id() == id).findFirst();
    }

    private void writeLedger(List<UploadOutcome> entries) throws Exception {
        String topic = new ExpiryConfig(settings).topics().name(PhotopipeTopic.SINK_LEDGER);
        try (KafkaProducer<String, UploadOutcome> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), serdes.outcome().serializer())) {
            for (UploadOutcome entry : entries) {
                producer.send(new ProducerRecord<>(topic, entry.getPhotoId(), entry)).get();
            }
        }
    }

    private List<String> noticed() {
        return read(PhotopipeTopic.EXPIRY_NOTICES, serdes.notice().deserializer()).stream()
                .map(ConsumerRecord::value).map(ExpiryNotice::getPhotoId).toList();
    }

    /** Every committed audit record, by photo, in the order written. */
    private Map<String, List<ExpiryAudit>> audited() {
        return read(PhotopipeTopic.EXPIRY_AUDIT, serdes.audit().deserializer()).stream().map(ConsumerRecord::value)
                .collect(Collectors.groupingBy(ExpiryAudit::getPhotoId, LinkedHashMap::new, Collectors.toList()));
    }

    /** The topic's committed records (read_committed: aborted transactions do not count). */
    private <V> List<ConsumerRecord<String, V>> read(PhotopipeTopic which, Deserializer<V> values) {
        String topic = new ExpiryConfig(settings).topics().name(which);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(java.util.Comparator.comparingLong((ConsumerRecord<String, V> r) -> r.timestamp()));
            return records;
        }
    }
}
