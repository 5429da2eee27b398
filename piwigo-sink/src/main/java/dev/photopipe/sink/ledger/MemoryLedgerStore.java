package dev.photopipe.sink.ledger;

import dev.photopipe.schemas.UploadOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The view in heap maps, one per partition, rebuilt from offset 0 on every load. Outcomes are
 * decoded once, when read from the topic. Maps are concurrent so that metrics and other threads
 * may read while the consumer thread writes.
 */
final class MemoryLedgerStore implements LedgerStore {
    private final OutcomeDecoder decoder;
    private final Map<Integer, Map<String, UploadOutcome>> partitions = new ConcurrentHashMap<>();

    MemoryLedgerStore(OutcomeDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public Optional<Checkpoint> open(int partition) {
        partitions.put(partition, new ConcurrentHashMap<>());
        return Optional.empty();
    }

    @Override
    public long entries(int partition) {
        Map<String, UploadOutcome> view = partitions.get(partition);
        return view == null ? 0 : view.size();
    }

    @Override
    public void wipe(int partition) {
        partitions.put(partition, new ConcurrentHashMap<>());
    }

    @Override
    public void write(int partition, List<Change> changes) {
        Map<String, UploadOutcome> view = partitions.get(partition);
        if (view == null) {
            return;
        }
        for (Change change : changes) {
            UploadOutcome outcome = change.value() == null ? null : decoder.decode(change.photoId(), partition, change.value());
            if (outcome == null) {
                view.remove(change.photoId()); // tombstone (the photo may be uploaded again) or unreadable
            } else {
                view.put(change.photoId(), outcome);
            }
        }
    }

    @Override
    public Optional<UploadOutcome> get(int partition, String photoId) {
        Map<String, UploadOutcome> view = partitions.get(partition);
        return view == null ? Optional.empty() : Optional.ofNullable(view.get(photoId));
    }

    @Override
    public void checkpoint(int partition, Checkpoint checkpoint) {
        // Nothing survives the process: there is nothing to vouch for.
    }

    @Override
    public void release(int partition) {
        partitions.remove(partition);
    }

    @Override
    public long size() {
        return partitions.values().stream().mapToLong(Map::size).sum();
    }

    @Override
    public void close() {
        partitions.clear();
    }
}
