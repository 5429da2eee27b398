package dev.photopipe.expiry.topology;

import dev.photopipe.expiry.gallery.Gallery;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryNotice;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The expiry service's topology, a pure function of a {@link StreamsBuilder}:
 *
 * <pre>
 * ledger  (UploadOutcome, key photo id) ──┐
 *                                         ├─► expiry ──► notices (ExpiryNotice)
 * changes (ExpiryChange,  key photo id) ──┘     │   └──► audit   (ExpiryAudit)
 *                                               ├─ expiry-photos      photo id → ledger entry, last change, marks
 *                                               └─ expiry-time-index  expiresAt (big-endian) + photo id, in time order
 * </pre>
 *
 * The two sources are co-partitioned (same key, same partition count), so one task sees a photo's
 * ledger entry and its changes. See {@link ExpiryProcessor} for what happens and its guarantees.
 */
public final class ExpiryTopology {
    /** Photo id → {@link PhotoState}; changelogged. */
    public static final String PHOTOS_STORE = "expiry-photos";
    /** Pending expiries in time order ({@link TimeIndex} keys, empty values); changelogged. */
    public static final String INDEX_STORE = "expiry-time-index";

    private ExpiryTopology() {
    }

    /**
     * Adds the expiry graph to {@code builder}.
     *
     * @param gallery   where due expiries are acted on
     * @param clock     what "now" is at each check (tests control it; production passes the system clock)
     * @param meters    notices, actions and pending expiries
     * @param blockages due expiries waiting on the gallery, for readiness
     */
    public static void build(StreamsBuilder builder, TopologySettings settings, ExpirySerdes serdes, Gallery gallery,
                             Clock clock, ExpiryMeters meters, Blockages blockages) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PHOTOS_STORE),
                Serdes.String(), new PhotoStateSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INDEX_STORE),
                Serdes.Bytes(), Serdes.ByteArray()));
        KStream<String, SpecificRecord> ledger = builder.stream(settings.ledgerTopic(),
                        Consumed.with(Serdes.String(), serdes.outcome()).withName("expiry-ledger"))
                .mapValues(v -> (SpecificRecord) v, Named.as("expiry-ledger-records"));
        KStream<String, SpecificRecord> changes = builder.stream(settings.changesTopic(),
                        Consumed.with(Serdes.String(), serdes.change()).withName("expiry-changes"))
                .mapValues(v -> (SpecificRecord) v, Named.as("expiry-change-records"));
        KStream<String, SpecificRecord> out = ledger.merge(changes, Named.as("expiry-inputs"))
                .process(() -> new ExpiryProcessor(settings, gallery, clock, meters, blockages),
                        Named.as("expiry"), PHOTOS_STORE, INDEX_STORE);
        out.filter((photoId, value) -> value instanceof ExpiryNotice, Named.as("expiry-notices"))
                .mapValues(value -> (ExpiryNotice) value, Named.as("expiry-notice-records"))
                .to(settings.noticesTopic(), Produced.with(Serdes.String(), serdes.notice()).withName("expiry-notices-sink"));
        out.filter((photoId, value) -> value instanceof ExpiryAudit, Named.as("expiry-audits"))
                .mapValues(value -> (ExpiryAudit) value, Named.as("expiry-audit-records"))
                .to(settings.auditTopic(), Produced.with(Serdes.String(), serdes.audit()).withName("expiry-audit-sink"));
    }
}
