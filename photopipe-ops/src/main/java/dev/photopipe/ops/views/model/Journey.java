package dev.photopipe.ops.views.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the pipeline's topics say about one photo: its first capture, how often it was
 * captured, its route (upload request), the sink's outcome and its dead letters. A journey whose
 * key is a file path instead of a photo id holds only ingest letters: the file never became a
 * photo. Immutable; the {@code with...} methods return copies.
 *
 * @param key      the photo id, or for ingest failures the file path
 * @param capture  the first capture event, or null
 * @param captures capture events seen
 * @param route    the latest upload request, or null
 * @param outcome  the latest ledger entry, or null
 * @param letters  dead letters by letter id
 */
public record Journey(String key, Capture capture, int captures, Route route, Outcome outcome,
                      Map<String, Letter> letters) {
    /** The batch shown for photos and letters that carry none. */
    public static final String NO_BATCH = "(none)";

    public Journey {
        letters = letters == null ? Map.of() : Map.copyOf(new TreeMap<>(letters));
    }

    public static Journey empty(String key) {
        return new Journey(key, null, 0, null, null, Map.of());
    }

    /** A capture event: the first one is kept, later ones count as duplicates. */
    public Journey withCapture(Capture event) {
        return new Journey(key, capture == null ? event : capture, captures + 1, route, outcome, letters);
    }

    public Journey withRoute(Route request) {
        return new Journey(key, capture, captures, request, outcome, letters);
    }

    public Journey withOutcome(Outcome latest) {
        return new Journey(key, capture, captures, route, latest, letters);
    }

    public Journey withLetter(Letter letter) {
        Map<String, Letter> all = new TreeMap<>(letters);
        all.put(letter.letterId(), letter);
        return new Journey(key, capture, captures, route, outcome, all);
    }

    /** True when the key is a photo id (a capture, request or outcome was seen, or a non-ingest letter). */
    @JsonIgnore
    public boolean isPhoto() {
        return capture != null || route != null || outcome != null
                || letters.values().stream().anyMatch(l -> l.known() && !"ingest".equals(l.stage()));
    }

    /** The request's batch (what the sink acted on), else the capture's, else the first letter's. */
    @JsonIgnore
    public String batch() {
        String batch = route != null ? route.batch() : capture != null ? capture.batch() : null;
        if (batch == null && route == null && capture == null) {
            batch = letters.values().stream().filter(Letter::known).map(Letter::batch)
                    .filter(b -> b != null && !b.isEmpty()).findFirst().orElse(null);
        }
        return batch == null || batch.isEmpty() ? NO_BATCH : batch;
    }

    /** When the photo was taken, or for a file that never became one, when it failed; epoch ms. */
    @JsonIgnore
    public long timeMs() {
        if (capture != null) {
            return capture.captureTimeMs();
        }
        return letters.values().stream().filter(Letter::known).mapToLong(Letter::failedAtMs).min().orElse(0);
    }

    /** The file name as the camera gave it, or the last segment of an ingest letter's path; null if unknown. */
    @JsonIgnore
    public String fileName() {
        if (capture != null) {
            return capture.fileName();
        }
        if (!isPhoto() && key != null) {
            int slash = Math.max(key.lastIndexOf('/'), key.lastIndexOf('\\'));
            return key.substring(slash + 1);
        }
        return null;
    }

    /** This photo's share of its batch's counts. */
    @JsonIgnore
    public BatchTotals totals() {
        if (!isPhoto()) {
            return BatchTotals.ZERO;
        }
        return new BatchTotals(capture != null ? 1 : 0, Math.max(0, captures - 1), route != null ? 1 : 0,
                outcome != null && outcome.inPiwigo() ? 1 : 0, outcome != null && outcome.failed() ? 1 : 0);
    }
}
