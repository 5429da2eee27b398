package dev.photopipe.ops.expiry;

import dev.photopipe.ops.TopicScan;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads what the expiry commands need from Kafka, each topic up to its end when the read began:
 * the last {@link ExpiryChange} and the last {@link ExpiryAudit} of every photo (compacted topics
 * keyed by photo id, small next to the ledger) as maps, and the sink's ledger record by record, so
 * that a caller keeps only what it needs of it. A tombstone removes the photo's entry; a record
 * that does not decode is skipped and counted (the services dead-letter such records, the commands
 * only say how many). One instance per command run; not thread-safe.
 */
public final class ExpiryTopics {
    private final KafkaClients clients;
    private final Topics topics;
    private final Map<String, ?> serdeConfigs;
    private final long maxRecords;
    private final List<String> limitsHit = new ArrayList<>();
    private long unreadable;

    /** The three topics' names, as the catalog names them. */
    public record Topics(String ledger, String changes, String audit) {
    }

    /**
     * @param serdeConfigs the Avro serde settings (schema registry), as the services use them
     * @param maxRecords   per-topic bound of each read ({@code --max-records})
     */
    public ExpiryTopics(KafkaClients clients, Topics topics, Map<String, ?> serdeConfigs, long maxRecords) {
        this.clients = clients;
        this.topics = topics;
        this.serdeConfigs = Map.copyOf(serdeConfigs);
        this.maxRecords = maxRecords;
    }

    public Topics topics() {
        return topics;
    }

    /** The last change of each photo, by photo id. */
    public Map<String, ExpiryChange> changes() {
        return lastByPhoto(topics.changes(), ExpiryChange.class);
    }

    /** The last audit entry of each photo, by photo id. */
    public Map<String, ExpiryAudit> audits() {
        return lastByPhoto(topics.audit(), ExpiryAudit.class);
    }

    /** Every audit entry in topic order (tombstones left out), earlier events of a photo included. */
    public void auditEntries(java.util.function.Consumer<ExpiryAudit> each) {
        scan(topics.audit(), ExpiryAudit.class, (photoId, entry) -> {
            if (entry != null) {
                each.accept(entry);
            }
        });
    }

    /**
     * Every ledger record in topic order, with its photo id; the value is null for a tombstone. A
     * photo's later record replaces its earlier ones.
     */
    public void ledger(BiConsumer<String, UploadOutcome> each) {
        scan(topics.ledger(), UploadOutcome.class, each);
    }

    /** The topics whose read stopped at {@code --max-records} (what they hold beyond it is missing). */
    public List<String> limitsHit() {
        return List.copyOf(limitsHit);
    }

    /** Records skipped because they did not decode. */
    public long unreadable() {
        return unreadable;
    }

    /** Why what was read may lack records, in words with the fix; empty when everything was read. */
    public List<String> incomplete() {
        List<String> why = new ArrayList<>();
        limitsHit.forEach(topic -> why.add(topic + " was read only up to --max-records " + maxRecords + ": raise it"));
        if (unreadable > 0) {
            why.add(unreadable + " record(s) did not decode and were skipped");
        }
        return why;
    }

    private <T extends SpecificRecord> Map<String, T> lastByPhoto(String topic, Class<T> type) {
        Map<String, T> last = new HashMap<>();
        scan(topic, type, (photoId, value) -> {
            if (value == null) {
                last.remove(photoId);
            } else {
                last.put(photoId, value);
            }
        });
        return last;
    }

    private <T extends SpecificRecord> void scan(String topic, Class<T> type, BiConsumer<String, T> each) {
        Deserializer<T> decoder = AvroSerdes.forClass(type, serdeConfigs).deserializer();
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            TopicScan.Result result = new TopicScan(consumer, maxRecords).fromBeginning(topic,
                    record -> decode(record, decoder, each));
            if (result.limitHit()) {
                limitsHit.add(topic);
            }
        }
    }

    private <T> void decode(ConsumerRecord<byte[], byte[]> record, Deserializer<T> decoder, BiConsumer<String, T> each) {
        if (record.key() == null) {
            unreadable++;
            return;
        }
        T value;
        try {
            value = record.value() == null ? null : decoder.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException notAvro) {
            unreadable++;
            return;
        }
        each.accept(new String(record.key(), StandardCharsets.UTF_8), value);
    }
}
