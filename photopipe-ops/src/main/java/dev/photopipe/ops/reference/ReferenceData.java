package dev.photopipe.ops.reference;

import dev.photopipe.enrich.reference.ReferenceTopic;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reference data (rules, cameras) kept as files in version control and published to their
 * compacted topics: loading writes only what changed and tombstones what the file no longer has;
 * enrich-stream applies it without a restart. Immutable; each call opens and closes its clients.
 */
public final class ReferenceData {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final TopicCatalog catalog;
    private final Map<String, ?> serdeConfigs;

    /** @param serdeConfigs the Avro serde settings (schema registry), as the services use them */
    public ReferenceData(KafkaClients clients, TopicCatalog catalog, Map<String, ?> serdeConfigs) {
        this.clients = clients;
        this.catalog = catalog;
        this.serdeConfigs = serdeConfigs;
    }

    /**
     * Publishes {@code wanted}, read from {@code file}, to the kind's topic (which must exist): new
     * and changed entries written, entries the file no longer has tombstoned. Says what changed.
     */
    public String publish(ReferenceKind kind, Path file, Map<String, ? extends SpecificRecord> wanted)
            throws Exception {
        String topic = catalog.name(kind.topic());
        ReferenceTopic.SyncResult result = sync(kind, topic, wanted, false);
        return String.format("%s from %s -> %s: %d created %s, %d updated %s, %d removed %s, %d unchanged", kind.noun(),
                file, topic, result.created().size(), result.created(), result.updated().size(), result.updated(),
                result.deleted().size(), result.deleted(), result.unchanged().size());
    }

    /**
     * Adds the entries of {@code wanted} whose keys the topic does not have yet, and touches
     * nothing else: what {@code photopipe demo} does with the examples, so that it never replaces
     * or removes reference data someone else loaded. Says what it added and what it left alone.
     */
    public String addMissing(ReferenceKind kind, Path file, Map<String, ? extends SpecificRecord> wanted)
            throws Exception {
        String topic = catalog.name(kind.topic());
        ReferenceTopic.SyncResult result = sync(kind, topic, wanted, true);
        String text = String.format("%s from %s -> %s: %d added %s", kind.noun(), file, topic, result.created().size(),
                result.created());
        if (!result.unchanged().isEmpty()) {
            // Everything live was kept as wanted: those keys come back unchanged, whatever the file says.
            text += String.format("; left as they are: %d %s already live %s (photopipe %s load FILE replaces "
                    + "them)", result.unchanged().size(), kind.noun(), result.unchanged(), kind.noun());
        }
        return text;
    }

    /** What is live on the kind's topic now, by key (sorted). */
    public Map<String, ?> live(ReferenceKind kind) throws Exception {
        try (Consumer<String, ? extends SpecificRecord> consumer = reader(kind.type())) {
            return new TreeMap<>(ReferenceTopic.readAll(consumer, catalog.name(kind.topic()), TIMEOUT));
        }
    }

    /** The kind's topic name, prefix included. */
    public String topic(ReferenceKind kind) {
        return catalog.name(kind.topic());
    }

    /** @param addOnly write only keys the topic lacks: every live entry is kept as wanted, unchanged */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private <V extends SpecificRecord> ReferenceTopic.SyncResult sync(ReferenceKind kind, String topic,
            Map<String, ? extends SpecificRecord> wanted, boolean addOnly) throws Exception {
        Class<V> type = (Class<V>) kind.type();
        try (Producer<String, V> producer = clients.writer(new StringSerializer(),
                AvroSerdes.forClass(type, serdeConfigs).serializer());
                Consumer<String, V> consumer = reader(type)) {
            Map<String, V> live = ReferenceTopic.readAll(consumer, topic, TIMEOUT);
            Map<String, V> target = new TreeMap<>((Map) wanted);
            if (addOnly) {
                target.putAll(live);
            }
            return ReferenceTopic.sync(producer, topic, target, live, TIMEOUT);
        }
    }

    // No group: the whole compacted topic is read from the start, nothing is committed.
    private <V extends SpecificRecord> Consumer<String, V> reader(Class<V> type) {
        return clients.reader(new StringDeserializer(), AvroSerdes.forClass(type, serdeConfigs).deserializer());
    }
}
