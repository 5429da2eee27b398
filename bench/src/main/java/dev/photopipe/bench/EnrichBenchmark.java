package dev.photopipe.bench;

import dev.photopipe.enrich.EnrichConfig;
import dev.photopipe.enrich.topology.EnrichSerdes;
import dev.photopipe.enrich.topology.EnrichTopology;
import dev.photopipe.kafka.embedded.EmbeddedKafkaBroker;
import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.ExifSummary;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.RuleMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Throughput of the enrich topology next to a pass-through Streams app ({@code mapValues} with
 * the same Avro serde in and out), both guarantees, on one embedded broker in one run. Prints a
 * table; never asserts (this machine's speed drifts up to 2x within minutes, so only the ratio
 * measured side by side means something).
 *
 * <p>Run from the repository root: {@code bench/run enrich [events] [cameras] [rules]},
 * 
 * defaults 1,000,000 events, 10,000 cameras, 200 rules. Rules match on line and batch, so a
 * photo walks about half the rules before one matches: a deliberately unfriendly order.
 *
 * <p>Time is measured from {@code KafkaStreams.start()} until the application's committed offsets
 * reach the input's end, so it includes start-up and the global tables' bootstrap (reported
 * separately as "start").
 */
public final class EnrichBenchmark {
    private static final int PARTITIONS = 6;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private EnrichBenchmark() {
    }

    private record Result(String guarantee, String app, long events, double startSeconds, double seconds) {
        double perSecond() {
            return events / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int cameras = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rules = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path dir = Files.createTempDirectory("photopipe-bench-");
        EnrichSerdes serdes = EnrichSerdes.avro(Map.of());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).build().start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            String bootstrap = broker.bootstrapServers();
            Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            admin.createTopics(List.of(new NewTopic("captured", PARTITIONS, (short) 1),
                    new NewTopic("cameras", 1, (short) 1).configs(compacted),
                    new NewTopic("rules", 1, (short) 1).configs(compacted),
                    new NewTopic("dead-letters", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

            long produceStart = System.nanoTime();
            produce(bootstrap, "cameras", serdes.camera().serializer()::serialize, cameras,
                    i -> camera(i, rules));
            produce(bootstrap, "rules", serdes.rule().serializer()::serialize, rules, i -> rule(i, rules));
            produce(bootstrap, "captured", serdes.photo().serializer()::serialize, events, i -> photo(i, cameras));
            System.out.printf(Locale.ROOT, "produced %,d events, %,d cameras, %,d rules in %.1f s%n", events, cameras,
                    rules, (System.nanoTime() - produceStart) / 1e9);

            List<Result> results = new ArrayList<>();
            for (String guarantee : List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2)) {
                for (String app : List.of("pass-through", "enrich")) {
                    results.add(run(admin, bootstrap, dir, serdes, guarantee, app, events));
                    Result last = results.get(results.size() - 1);
                    System.out.printf(Locale.ROOT, "  %s %s: %.1f s, %,.0f events/s%n", guarantee, app,
                            last.seconds(), last.perSecond());
                }
            }
            print(results);
        }
    }

    private static Result run(Admin admin, String bootstrap, Path dir, EnrichSerdes serdes, String guarantee,
                              String app, int events) throws Exception {
        String appId = "bench-" + app + "-" + guarantee.replace('_', '-');
        String output = appId + "-out";
        admin.createTopics(List.of(new NewTopic(output, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        EnrichConfig config = new EnrichConfig(Map.of(EnrichConfig.PROCESSING_GUARANTEE, guarantee));
        StreamsBuilder builder = new StreamsBuilder();
        if (app.equals("enrich")) {
            EnrichTopology.build(builder, config.topologySettings("captured", output, "cameras", "rules"), serdes);
        } else {
            builder.stream("captured", Consumed.with(Serdes.String(), serdes.photo()))
                    .mapValues(photo -> photo)
                    .to(output, Produced.with(Serdes.String(), serdes.photo()));
        }
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dead-letters");
        // exactly_once_v2 keeps its default (100 ms); at_least_once gets 1 s instead of 30 s so
        // that the end is seen within a second without flushing the stores ten times a second.
        if (guarantee.equals(StreamsConfig.AT_LEAST_ONCE)) {
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        }
        props.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 10);

        Map<TopicPartition, Long> end = endOffsets(admin, "captured");
        long start = System.nanoTime();
        double startSeconds;
        try (KafkaStreams streams = new KafkaStreams(builder.build(props), props)) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                waitABit(start);
            }
            startSeconds = (System.nanoTime() - start) / 1e9;
            while (!caughtUp(admin, appId, end)) {
                waitABit(start);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            streams.close(Duration.ofSeconds(30));
            return new Result(guarantee, app, events, startSeconds, seconds);
        }
    }

    private static void waitABit(long start) throws InterruptedException {
        if (System.nanoTime() - start > TIMEOUT.toNanos()) {
            throw new IllegalStateException("run took longer than " + TIMEOUT);
        }
        // A benchmark's polling loop, not a test: it only decides how precisely the end is seen.
        TimeUnit.MILLISECONDS.sleep(50);
    }

    private static boolean caughtUp(Admin admin, String groupId, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                && committed.get(e.getKey()).offset() >= e.getValue());
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> end = new java.util.HashMap<>();
        offsets.forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    private interface Encoder<V> {
        byte[] encode(String topic, V value);
    }

    private interface Factory<V> {
        KeyedValue<V> make(int i);
    }

    private record KeyedValue<V>(String key, V value) {
    }

    private static <V> void produce(String bootstrap, String topic, Encoder<V> encoder, int count, Factory<V> factory) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.BATCH_SIZE_CONFIG, 131072, ProducerConfig.LINGER_MS_CONFIG, 10),
                new StringSerializer(), new ByteArraySerializer())) {
            Consumer<Exception> failOnError = e -> {
                if (e != null) {
                    throw new IllegalStateException(e);
                }
            };
            for (int i = 0; i < count; i++) {
                KeyedValue<V> record = factory.make(i);
                producer.send(new ProducerRecord<>(topic, record.key(), encoder.encode(topic, record.value())),
                        (metadata, e) -> failOnError.accept(e));
            }
            producer.flush();
        }
    }

    private static KeyedValue<Camera> camera(int i, int rules) {
        String id = "cam-" + i;
        return new KeyedValue<>(id, Camera.newBuilder().setCameraId(id).setSite("Plant A")
                .setLine("Line " + (i % rules)).setStation("S" + (i % 40)).setDefaultAlbumPath(List.of())
                .setDefaultTags(List.of("site:plant-a")).setAttributes(Map.of("mount", "top")).build());
    }

    private static KeyedValue<RoutingRule> rule(int i, int rules) {
        String id = "rule-" + i;
        boolean last = i == rules - 1;
        RuleMatch match = RuleMatch.newBuilder().setCameraIds(List.of()).setSites(List.of())
                .setLines(last ? List.of() : List.of("Line " + i)).setStations(List.of())
                .setBatchGlobs(last ? List.of() : List.of("LOT-*")).setAttributes(Map.of())
                .setFileNameGlob(null).setMediaTypes(List.of("image/*")).build();
        return new KeyedValue<>(id, RoutingRule.newBuilder().setRuleId(id).setPriority(i).setEnabled(true)
                .setMatch(match).setAlbumPathTemplate("Production/{line}/{batch}/{capture_date:yyyy-MM-dd}")
                .setTagTemplates(List.of("lot:{batch}", "orientation:{exif.orientation}", "station:{station}",
                        "date:{capture_date:yyyy-MM-dd}"))
                .setTitleTemplate(null).setDescriptionTemplate(null).setPrivacyLevel(0).build());
    }

    private static KeyedValue<PhotoCaptured> photo(int i, int cameras) {
        String id = String.format(Locale.ROOT, "%064x", i);
        Instant captured = Instant.parse("2026-11-23T06:00:00Z").plusMillis(i * 37L);
        return new KeyedValue<>(id, PhotoCaptured.newBuilder().setPhotoId(id).setMd5(id.substring(0, 32))
                .setSizeBytes(2_000_000 + i % 1000).setMediaType("image/jpeg")
                .setSourceUri("file:///photos/" + id + ".jpg").setOriginalFileName("IMG_" + i + ".jpg")
                .setCaptureTime(captured).setSourceId("cam-" + (i % cameras)).setBatchId("LOT-" + (4700 + i / 10_000))
                .setAttributes(Map.of("shift", i % 2 == 0 ? "day" : "night"))
                .setExif(ExifSummary.newBuilder().setOrientation(i % 3 == 0 ? "front" : "back").build())
                .setIngestTime(captured.plusSeconds(2)).build());
    }

    private static void print(List<Result> results) {
        System.out.println();
        System.out.println("| guarantee | app | events | start (s) | total (s) | events/s | enrich / pass-through |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            Result base = results.stream().filter(b -> b.guarantee().equals(r.guarantee())
                    && b.app().equals("pass-through")).findFirst().orElse(r);
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.1f | %.1f | %,.0f | %s |%n", r.guarantee(), r.app(),
                    r.events(), r.startSeconds(), r.seconds(), r.perSecond(),
                    r == base ? "" : String.format(Locale.ROOT, "%.2f", r.perSecond() / base.perSecond()));
        }
    }
}
