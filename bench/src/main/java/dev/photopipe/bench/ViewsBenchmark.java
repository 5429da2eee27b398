package dev.photopipe.bench;

import dev.photopipe.kafka.embedded.EmbeddedKafkaBroker;
import dev.photopipe.observability.ObservabilityServer;
import dev.photopipe.ops.page.StatusPage;
import dev.photopipe.ops.status.StatusCollector;
import dev.photopipe.ops.views.ViewsConfig;
import dev.photopipe.ops.views.ViewsService;
import dev.photopipe.ops.views.query.FindQuery;
import dev.photopipe.ops.views.query.HttpViews;
import dev.photopipe.ops.views.query.ViewTotals;
import dev.photopipe.schemas.ExifSummary;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicProvisioner;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What an operator waits for at any history size: {@code photopipe status} (its in-process part:
 * Kafka offsets plus the views over HTTP) and a status page refresh ({@code GET /api/status}),
 * with a million photos of history in the topics, next to the baseline the views replaced: one
 * plain consumer reading the four topics from the beginning (what the counting scans did before,
 * without even decoding). Also {@code find} of one lot. Prints a table of medians over alternating
 * rounds; never asserts (this machine's speed drifts up to 2x within minutes).
 *
 * <p>Run from the repository root: {@code bench/run views [photos] [rounds]}, defaults 1,000,000
 * photos (300 per lot, 1 in 100 dead-lettered by the sink instead of uploaded) and 5 rounds.
 * The JVM start of the {@code photopipe} command itself (about 2 s here) is not included.
 */
public final class ViewsBenchmark {
    private static final int PARTITIONS = 6;
    private static final int PER_LOT = 300;
    private static final int LETTER_EVERY = 100;
    private static final Duration TIMEOUT = Duration.ofMinutes(60);
    private static final Instant T0 = Instant.parse("2026-11-01T06:00:00Z");

    private ViewsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int photos = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("photopipe-bench-views-");
        TopicCatalog catalog = TopicCatalog.of("", PARTITIONS, (short) 1);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).build().start()) {
            KafkaClients clients = new KafkaClients(broker.bootstrapServers(),
                    Map.of("batch.size", 262144, "linger.ms", 20, "compression.type", "lz4"), "bench-views");
            try (Admin admin = clients.admin()) {
                new TopicProvisioner(admin, catalog, broker.bootstrapServers(), Duration.ofSeconds(60)).provision();
            }
            long produceStart = System.nanoTime();
            long records = produce(clients, catalog, photos);
            System.out.printf(Locale.ROOT, "produced %,d records (%,d photos) in %.1f s%n", records, photos,
                    (System.nanoTime() - produceStart) / 1e9);

            try (ObservabilityServer endpoint = new ObservabilityServer(
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "127.0.0.1", 0).start();
                 ViewsService views = new ViewsService(new ViewsConfig(Map.of(ViewsConfig.STATE_DIR,
                         dir.resolve("views").toString())), clients.withClientId("bench-views-app"), catalog, Map.of(),
                         StreamsConfig.EXACTLY_ONCE_V2, new HostInfo("127.0.0.1", endpoint.port()),
                         "http://gallery.example/")) {
                long viewsStart = System.nanoTime();
                views.start(endpoint);
                StatusPage.serve(endpoint, clients.withClientId("bench-status-page"), catalog, views.views());
                String base = "http://127.0.0.1:" + endpoint.port();
                HttpViews http = new HttpViews(base, "");
                waitForViews(http, photos, viewsStart);
                System.out.printf(Locale.ROOT, "views built from the history in %.1f s%n",
                        (System.nanoTime() - viewsStart) / 1e9);
                measure(clients, catalog, http, base, rounds);
            }
        }
    }

    private static void measure(KafkaClients clients, TopicCatalog catalog, HttpViews views, String base, int rounds)
            throws Exception {
        StatusCollector status = new StatusCollector(clients.withClientId("bench-status"), catalog, Duration.ZERO,
                Clock.systemUTC(), views, base);
        HttpClient page = HttpClient.newHttpClient();
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            String lot = lot(round * 7 % 50);
            time(ms, "photopipe status (offsets + views)", () -> status.collect());
            // The page's server keeps a report 2 s for the pages polling it: measure a refresh that takes a new one.
            TimeUnit.MILLISECONDS.sleep(2100);
            time(ms, "status page refresh (GET /api/status)", () -> get(page, base + "/api/status"));
            time(ms, "find --batch (one lot of " + PER_LOT + ")", () -> views.find(FindQuery.parse(
                    Map.of("batch", lot))));
            time(ms, "baseline: plain consumer reads the 4 topics", () -> scan(clients, catalog));
            System.out.printf(Locale.ROOT, "  round %d done%n", round + 1);
        }
        double baseline = median(ms.get("baseline: plain consumer reads the 4 topics"));
        System.out.println();
        System.out.println("| what | median (ms) | min (ms) | max (ms) | / baseline |");
        System.out.println("|---|---:|---:|---:|---:|");
        ms.forEach((what, times) -> System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.4f |%n", what,
                median(times), times.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                times.stream().mapToDouble(Double::doubleValue).max().orElse(0), median(times) / baseline));
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static void time(Map<String, List<Double>> ms, String what, Timed timed) throws Exception {
        long start = System.nanoTime();
        timed.run();
        ms.computeIfAbsent(what, w -> new ArrayList<>()).add((System.nanoTime() - start) / 1e6);
    }

    private static void get(HttpClient client, String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Reads every record of the four topics the old status scanned, from the beginning to their end. */
    private static long scan(KafkaClients clients, TopicCatalog catalog) {
        long read = 0;
        try (Consumer<byte[], byte[]> consumer = clients.withClientId("bench-baseline").reader()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PhotopipeTopic topic : List.of(PhotopipeTopic.CAPTURED_PHOTOS, PhotopipeTopic.UPLOAD_REQUESTS,
                    PhotopipeTopic.SINK_LEDGER, PhotopipeTopic.DEAD_LETTERS)) {
                for (int p = 0; p < PARTITIONS; p++) {
                    partitions.add(new TopicPartition(catalog.name(topic), p));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new java.util.HashMap<>(consumer.endOffsets(partitions));
            while (!end.isEmpty()) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                read += batch.count();
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return read;
    }

    private static void waitForViews(HttpViews views, int photos, long start) throws InterruptedException {
        long last = -1;
        while (true) {
            if (System.nanoTime() - start > TIMEOUT.toNanos()) {
                throw new IllegalStateException("the views did not catch up within " + TIMEOUT);
            }
            try {
                ViewTotals totals = views.totals();
                long captured = totals.batches().stream().mapToLong(ViewTotals.BatchRow::captured).sum();
                long done = totals.batches().stream().mapToLong(b -> b.uploaded() + b.deadLettersPending()).sum();
                if (captured != last) {
                    System.out.printf(Locale.ROOT, "  views: %,d photos captured, %,d uploaded or dead-lettered%n",
                            captured, done);
                    last = captured;
                }
                if (captured == photos && done == photos) {
                    return;
                }
            } catch (RuntimeException starting) {
                // 503 while the views start: ask again below
            }
            // A benchmark's polling loop, not a test: it only decides how precisely the end is seen.
            TimeUnit.SECONDS.sleep(5);
        }
    }

    private static long produce(KafkaClients clients, TopicCatalog catalog, int photos) {
        var capturedSerde = AvroSerdes.forClass(PhotoCaptured.class, Map.of()).serializer();
        var requestSerde = AvroSerdes.forClass(UploadRequest.class, Map.of()).serializer();
        var outcomeSerde = AvroSerdes.forClass(UploadOutcome.class, Map.of()).serializer();
        String captured = catalog.name(PhotopipeTopic.CAPTURED_PHOTOS);
        String requests = catalog.name(PhotopipeTopic.UPLOAD_REQUESTS);
        String ledger = catalog.name(PhotopipeTopic.SINK_LEDGER);
        String letters = catalog.name(PhotopipeTopic.DEAD_LETTERS);
        long records = 0;
        try (Producer<byte[], byte[]> producer = clients.writer()) {
            for (int i = 0; i < photos; i++) {
                String id = String.format(Locale.ROOT, "%064x", i);
                byte[] key = id.getBytes(StandardCharsets.UTF_8);
                PhotoCaptured photo = photo(i, id);
                UploadRequest request = UploadRequest.newBuilder().setPhoto(photo)
                        .setAlbumPath(List.of("Production", "Line " + (i % 4), photo.getBatchId(), "2026-11-01"))
                        .setTags(List.of("lot:" + photo.getBatchId(), "orientation:front", "station:S" + (i % 40)))
                        .setRuleId("line-lots").build();
                producer.send(new ProducerRecord<>(captured, key, capturedSerde.serialize(captured, photo)));
                producer.send(new ProducerRecord<>(requests, key, requestSerde.serialize(requests, request)));
                records += 2;
                if (i % LETTER_EVERY == LETTER_EVERY - 1) {
                    DeadLetter letter = new DeadLetter(requests, 0, i, Stage.SINK, ReasonCode.PIWIGO_REJECTED,
                            FailureKind.PERMANENT, null, "Piwigo refused " + photo.getOriginalFileName(), 1,
                            T0.toEpochMilli(), T0.toEpochMilli(), photo.getBatchId());
                    producer.send(new ProducerRecord<>(letters, null, null, key, new byte[] {1},
                            letter.toHeaders(new RecordHeaders())));
                } else {
                    UploadOutcome outcome = UploadOutcome.newBuilder().setPhotoId(id).setStatus(UploadStatus.UPLOADED)
                            .setPiwigoImageId((long) i + 1).setAlbumIds(List.of((long) i / PER_LOT + 1))
                            .setMd5(photo.getMd5()).setAttempts(1).setFirstAttemptTime(photo.getIngestTime())
                            .setLastAttemptTime(photo.getIngestTime().plusSeconds(1)).build();
                    producer.send(new ProducerRecord<>(ledger, key, outcomeSerde.serialize(ledger, outcome)));
                }
                records++;
            }
            producer.flush();
        }
        return records;
    }

    private static PhotoCaptured photo(int i, String id) {
        Instant taken = T0.plusMillis(i * 250L);
        return PhotoCaptured.newBuilder().setPhotoId(id).setMd5(id.substring(0, 32)).setSizeBytes(3_000_000 + i % 1000)
                .setMediaType("image/jpeg").setSourceUri("file:///data/hotfolder/plant-a/line-" + (i % 4) + "/IMG_" + i
                        + ".jpg").setOriginalFileName("IMG_" + i + ".jpg").setCaptureTime(taken)
                .setSourceId("cam-" + (i % 12)).setSite("Plant A").setLine("line-" + (i % 4)).setStation("S" + (i % 40))
                .setBatchId(lot(i / PER_LOT)).setExif(ExifSummary.newBuilder().setOrientation("front").build())
                .setIngestTime(taken.plusSeconds(2)).build();
    }

    private static String lot(int n) {
        return "LOT-" + (10_000 + n);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
