package dev.photopipe.sink.ledger;

import dev.photopipe.schemas.UploadOutcome;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link TopicLedger} keeps its view of the ledger partitions it loaded: in memory (gone
 * with the process) or on local disk with a {@link Checkpoint} per partition. The topic is the
 * truth; a store only saves re-reading it. Thread-safe: {@link #get} and {@link #size} may run
 * on any thread while the consumer thread writes.
 */
interface LedgerStore extends AutoCloseable {

    /** One ledger record: {@code value} null is a tombstone. */
    record Change(String photoId, byte[] value) {
    }

    /** Whether the store survives the process, so checkpoints are worth keeping. */
    boolean persistent();

    /**
     * Opens {@code partition}'s local view. Empty when the store has nothing it can vouch for
     * (no checkpoint, unreadable checkpoint, memory store): the view is then empty too.
     */
    Optional<Checkpoint> open(int partition);

    /** Entries the open partition holds right now (an estimate for the disk store). */
    long entries(int partition);

    /** Drops everything held for the open {@code partition}, checkpoint first, and keeps it open, empty. */
    void wipe(int partition);

    /** Applies {@code changes}, in ledger order, to the open {@code partition}. */
    void write(int partition, List<Change> changes);

    /** The outcome held for {@code photoId}; empty when unknown, unreadable or the partition is not open. */
    Optional<UploadOutcome> get(int partition, String photoId);

    /** Makes everything written so far durable, then records {@code checkpoint} for it. */
    void checkpoint(int partition, Checkpoint checkpoint);

    /** Closes {@code partition} (after {@link #checkpoint}, for an orderly hand-over). */
    void release(int partition);

    /** Entries over all open partitions. */
    long size();

    /** Releases everything; partitions not checkpointed before keep their previous checkpoint. */
    @Override
    void close();

    /**
     * As a killed process would leave things: nothing more is flushed or checkpointed (tests of
     * crash recovery). By default the same as {@link #close()}.
     */
    default void abandon() {
        close();
    }
}
