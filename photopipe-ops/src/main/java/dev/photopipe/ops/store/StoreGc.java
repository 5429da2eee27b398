package dev.photopipe.ops.store;

import dev.photopipe.ops.TopicScan;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.store.PhotoStore;
import dev.photopipe.store.StoredPhoto;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * {@code photopipe store gc}: reads the sink's ledger (compacted: each photo's last outcome),
 * lists the photo store and deletes the bytes {@link StoreRetention} lets go, or with
 * {@code dryRun} only says what would go. A ledger record that does not decode keeps its photo
 * (nothing is deleted on a guess). Not thread-safe; one run at a time.
 */
public final class StoreGc {
    /** How many photos a report names one by one before it only counts. */
    private static final int LISTED = 20;

    private final KafkaClients clients;
    private final String ledgerTopic;
    private final long maxRecords;
    private final Map<String, ?> serdeConfigs;
    private final PhotoStore store;

    /**
     * @param maxRecords the most ledger records a run reads; past it nothing is deleted
     * @param store      not closed here
     */
    public StoreGc(KafkaClients clients, String ledgerTopic, long maxRecords, Map<String, ?> serdeConfigs,
                   PhotoStore store) {
        this.clients = clients;
        this.ledgerTopic = ledgerTopic;
        this.maxRecords = maxRecords;
        this.serdeConfigs = serdeConfigs;
        this.store = store;
    }

    /** What a run found and did. */
    public record Report(Map<StoreRetention.Verdict, Long> photos, long bytesToGo, List<StoredPhoto> going,
                         long deleted, TopicScan.Result ledger, long unreadable) {
    }

    public Report run(StoreRetention retention, boolean dryRun) throws IOException {
        Map<String, UploadOutcome> ledger = new HashMap<>();
        long[] unreadable = new long[1];
        TopicScan.Result scanned;
        try (Consumer<byte[], byte[]> reader = clients.reader();
                Deserializer<UploadOutcome> deserializer = AvroSerdes.forClass(UploadOutcome.class, serdeConfigs).deserializer()) {
            scanned = new TopicScan(reader, maxRecords).fromBeginning(ledgerTopic, record -> {
                String photoId = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
                if (record.value() == null) {
                    if (photoId != null) {
                        ledger.remove(photoId);
                    }
                    return;
                }
                try {
                    UploadOutcome outcome = deserializer.deserialize(ledgerTopic, record.headers(), record.value());
                    ledger.put(outcome.getPhotoId(), outcome);
                } catch (RuntimeException e) {
                    unreadable[0]++;
                    if (photoId != null) {
                        ledger.remove(photoId); // its state is unknown now: keep the photo
                    }
                }
            });
        }
        if (scanned.limitHit()) {
            throw new IllegalStateException("The ledger " + ledgerTopic + " holds more records than the scan reads; "
                    + "nothing was deleted (raise --max-records)");
        }
        Map<StoreRetention.Verdict, Long> counts = new EnumMap<>(StoreRetention.Verdict.class);
        List<StoredPhoto> going = new ArrayList<>();
        long[] bytes = new long[1];
        store.list(photo -> {
            StoreRetention.Verdict verdict = retention.judge(photo, ledger);
            counts.merge(verdict, 1L, Long::sum);
            if (verdict == StoreRetention.Verdict.DELETE) {
                going.add(photo);
                bytes[0] += photo.sizeBytes();
            }
        });
        long deleted = 0;
        if (!dryRun) {
            for (StoredPhoto photo : going) {
                if (store.delete(photo.uri())) {
                    deleted++;
                }
            }
        }
        return new Report(counts, bytes[0], going, deleted, scanned, unreadable[0]);
    }

    /** The report as an operator reads it. */
    public static void print(Report report, boolean dryRun, String store, PrintWriter out) {
        out.printf("Photo store: %s%n", store);
        out.printf("Ledger: %d records read from %s%s%n", report.ledger().records(), report.ledger().topic(),
                report.unreadable() == 0 ? "" : " (" + report.unreadable() + " unreadable: their photos are kept)");
        for (StoreRetention.Verdict verdict : StoreRetention.Verdict.values()) {
            out.printf("  %-22s %8d  %s%n", verdict.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    report.photos().getOrDefault(verdict, 0L), verdict.meaning);
        }
        out.printf("%s %d photos, %.1f MB%n", dryRun ? "Would delete" : "Deleted", dryRun ? report.going().size()
                : report.deleted(), report.bytesToGo() / (1024.0 * 1024));
        report.going().stream().limit(LISTED).forEach(photo -> out.println("  " + photo.uri()));
        if (report.going().size() > LISTED) {
            out.printf("  ... and %d more%n", report.going().size() - LISTED);
        }
        out.flush();
    }
}
