package dev.photopipe.sink.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.serde.SpecificAvroSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TopicLedger} with both stores against a topic played by a {@link MockProducer} (every
 * write, ours and others', goes through it, so offsets are the producer's) and fresh
 * {@link MockConsumer}s reading back its history.
 */
class TopicLedgerTest {
    private static final String TOPIC = "ledger";
    private static final Duration RETENTION = Duration.ofDays(1);
    private static final SpecificAvroSerde<UploadOutcome> SERDE =
            AvroSerdes.forClass(UploadOutcome.class, Map.of(CommonConfigs.SCHEMA_REGISTRY_URL, ""));

    @TempDir
    Path dir;

    private MockProducer<byte[], byte[]> topic = newTopic();
    private String topicId = "id-1";
    private Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final List<SimpleMeterRegistry> registries = new ArrayList<>();

    @Test
    void aRestartReadsOnlyWhatFollowsTheCheckpoint() throws Exception {
        for (int i = 0; i < 10; i++) {
            other(i % 2, "p" + i, outcome("p" + i, 1));
        }
        try (Ledger first = rocksDb()) {
            first.load(List.of(0, 1));
            assertThat(read(first, "topic")).isEqualTo(10);
            assertThat(first.outcome(0, "p4")).map(UploadOutcome::getPiwigoImageId).contains(1L);
        }
        other(0, "p0", outcome("p0", 2)); // an update
        other(1, "p1", null); // a tombstone
        other(0, "p10", outcome("p10", 1));

        try (Ledger second = rocksDb()) {
            second.load(List.of(0, 1));
            assertThat(read(second, "topic")).isEqualTo(3);
            assertThat(read(second, "local")).isEqualTo(10);
            assertThat(second.outcome(0, "p0")).map(UploadOutcome::getPiwigoImageId).contains(2L);
            assertThat(second.outcome(1, "p1")).isEmpty();
            assertThat(second.outcome(0, "p10")).isPresent();
            assertThat(second.outcome(1, "p9")).isPresent();
            assertThat(second.outcome(0, "p9")).as("another partition's photo").isEmpty();
        }
    }

    @Test
    void ownEntriesMoveTheCheckpointUnlessSomeoneElseWroteInBetween() throws Exception {
        try (Ledger first = rocksDb()) {
            first.load(List.of(0, 1));
            first.record(List.of(entry(0, "a"), entry(0, "b"), entry(1, "c")));
            assertThat(first.outcome(0, "b")).isPresent();
        }
        try (Ledger second = rocksDb()) {
            second.load(List.of(0, 1));
            assertThat(read(second, "topic")).isZero();
            assertThat(second.outcome(0, "a")).isPresent();
            assertThat(second.outcome(1, "c")).isPresent();
            other(0, "x", outcome("x", 9)); // e.g. a zombie's late write
            second.record(List.of(entry(0, "d")));
        }
        try (Ledger third = rocksDb()) {
            third.load(List.of(0, 1));
            assertThat(read(third, "topic")).isEqualTo(2); // the other's entry and ours after it
            assertThat(third.outcome(0, "x")).isPresent();
            assertThat(third.outcome(0, "d")).isPresent();
        }
    }

    @Test
    void aCrashRedoesWhatFollowsTheLastCheckpoint() throws Exception {
        other(0, "old", outcome("old", 1));
        Ledger crashed = rocksDb();
        crashed.load(List.of(0));
        crashed.record(List.of(entry(0, "a"), entry(0, "b")));
        crashed.abandon();

        try (Ledger restarted = rocksDb()) {
            restarted.load(List.of(0));
            assertThat(read(restarted, "topic")).isEqualTo(2); // from the checkpoint written after the load
            assertThat(restarted.outcome(0, "old")).isPresent();
            assertThat(restarted.outcome(0, "a")).isPresent();
            assertThat(restarted.outcome(0, "b")).isPresent();
        }
    }

    @Test
    void aRecreatedTopicWipesTheLocalStore() throws Exception {
        other(0, "stale", outcome("stale", 1));
        loadAndClose();
        topic = newTopic();
        topicId = "id-2";
        other(0, "fresh", outcome("fresh", 1));
        assertWipedAndRebuilt();
    }

    @Test
    void aCheckpointBeyondTheTopicsEndWipesTheLocalStore() throws Exception {
        other(0, "first", outcome("first", 1));
        other(0, "stale", outcome("stale", 1));
        loadAndClose();
        topic = newTopic(); // same id, fewer records: the checkpoint (2) is past the end (1)
        other(0, "fresh", outcome("fresh", 1));
        assertWipedAndRebuilt();
    }

    @Test
    void aCheckpointOlderThanTheTombstoneRetentionWipesTheLocalStore() throws Exception {
        other(0, "stale", outcome("stale", 1));
        loadAndClose();
        other(0, "stale", null);
        other(0, "fresh", outcome("fresh", 1));
        now = now.plus(RETENTION).plusSeconds(1);
        // Played by the topic still holding the tombstone: what counts is that all is read again.
        try (Ledger ledger = rocksDb()) {
            ledger.load(List.of(0));
            assertThat(read(ledger, "topic")).isEqualTo(3);
            assertThat(read(ledger, "local")).isZero();
            assertThat(ledger.outcome(0, "stale")).isEmpty();
        }
    }

    @Test
    void aPartitionLoadedAgainWithoutAForgetIsReopened() {
        other(0, "p", outcome("p", 1));
        try (Ledger ledger = rocksDb()) {
            ledger.load(List.of(0));
            ledger.load(List.of(0)); // not expected from the consumer, but must not break the store
            assertThat(read(ledger, "topic")).isEqualTo(1); // the second load starts at the first one's checkpoint
            assertThat(ledger.outcome(0, "p")).isPresent();
        }
    }

    @Test
    void theMemoryStoreReadsFromTheBeginningEveryTime() throws Exception {
        other(0, "p", outcome("p", 1));
        other(0, "q", outcome("q", 1));
        other(0, "q", null);
        for (int round = 0; round < 2; round++) {
            try (Ledger ledger = memory()) {
                ledger.load(List.of(0));
                assertThat(read(ledger, "topic")).isEqualTo(3 + round); // round 1 also reads its own "r"
                assertThat(ledger.outcome(0, "p")).isPresent();
                assertThat(ledger.outcome(0, "q")).isEmpty();
                ledger.record(List.of(entry(0, "r")));
                assertThat(ledger.outcome(0, "r")).isPresent();
                assertThat(ledger.size()).isEqualTo(2);
            }
        }
    }

    @Test
    void anUnreadableEntryIsUnknownNotFatal() throws Exception {
        topic.send(new ProducerRecord<>(TOPIC, 0, bytes("bad"), new byte[] {1, 2, 3}));
        other(0, "good", outcome("good", 1));
        for (Ledger ledger : List.of(rocksDb(), memory())) {
            try (ledger) {
                ledger.load(List.of(0));
                assertThat(ledger.outcome(0, "bad")).isEmpty();
                assertThat(ledger.outcome(0, "good")).isPresent();
            }
        }
    }

    @Test
    void twoLedgersCannotShareAStateDirectory() {
        Ledger first = rocksDb();
        assertThatThrownBy(this::rocksDb).isInstanceOf(ConfigException.class)
                .hasMessageContaining("in use by another sink process").hasMessageContaining("sink.state.dir");
        first.close();
        rocksDb().close();
    }

    /** Loads partition 0, which holds "stale", into the store, and closes with a checkpoint. */
    private void loadAndClose() {
        try (Ledger ledger = rocksDb()) {
            ledger.load(List.of(0));
            assertThat(ledger.outcome(0, "stale")).isPresent();
        }
    }

    private void assertWipedAndRebuilt() {
        try (Ledger ledger = rocksDb()) {
            ledger.load(List.of(0));
            assertThat(read(ledger, "local")).isZero();
            assertThat(ledger.outcome(0, "stale")).isEmpty();
            assertThat(ledger.outcome(0, "fresh")).isPresent();
        }
    }

    private Ledger rocksDb() {
        OutcomeDecoder decoder = new OutcomeDecoder(TOPIC, SERDE.deserializer());
        return ledger(RocksDbLedgerStore.open(dir.resolve("state"), TOPIC, decoder, "sink.state.dir"));
    }

    private Ledger memory() {
        return ledger(new MemoryLedgerStore(new OutcomeDecoder(TOPIC, SERDE.deserializer())));
    }

    private Ledger ledger(LedgerStore store) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registries.add(registry);
        MockProducer<byte[], byte[]> writer = topic;
        String id = topicId;
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new TopicLedger(TOPIC, writer, () -> reader(writer), () -> new TopicFacts(id, RETENTION),
                SERDE.serializer(), store, clock, registry);
    }

    /** The load counter of the ledger created last. */
    private double read(Ledger ledger, String source) {
        return registries.get(registries.size() - 1).get(LedgerMeters.LOAD_ENTRIES).tag("source", source)
                .counter().count();
    }

    private static MockProducer<byte[], byte[]> newTopic() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = List.of(new PartitionInfo(TOPIC, 0, node, null, null),
                new PartitionInfo(TOPIC, 1, node, null, null));
        Cluster cluster = new Cluster("c", List.of(node), partitions, java.util.Set.of(), java.util.Set.of());
        return new MockProducer<>(cluster, true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A reader of everything {@code writer} sent, offsets counted per partition as the producer does. */
    private static MockConsumer<byte[], byte[]> reader(MockProducer<byte[], byte[]> writer) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> sent : writer.history()) {
            TopicPartition tp = new TopicPartition(TOPIC, sent.partition());
            List<ConsumerRecord<byte[], byte[]>> list = records.computeIfAbsent(tp, p -> new ArrayList<>());
            list.add(new ConsumerRecord<>(TOPIC, sent.partition(), list.size(), sent.key(), sent.value()));
        }
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized void assign(java.util.Collection<TopicPartition> partitions) {
                super.assign(partitions);
                partitions.forEach(tp -> records.getOrDefault(tp, List.of()).forEach(this::addRecord));
            }
        };
        Map<TopicPartition, Long> begin = new HashMap<>();
        Map<TopicPartition, Long> end = new HashMap<>();
        for (int p = 0; p < 2; p++) {
            TopicPartition tp = new TopicPartition(TOPIC, p);
            begin.put(tp, 0L);
            end.put(tp, (long) records.getOrDefault(tp, List.of()).size());
        }
        consumer.updateBeginningOffsets(begin);
        consumer.updateEndOffsets(end);
        return consumer;
    }

    /** Another writer's record (null outcome: a tombstone). */
    private void other(int partition, String photoId, UploadOutcome outcome) {
        topic.send(new ProducerRecord<>(TOPIC, partition, bytes(photoId),
                outcome == null ? null : SERDE.serializer().serialize(TOPIC, outcome)));
    }

    private static LedgerEntry entry(int partition, String photoId) {
        return new LedgerEntry(partition, bytes(photoId), outcome(photoId, 5));
    }

    private static UploadOutcome outcome(String photoId, long imageId) {
        Instant at = Instant.parse("2026-11-23T09:00:00Z");
        return UploadOutcome.newBuilder().setPhotoId(photoId).setStatus(UploadStatus.UPLOADED).setPiwigoImageId(imageId)
                .setAlbumIds(List.of(7L)).setMd5("0".repeat(32)).setAttempts(1).setFirstAttemptTime(at)
                .setLastAttemptTime(at).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
