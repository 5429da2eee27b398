package dev.photopipe.sink.ledger;

import dev.photopipe.schemas.UploadOutcome;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The sink's dedup state: the last {@link UploadOutcome} of every photo, per partition of the
 * compacted ledger topic, which is co-partitioned with the upload requests.
 *
 * <p>Lifecycle: {@link #load} the partitions when they are assigned (brings the view up to the
 * ledger's end offset at that moment: from the beginning for the in-memory view, from the
 * partition's checkpoint for the on-disk one), {@link #forget} them when they are revoked or
 * lost. {@link #outcome} answers only for loaded partitions.
 *
 * <p>Threading: meant for the one consumer thread of the sink (rebalance callbacks run there
 * too). {@link #outcome} may also be read from other threads.
 */
public interface Ledger extends AutoCloseable {

    /**
     * Brings the view of {@code partitions} up to the ledger's current end; blocks until done.
     * Reads from the beginning unless a local store holds the partition up to a trusted checkpoint.
     */
    void load(Collection<Integer> partitions);

    /** Drops the view of {@code partitions}; a local store first saves it and its checkpoint. */
    void forget(Collection<Integer> partitions);

    /** The recorded outcome of {@code photoId}, whose request came from {@code partition}. */
    Optional<UploadOutcome> outcome(int partition, String photoId);

    /**
     * Writes {@code entries} to the ledger topic and returns once the broker acknowledged all
     * of them (acks=all, idempotent producer); then the view holds them too.
     *
     * @throws LedgerException a write failed; nothing may be committed past these entries
     * @throws InterruptedException interrupted while waiting for the acknowledgements
     */
    void record(List<LedgerEntry> entries) throws InterruptedException;

    /** Photos in the view, over all loaded partitions (an estimate for the on-disk view). */
    int size();

    /** Forgets every loaded partition (saving a local store's checkpoints), then releases everything. */
    @Override
    void close();

    /**
     * Releases everything as a killed process would: no checkpoint is written and what a local
     * store has not flushed is lost. For tests of crash recovery; by default {@link #close()}.
     */
    default void abandon() {
        close();
    }
}
