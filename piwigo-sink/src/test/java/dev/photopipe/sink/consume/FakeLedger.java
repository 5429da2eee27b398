package dev.photopipe.sink.consume;

import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.sink.ledger.Ledger;
import dev.photopipe.sink.ledger.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Ledger} on the heap for unit tests: what was recorded, and every call in order. Thread-safe. */
final class FakeLedger implements Ledger {
    final List<LedgerEntry> recorded = new CopyOnWriteArrayList<>();
    /** "load [0]", "forget [1]", "record n": the calls in order. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<Integer, Map<String, UploadOutcome>> view = new ConcurrentHashMap<>();

    /** An outcome known before the test starts. */
    void know(int partition, String photoId, UploadOutcome outcome) {
        view.computeIfAbsent(partition, p -> new ConcurrentHashMap<>()).put(photoId, outcome);
    }

    @Override
    public void load(Collection<Integer> partitions) {
        calls.add("load " + partitions);
    }

    @Override
    public void forget(Collection<Integer> partitions) {
        calls.add("forget " + partitions);
    }

    @Override
    public Optional<UploadOutcome> outcome(int partition, String photoId) {
        return Optional.ofNullable(view.getOrDefault(partition, Map.of()).get(photoId));
    }

    @Override
    public void record(List<LedgerEntry> entries) {
        calls.add("record " + entries.size());
        for (LedgerEntry entry : entries) {
            know(entry.partition(), new String(entry.key(), StandardCharsets.UTF_8), entry.outcome());
        }
        recorded.addAll(entries);
    }

    /** The photo ids recorded, in the order they were recorded. */
    List<String> recordedIds() {
        List<String> ids = new ArrayList<>();
        recorded.forEach(e -> ids.add(e.outcome().getPhotoId()));
        return ids;
    }

    UploadOutcome last(String photoId) {
        UploadOutcome last = null;
        for (LedgerEntry entry : recorded) {
            if (entry.outcome().getPhotoId().equals(photoId)) {
                last = entry.outcome();
            }
        }
        return last;
    }

    @Override
    public int size() {
        return view.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public void close() {
    }
}
