package dev.photopipe.ops.status;

import dev.photopipe.ops.ReplayMarks;
import dev.photopipe.ops.TopicScan;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Counts per batch and per reason by reading photopipe's topics from the beginning. This scans:
 * its cost grows with the topics (bounded by {@code maxRecords} per topic, reported when hit), which
 * is acceptable for an operator command until the services publish these counts as metrics.
 * Not thread-safe; one instance per snapshot.
 */
final class TopicCounts {
    private final TopicScan scan;
    private final TopicCatalog catalog;
    private final Map<String, ?> serdeConfigs;
    private final List<StatusReport.Scan> scans = new ArrayList<>();

    private final Map<String, Set<String>> capturedByBatch = new TreeMap<>();
    private final Map<String, Long> duplicatesByBatch = new HashMap<>();
    private final Map<String, String> batchOfPhoto = new HashMap<>();
    private final Map<String, Set<String>> routedByBatch = new HashMap<>();
    private final Map<String, UploadStatus> ledger = new HashMap<>();
    private final Map<String, long[]> lettersByReason = new TreeMap<>();
    private final Map<String, long[]> lettersByBatch = new TreeMap<>();
    /** Key: batch, then reason; value: counts and the latest letter. */
    private final Map<List<String>, Failures> lettersByBatchAndReason = new TreeMap<>(
            Comparator.comparing((List<String> key) -> key.get(0)).thenComparing(key -> key.get(1)));

    /** @param serdeConfigs the Avro serde settings (schema registry), as the services use them */
    TopicCounts(TopicScan scan, TopicCatalog catalog, Map<String, ?> serdeConfigs) {
        this.scan = scan;
        this.catalog = catalog;
        this.serdeConfigs = serdeConfigs;
    }

    /** Reads every topic it counts; call once. */
    TopicCounts read() {
        read(PhotopipeTopic.CAPTURED_PHOTOS, PhotoCaptured.class, (record, photo) -> {
            String batch = batch(photo.getBatchId());
            batchOfPhoto.putIfAbsent(photo.getPhotoId(), batch);
            if (!capturedByBatch.computeIfAbsent(batch, b -> new HashSet<>()).add(photo.getPhotoId())) {
                duplicatesByBatch.merge(batch, 1L, Long::sum);
            }
        });
        read(PhotopipeTopic.UPLOAD_REQUESTS, UploadRequest.class, (record, request) -> {
            String batch = batch(request.getPhoto().getBatchId());
            // The request's batch wins: it is what the sink acted on.
            batchOfPhoto.put(request.getPhoto().getPhotoId(), batch);
            routedByBatch.computeIfAbsent(batch, b -> new HashSet<>()).add(request.getPhoto().getPhotoId());
        });
        // Compacted: the last outcome of a photo is its current state.
        read(PhotopipeTopic.SINK_LEDGER, UploadOutcome.class,
                (record, outcome) -> ledger.put(outcome.getPhotoId(), outcome.getStatus()));
        readDeadLetters();
        return this;
    }

    List<StatusReport.Scan> scans() {
        return scans;
    }

    StatusReport.DeadLetterCounts deadLetters() {
        List<StatusReport.BatchFailure> failures = new ArrayList<>();
        lettersByBatchAndReason.forEach((key, f) -> failures.add(new StatusReport.BatchFailure(key.get(0), key.get(1),
                f.counts[0], f.counts[1], f.latest.stage().headerValue(), f.latest.message(),
                Instant.ofEpochMilli(f.latest.lastFailureTimeMs()).toString())));
        return new StatusReport.DeadLetterCounts(rows(lettersByReason), rows(lettersByBatch), failures);
    }

    List<StatusReport.BatchProgress> batches() {
        Map<String, long[]> outcomes = new HashMap<>();
        ledger.forEach((photo, status) -> {
            long[] counts = outcomes.computeIfAbsent(batchOfPhoto.getOrDefault(photo, StatusReport.NO_BATCH), b -> new long[2]);
            if (status == UploadStatus.UPLOADED || status == UploadStatus.ALREADY_PRESENT) {
                counts[0]++;
            } else if (status == UploadStatus.FAILED) {
                counts[1]++;
            }
        });
        Set<String> batches = new java.util.TreeSet<>(capturedByBatch.keySet());
        batches.addAll(routedByBatch.keySet());
        batches.addAll(outcomes.keySet());
        batches.addAll(lettersByBatch.keySet());
        List<StatusReport.BatchProgress> rows = new ArrayList<>();
        for (String batch : batches) {
            long[] outcome = outcomes.getOrDefault(batch, new long[2]);
            rows.add(new StatusReport.BatchProgress(batch,
                    capturedByBatch.getOrDefault(batch, Set.of()).size(), duplicatesByBatch.getOrDefault(batch, 0L),
                    routedByBatch.getOrDefault(batch, Set.of()).size(), outcome[0], outcome[1],
                    lettersByBatch.getOrDefault(batch, new long[2])[0]));
        }
        return rows;
    }

    private void readDeadLetters() {
        ReplayMarks marks = ReplayMarks.read(scan, catalog.name(PhotopipeTopic.DEAD_LETTERS_REPLAYED));
        long[] unreadable = new long[1];
        String topic = catalog.name(PhotopipeTopic.DEAD_LETTERS);
        TopicScan.Result result = scan.fromBeginning(topic, record -> {
            DeadLetter letter;
            try {
                letter = DeadLetter.fromHeaders(record.headers());
            } catch (IllegalArgumentException notOurs) {
                unreadable[0]++;
                return;
            }
            int column = marks.isReplayed(record) ? 1 : 0;
            lettersByReason.computeIfAbsent(letter.reason().name(), r -> new long[2])[column]++;
            lettersByBatch.computeIfAbsent(batch(letter.batchId()), b -> new long[2])[column]++;
            lettersByBatchAndReason.computeIfAbsent(List.of(batch(letter.batchId()), letter.reason().name()),
                    k -> new Failures()).add(letter, column);
        });
        scans.add(new StatusReport.Scan(topic, result.records(), unreadable[0], result.limitHit()));
    }

    private <T extends SpecificRecord> void read(PhotopipeTopic topic, Class<T> type,
                                                 BiConsumer<ConsumerRecord<byte[], byte[]>, T> count) {
        String name = catalog.name(topic);
        long[] unreadable = new long[1];
        try (Deserializer<T> deserializer = AvroSerdes.forClass(type, serdeConfigs).deserializer()) {
            TopicScan.Result result = scan.fromBeginning(name, record -> {
                if (record.value() == null) {
                    return; // a tombstone: nothing to count
                }
                T value;
                try {
                    value = deserializer.deserialize(name, record.headers(), record.value());
                } catch (RuntimeException undecodable) {
                    // Counted and shown, not fatal: one bad record must not hide the status of the rest.
                    unreadable[0]++;
                    return;
                }
                count.accept(record, value);
            });
            scans.add(new StatusReport.Scan(name, result.records(), unreadable[0], result.limitHit()));
        }
    }

    /** The counts of one batch and reason, and its latest letter (whose message the page shows). */
    private static final class Failures {
        final long[] counts = new long[2];
        DeadLetter latest;

        void add(DeadLetter letter, int column) {
            counts[column]++;
            if (latest == null || letter.lastFailureTimeMs() >= latest.lastFailureTimeMs()) {
                latest = letter;
            }
        }
    }

    private static String batch(String batchId) {
        return batchId == null || batchId.isEmpty() ? StatusReport.NO_BATCH : batchId;
    }

    private static List<StatusReport.LetterCount> rows(Map<String, long[]> counts) {
        List<StatusReport.LetterCount> rows = new ArrayList<>();
        counts.forEach((key, c) -> rows.add(new StatusReport.LetterCount(key, c[0], c[1])));
        return rows;
    }
}
