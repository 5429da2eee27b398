package dev.photopipe.expiry.topology;

import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import java.time.Instant;
import java.util.Optional;

/**
 * What the service keeps per photo (store {@link ExpiryTopology#PHOTOS_STORE}): the last ledger
 * entry, the last change, and which expiry was already announced and acted on, so that neither
 * happens twice when the same expiry comes again (a ledger entry rewritten, a replay).
 *
 * @param ledger   the photo's last ledger entry, or null before one arrived
 * @param change   the photo's last ExpiryChange, or null
 * @param noticed  epoch millis of the expiry whose notice was sent, or null
 * @param done     epoch millis of the expiry acted on (audited), or null
 */
record PhotoState(UploadOutcome ledger, ExpiryChange change, Long noticed, Long done) {

    static final PhotoState EMPTY = new PhotoState(null, null, null, null);

    PhotoState withLedger(UploadOutcome entry) {
        return new PhotoState(entry, change, noticed, done);
    }

    PhotoState withChange(ExpiryChange newChange) {
        return new PhotoState(ledger, newChange, noticed, done);
    }

    PhotoState noticeSent(Instant expiresAt) {
        return new PhotoState(ledger, change, expiresAt.toEpochMilli(), done);
    }

    PhotoState actedOn(Instant expiresAt) {
        return new PhotoState(ledger, change, noticed, expiresAt.toEpochMilli());
    }

    /** The expiry in force, unless there is none or it was acted on already. */
    Optional<ScheduledExpiry> pending() {
        return ScheduledExpiry.of(ledger, change).filter(e -> done == null || e.expiresAt().toEpochMilli() != done);
    }

    boolean noticeSentFor(ScheduledExpiry expiry) {
        return noticed != null && noticed == expiry.expiresAt().toEpochMilli();
    }
}
