package dev.photopipe.expiry.topology;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tasks (partitions) of this instance wait on the gallery: their first due expiry could not
 * be acted on (Piwigo down, an error), so it and every later one wait for the next check. For
 * readiness, which says so and since when. Thread-safe.
 */
public final class Blockages {
    private record Blockage(String photoId, String reason, Instant since) {
    }

    private final Map<String, Blockage> byTask = new ConcurrentHashMap<>();

    void blocked(String task, String photoId, String reason, Instant now) {
        byTask.merge(task, new Blockage(photoId, reason, now),
                (old, latest) -> new Blockage(latest.photoId(), latest.reason(), old.since()));
    }

    void clear(String task) {
        byTask.remove(task);
    }

    /** The earliest blockage in words, or empty when no due expiry waits on the gallery. */
    public Optional<String> describe() {
        return byTask.entrySet().stream().min(Map.Entry.comparingByValue(
                        java.util.Comparator.comparing(Blockage::since)))
                .map(e -> "expiries of task " + e.getKey() + " wait since " + e.getValue().since() + " at photo "
                        + e.getValue().photoId() + ": " + e.getValue().reason());
    }
}
