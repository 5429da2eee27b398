package dev.photopipe.ops.views.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the pipeline's topics say about one photo: its first capture, how often it was
 * captured, its route (upload request), the sink's outcome, its dead letters, its last expiry
 * change and its expiry audit. A journey whose
 * key is a file path instead of a photo id holds only ingest letters: the file never became a
 * photo. Immutable; the {@code with...} methods return copies.
 *
 * @param key      the photo id, or for ingest failures the file path
 * @param capture  the first capture event, or null
 * @param captures capture events seen
 * @param route    the latest upload request, or null
 * @param outcome  the latest ledger entry, or null
 * @param letters  dead letters by letter id
 * @param expiryChange the last change of its expiry, or null
 * @param expiryAudit  its expiry audit entries as read, oldest first
 */
public record Journey(String key, Capture capture, int captures, Route route, Outcome outcome,
                      Map<String, Letter> letters, ExpiryChangeFact expiryChange, List<ExpiryEventFact> expiryAudit) {
    /** The batch shown for photos and letters that carry none. */
    public static final String NO_BATCH = "(none)";

    public Journey {
        letters = letters == null ? Map.of() : Map.copyOf(new TreeMap<>(letters));
        expiryAudit = expiryAudit == null ? List.of() : List.copyOf(expiryAudit);
    }

    public static Journey empty(String key) {
        return new Journey(key, null, 0, null, null, Map.of(), null, List.of());
    }

    /** A capture event: the first one is kept, later ones count as duplicates. */
    public Journey withCapture(Capture event) {
        return new Journey(key, capture == null ? event : capture, captures + 1, route, outcome, letters,
                expiryChange, expiryAudit);
    }

    public Journey withRoute(Route request) {
        return new Journey(key, capture, captures, request, outcome, letters, expiryChange, expiryAudit);
    }

    public Journey withOutcome(Outcome latest) {
        return new Journey(key, capture, captures, route, latest, letters, expiryChange, expiryAudit);
    }

    public Journey withLetter(Letter letter) {
        Map<String, Letter> all = new TreeMap<>(letters);
        all.put(letter.letterId(), letter);
        return new Journey(key, capture, captures, route, outcome, all, expiryChange, expiryAudit);
    }

    /** The last change of the expiry replaces any before it. */
    public Journey withExpiryChange(ExpiryChangeFact change) {
        return new Journey(key, capture, captures, route, outcome, letters, change, expiryAudit);
    }

    /** An audit entry joins the others in time order; one already kept (read again) changes nothing. */
    public Journey withExpiryEvent(ExpiryEventFact event) {
        if (expiryAudit.contains(event)) {
            return this;
        }
        List<ExpiryEventFact> all = new ArrayList<>(expiryAudit);
        all.add(event);
        all.sort(Comparator.comparingLong(ExpiryEventFact::eventTimeMs));
        return new Journey(key, capture, captures, route, outcome, letters, expiryChange, all);
    }

    /**
     * The expiry in force ({@link ScheduledExpiry#of}: the ledger's, unless a change replaced it);
     * empty when the photo is not in Piwigo or does not expire.
     */
    @JsonIgnore
    public Optional<ScheduledExpiry> expiry() {
        if (outcome == null) {
            return Optional.empty();
        }
        UploadOutcome ledger = new UploadOutcome(key, UploadStatus.valueOf(outcome.status()), outcome.imageId(),
                outcome.albumIds(), "", outcome.attempts(), outcome.lastError(), Instant.ofEpochMilli(outcome.lastAttemptMs()),
                Instant.ofEpochMilli(outcome.lastAttemptMs()), outcome.ruleId(), instant(outcome.expiresAtMs()),
                outcome.expiryAction() == null ? ExpiryAction.NONE : ExpiryAction.valueOf(outcome.expiryAction()));
        ExpiryChange change = expiryChange == null ? null : new ExpiryChange(key, instant(expiryChange.expiresAtMs()),
                expiryChange.action() == null ? null : ExpiryAction.valueOf(expiryChange.action()), expiryChange.ruleId(),
                expiryChange.reason(), expiryChange.requestedBy(), Instant.ofEpochMilli(expiryChange.requestedAtMs()));
        return ScheduledExpiry.of(ledger, change);
    }

    /** The expiry in force when its audit does not say it was dealt with yet ({@link ScheduledExpiry#isDoneBy}). */
    @JsonIgnore
    public Optional<ScheduledExpiry> pendingExpiry() {
        ExpiryEventFact last = expiryAudit.isEmpty() ? null : expiryAudit.get(expiryAudit.size() - 1);
        ExpiryAudit audit = last == null ? null : new ExpiryAudit(key, null, ExpiryEvent.valueOf(last.event()),
                ExpiryAction.valueOf(last.action()), instant(last.expiresAtMs()), Instant.ofEpochMilli(last.eventTimeMs()),
                last.ruleId(), last.reason(), last.detail());
        return expiry().filter(expiry -> !expiry.isDoneBy(audit));
    }

    private static Instant instant(Long epochMs) {
        return epochMs == null ? null : Instant.ofEpochMilli(epochMs);
    }

    /**
     * True when the key is a photo id (a capture, request, outcome, expiry change or audit entry was
     * seen, or a non-ingest letter).
     */
    @JsonIgnore
    public boolean isPhoto() {
        return capture != null || route != null || outcome != null || expiryChange != null || !expiryAudit.isEmpty()
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
