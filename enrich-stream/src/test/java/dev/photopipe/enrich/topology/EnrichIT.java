package dev.photopipe.enrich.topology;

import static dev.photopipe.enrich.testing.Fixtures.photo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.enrich.cameras.CamerasFile;
import dev.photopipe.enrich.EnrichConfig;
import dev.photopipe.enrich.reference.ReferenceTopic;
import dev.photopipe.enrich.rules.RulesFile;
import dev.photopipe.enrich.status.BatchCounts;
import dev.photopipe.enrich.status.BatchStatus;
import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.testing.kafka.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The topology on a real broker with a real KafkaStreams and exactly_once_v2. */
@ExtendWith(SharedKafka.class)
class EnrichIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Path EXAMPLES = Path.of("../examples");

    @TempDir
    Path stateDir;

    private final EnrichSerdes serdes = EnrichSerdes.avro(Map.of());
    private String captured;
    private String requests;
    private String cameras;
    private String rules;
    private String deadLetters;

    @BeforeEach
    void createTopics() throws Exception {
        captured = SharedKafka.uniqueName("captured");
        requests = SharedKafka.uniqueName("requests");
        cameras = SharedKafka.uniqueName("cameras");
        rules = SharedKafka.uniqueName("rules");
        deadLetters = SharedKafka.uniqueName("dead-letters");
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        SharedKafka.createTopics(new NewTopic(captured, 3, (short) 1), new NewTopic(requests, 3, (short) 1),
                new NewTopic(cameras, 1, (short) 1).configs(compacted),
                new NewTopic(rules, 1, (short) 1).configs(compacted),
                new NewTopic(deadLetters, 1, (short) 1));
        loadReferenceData(RulesFile.load(EXAMPLES.resolve("rules.yaml")));
    }

    @Test
    void enrichesCapturesDeadLettersBadInputAndPicksUpARuleChangeWhileRunning() throws Exception {
        try (KafkaStreams streams = start(SharedKafka.uniqueName("enrich-it"))) {
            try (KafkaProducer<String, byte[]> producer = producer(new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(captured, "garbage", "not avro".getBytes(StandardCharsets.UTF_8)));
                for (int i = 0; i < 20; i++) {
                    producer.send(record(photo("p" + i).setSourceId("cam-l3-s12-front").setLine(null).build()));
                }
                producer.send(record(photo("p0").setSourceId("cam-l3-s12-front").build())); // duplicate
            }

            Map<String, UploadRequest> out = awaitRequests(requests, 20);
            assertThat(out.get("p7").getAlbumPath()).containsExactly("Production", "Line 3", "LOT-4711", "2026-11-23");
            assertThat(out.get("p7").getTags()).containsExactly("lot:LOT-4711", "orientation:front", "station:S12",
                    "date:2026-11-23", "site:plant-a", "line:3");

            List<ConsumerRecord<String, byte[]>> dead = awaitRecords(deadLetters, 1, new ByteArrayDeserializer());
            assertThat(DeadLetter.fromHeaders(dead.get(0).headers()).reason()).isEqualTo(ReasonCode.DESERIALIZATION_FAILED);
            assertThat(dead.get(0).value()).isEqualTo("not avro".getBytes(StandardCharsets.UTF_8));

            BatchStatus status = new BatchStatus(streams, EnrichTopology.COUNTS_STORE);
            await().atMost(TIMEOUT).untilAsserted(() ->
                    assertThat(status.batch("LOT-4711")).contains(new BatchCounts(21, 1, 20, 0, 0)));

            // Change the rule while running; new photos keep coming until one shows the new album.
            Map<String, RoutingRule> changed = new LinkedHashMap<>(RulesFile.load(EXAMPLES.resolve("rules.yaml")));
            changed.put("line-lots", RoutingRule.newBuilder(changed.get("line-lots"))
                    .setAlbumPathTemplate("Lots/{batch}").build());
            loadReferenceData(changed);
            AtomicInteger probe = new AtomicInteger();
            try (KafkaProducer<String, byte[]> producer = producer(new ByteArraySerializer())) {
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    producer.send(record(photo("probe-" + probe.incrementAndGet())
                            .setSourceId("cam-l3-s12-front").build())).get();
                    assertThat(readRequests(requests).values()).extracting(UploadRequest::getAlbumPath)
                            .contains(List.of("Lots", "LOT-4711"));
                });
            }
        }
    }

    @Test
    void reprocessingTheSameInputWithAFreshApplicationIdGivesTheSameRequests() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(new ByteArraySerializer())) {
            for (int i = 0; i < 30; i++) {
                producer.send(record(photo("r" + i).setSourceId("cam-l3-s1" + (i % 3 * 2) + "-front")
                        .setBatchId(i % 5 == 0 ? null : "LOT-" + (i % 2)).build()));
            }
            producer.send(record(photo("r3").setBatchId("LOT-1").build()));
        }
        String firstRun = SharedKafka.uniqueName("requests-a");
        String secondRun = SharedKafka.uniqueName("requests-b");
        SharedKafka.createTopics(new NewTopic(firstRun, 3, (short) 1), new NewTopic(secondRun, 3, (short) 1));

        requests = firstRun;
        List<ConsumerRecord<String, UploadRequest>> first;
        try (KafkaStreams streams = start(SharedKafka.uniqueName("enrich-a"))) {
            first = awaitRecords(firstRun, 30, serdes.request().deserializer());
        }
        requests = secondRun;
        List<ConsumerRecord<String, UploadRequest>> second;
        try (KafkaStreams streams = start(SharedKafka.uniqueName("enrich-b"))) {
            second = awaitRecords(secondRun, 30, serdes.request().deserializer());
        }

        assertThat(first).hasSize(30);
        assertThat(asMap(second)).isEqualTo(asMap(first));
        // Same key, same partition: the sink's ledger sees each photo where it saw it before.
        assertThat(partitions(second)).isEqualTo(partitions(first));
    }

    private KafkaStreams start(String applicationId) {
        EnrichConfig config = new EnrichConfig(Map.of());
        StreamsBuilder builder = new StreamsBuilder();
        EnrichTopology.build(builder, config.topologySettings(captured, requests, cameras, rules), serdes);
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(applicationId).toString());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetters);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 10);
        KafkaStreams streams = new KafkaStreams(builder.build(props), props);
        streams.start();
        await().atMost(TIMEOUT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    private void loadReferenceData(Map<String, RoutingRule> wantedRules) throws Exception {
        Map<String, Camera> wantedCameras = CamerasFile.load(EXAMPLES.resolve("cameras.csv"));
        try (KafkaProducer<String, RoutingRule> ruleProducer = producer(serdes.rule().serializer());
             KafkaConsumer<String, RoutingRule> ruleConsumer = consumer(serdes.rule().deserializer());
             KafkaProducer<String, Camera> cameraProducer = producer(serdes.camera().serializer());
             KafkaConsumer<String, Camera> cameraConsumer = consumer(serdes.camera().deserializer())) {
            ReferenceTopic.sync(ruleProducer, rules, wantedRules, ReferenceTopic.readAll(ruleConsumer, rules, TIMEOUT),
                    TIMEOUT);
            ReferenceTopic.sync(cameraProducer, cameras, wantedCameras,
                    ReferenceTopic.readAll(cameraConsumer, cameras, TIMEOUT), TIMEOUT);
        }
    }

    private ProducerRecord<String, byte[]> record(PhotoCaptured photo) {
        return new ProducerRecord<>(captured, photo.getPhotoId(), serdes.photo().serializer().serialize(captured, photo));
    }

    private Map<String, UploadRequest> awaitRequests(String topic, int count) {
        return asMap(awaitRecords(topic, count, serdes.request().deserializer()));
    }

    private Map<String, UploadRequest> readRequests(String topic) {
        return asMap(readRecords(topic, serdes.request().deserializer()));
    }

    private <V> List<ConsumerRecord<String, V>> awaitRecords(String topic, int count, Deserializer<V> values) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            records.clear();
            records.addAll(readRecords(topic, values));
            assertThat(records).hasSizeGreaterThanOrEqualTo(count);
        });
        return records;
    }

    /** Everything committed in {@code topic} so far (read_committed, no consumer group). */
    private <V> List<ConsumerRecord<String, V>> readRecords(String topic, Deserializer<V> values) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    private static <V> Map<String, V> asMap(List<ConsumerRecord<String, V>> records) {
        Map<String, V> map = new LinkedHashMap<>();
        records.forEach(r -> map.put(r.key(), r.value()));
        return map;
    }

    private static Map<String, Integer> partitions(List<ConsumerRecord<String, UploadRequest>> records) {
        Map<String, Integer> map = new LinkedHashMap<>();
        records.forEach(r -> map.put(r.key(), r.partition()));
        return map;
    }

    private static <V> KafkaProducer<String, V> producer(Serializer<V> values) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), values);
    }

    private static <V> KafkaConsumer<String, V> consumer(Deserializer<V> values) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), values);
    }
}
