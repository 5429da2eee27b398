package dev.photopipe.sink.ledger;

import dev.photopipe.schemas.UploadOutcome;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The sink's dedup state: the last {@link UploadOutcome} of every photo, per partition of the
 * compacted ledger topic, which is co-partitioned with the upload requests.
 *
 * <p>Lifecycle: {@link #load} the partitions when they are assigned (rebuilds them from the
 * beginning of the ledger up to its end offset at that moment), {@link #forget} them when they
 * are revoked or lost. {@link #outcome} answers only for loaded partitions.
 *
 * <p>Threading: meant for the one consumer thread of the sink (rebalance callbacks run there
 * too). {@link #outcome} may also be read from other threads.
 */
public interface Ledger extends AutoCloseable {

    /** Reads {@code partitions} of the ledger from the beginning to their current end; blocks until done. */
    void load(Collection<Integer> partitions);

    /** Drops the in-memory view of {@code partitions}. */
    void forget(Collection<Integer> partitions);

    /** The recorded outcome of {@code photoId}, whose request came from {@code partition}. */
    Optional<UploadOutcome> outcome(int partition, String photoId);

    /**
     * Writes {@code entries} to the ledger topic and returns once the broker acknowledged all
     * of them (acks=all, idempotent producer); then the in-memory view holds them too.
     *
     * @throws LedgerException a write failed; nothing may be committed past these entries
     * @throws InterruptedException interrupted while waiting for the acknowledgements
     */
    void record(List<LedgerEntry> entries) throws InterruptedException;

    /** Photos held in memory, over all loaded partitions. */
    int size();

    @Override
    void close();
}
