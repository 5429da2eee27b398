package dev.photopipe.enrich.status;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the per-batch counts of a running enrich-stream instance (interactive query), for an
 * HTTP status endpoint.
 *
 * <p>Photos are partitioned by photo id, so one batch is counted in several partitions' stores.
 * A plain {@code get} on the composite store would return one partition's share; this class sums
 * every local partition instead. It sees only the partitions this instance hosts: with several
 * instances, ask each (Streams metadata lists them) and add the answers with
 * {@link BatchCounts#plus}. Thread-safe; may throw
 * {@link org.apache.kafka.streams.errors.InvalidStateStoreException} while rebalancing, which
 * callers should answer with "try again".
 */
public final class BatchStatus {
    /** Batch key for photos without a batch id. */
    public static final String NO_BATCH = "(none)";

    private final KafkaStreams streams;
    private final String storeName;

    public BatchStatus(KafkaStreams streams, String storeName) {
        this.streams = streams;
        this.storeName = storeName;
    }

    /** The counts of {@code batchId} on this instance, if it saw any of its photos. */
    public Optional<BatchCounts> batch(String batchId) {
        BatchCounts total = null;
        try (KeyValueIterator<String, BatchCounts> it = store().range(batchId, batchId)) {
            while (it.hasNext()) {
                BatchCounts counts = it.next().value;
                total = total == null ? counts : total.plus(counts);
            }
        }
        return Optional.ofNullable(total);
    }

    /** Every batch this instance counted, sorted by batch id. */
    public Map<String, BatchCounts> all() {
        Map<String, BatchCounts> totals = new TreeMap<>();
        try (KeyValueIterator<String, BatchCounts> it = store().all()) {
            while (it.hasNext()) {
                KeyValue<String, BatchCounts> entry = it.next();
                totals.merge(entry.key, entry.value, BatchCounts::plus);
            }
        }
        return totals;
    }

    private ReadOnlyKeyValueStore<String, BatchCounts> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(storeName,
                QueryableStoreTypes.<String, BatchCounts>keyValueStore()));
    }
}
