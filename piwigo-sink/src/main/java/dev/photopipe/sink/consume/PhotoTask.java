package dev.photopipe.sink.consume;

import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.sink.ledger.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;

/**
 * One photo of one partition in the {@link UploadWindow}, however many of its records came in,
 * from its arrival until its outcome is recorded. Not thread-safe: the window's monitor guards
 * every field.
 */
final class PhotoTask {
    enum State {
        /** Taken in; its md5 is being prefetched. */
        NEW,
        /** Waiting for a slot. */
        READY,
        /** In an upload thread. */
        RUNNING,
        /** Failed transiently; waiting for its backoff to end. */
        WAITING,
        /** Outcome known, ledger write not yet acknowledged. */
        RECORDING,
        /** Its partition went (or the sink stops): nothing of it is recorded or committed. */
        DROPPED
    }

    /** The photo's identity in the window: its partition and photo id (as the ledger keys it). */
    record Key(TopicPartition partition, String photoId) {
    }

    final Key key;
    final UploadRequest request;
    /** Lower-case: one upload per md5 at a time. */
    final String md5;
    /** Its records, the first one's key and coordinates used for the ledger entry and dead letter. */
    final List<SinkRecord> records = new ArrayList<>();
    State state = State.NEW;
    int attempts;
    Instant firstAttempt;
    FailureIsolation.History history;
    Backoff.Series retry;
    InFlightLimit.Permit permit;
    Future<?> running;
    /** This attempt runs while all uploads are paused: it tells whether Piwigo is back. */
    boolean probe;

    PhotoTask(Key key, UploadRequest request, SinkRecord first) {
        this.key = key;
        this.request = request;
        this.md5 = request.getPhoto().getMd5().toLowerCase(Locale.ROOT);
        records.add(first);
    }

    SinkRecord first() {
        return records.get(0);
    }

    /** Whether it is still to be uploaded or running (not recorded, not dropped). */
    boolean inHand() {
        return state == State.NEW || state == State.READY || state == State.RUNNING || state == State.WAITING;
    }

    /**
     * An outcome with this photo's identity and attempts, {@code status} set, {@code at} as the last
     * attempt, and the request's rule and expiry (the expiry service reads them from the ledger).
     */
    UploadOutcome.Builder outcome(UploadStatus status, Instant at) {
        return UploadOutcome.newBuilder().setPhotoId(key.photoId()).setMd5(request.getPhoto().getMd5())
                .setAttempts(attempts).setFirstAttemptTime(firstAttempt).setLastAttemptTime(at).setStatus(status)
                .setRuleId(request.getRuleId()).setExpiresAt(request.getExpiresAt())
                .setExpiryAction(request.getExpiryAction());
    }

    /** The ledger entry of {@code outcome}: the request's partition and key bytes. */
    LedgerEntry entry(UploadOutcome outcome) {
        SinkRecord first = first();
        byte[] keyBytes = first.key() != null ? first.key() : key.photoId().getBytes(StandardCharsets.UTF_8);
        return new LedgerEntry(key.partition().partition(), keyBytes, outcome);
    }
}
