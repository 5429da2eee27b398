package dev.photopipe.ops.store;

import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.store.StoredPhoto;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, for one stored photo, whether its bytes may go: only once the sink's ledger says the
 * photo is in Piwigo (UPLOADED or ALREADY_PRESENT) and the retention has passed since that was
 * recorded. A photo the ledger does not know, or knows as failed, is kept whatever its age: it may
 * still be uploaded (pending requests, a replay). Immutable and thread-safe.
 */
public final class StoreRetention {
    /** Why a photo stays, or that it goes. */
    public enum Verdict {
        DELETE("recorded in Piwigo longer ago than the retention"),
        KEEP_NOT_IN_LEDGER("not recorded by the sink yet (pending, or its request not read yet)"),
        KEEP_NOT_UPLOADED("the ledger's last word is not 'in Piwigo' (failed, or unknown)"),
        KEEP_WITHIN_RETENTION("in Piwigo, within the retention");

        public final String meaning;

        Verdict(String meaning) {
            this.meaning = meaning;
        }
    }

    private final Duration retention;
    private final Instant now;

    public StoreRetention(Duration retention, Instant now) {
        this.retention = retention;
        this.now = now;
    }

    /** @param ledger the latest outcome of every photo the sink recorded, by photo id */
    public Verdict judge(StoredPhoto photo, Map<String, UploadOutcome> ledger) {
        Optional<UploadOutcome> outcome = Optional.ofNullable(ledger.get(photo.key().photoId()));
        if (outcome.isEmpty()) {
            return Verdict.KEEP_NOT_IN_LEDGER;
        }
        UploadStatus status = outcome.get().getStatus();
        if (status != UploadStatus.UPLOADED && status != UploadStatus.ALREADY_PRESENT) {
            return Verdict.KEEP_NOT_UPLOADED;
        }
        Instant recorded = outcome.get().getLastAttemptTime();
        return recorded.plus(retention).isAfter(now) ? Verdict.KEEP_WITHIN_RETENTION : Verdict.DELETE;
    }
}
