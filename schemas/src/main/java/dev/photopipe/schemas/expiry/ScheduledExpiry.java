package dev.photopipe.schemas.expiry;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One photo's expiry as it is in force: the ledger's (copied there from the routing rule when the
 * photo was uploaded), unless an {@link ExpiryChange} replaced it later. Immutable.
 *
 * @param photoId the photo
 * @param piwigoImageId its image in Piwigo, as the ledger recorded it
 * @param expiresAt when it expires
 * @param action what happens then
 * @param ruleId the rule the expiry comes from; null for a change by hand or the fallback album
 * @param changed whether an {@link ExpiryChange} set it (rather than the routing rule)
 */
public record ScheduledExpiry(String photoId, long piwigoImageId, Instant expiresAt, ExpiryAction action,
                              String ruleId, boolean changed) {

    /** Audit events after which nothing is left to do for the expiry they name. */
    private static final Set<ExpiryEvent> FINAL_EVENTS = Set.of(ExpiryEvent.ARCHIVED, ExpiryEvent.DELETED,
            ExpiryEvent.ALREADY_GONE, ExpiryEvent.EXPIRED_NO_ACTION);

    public ScheduledExpiry {
        Objects.requireNonNull(photoId, "photoId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(action, "action");
    }

    /**
     * The expiry in force for a photo.
     *
     * @param ledger the photo's last ledger entry; only an image in Piwigo (UPLOADED or
     *               ALREADY_PRESENT with an image id) can expire
     * @param change the photo's last change, or null
     * @return empty when the photo is not in Piwigo, or has no expiry (none from its rule, or a
     *         change to "never")
     */
    public static Optional<ScheduledExpiry> of(UploadOutcome ledger, ExpiryChange change) {
        if (ledger == null || ledger.getPiwigoImageId() == null
                || (ledger.getStatus() != UploadStatus.UPLOADED && ledger.getStatus() != UploadStatus.ALREADY_PRESENT)) {
            return Optional.empty();
        }
        ExpiryAction ruleAction = ledger.getExpiryAction() == null ? ExpiryAction.NONE : ledger.getExpiryAction();
        if (change != null) {
            if (change.getExpiresAt() == null) {
                return Optional.empty();
            }
            ExpiryAction action = change.getExpiryAction() == null ? ruleAction : change.getExpiryAction();
            return Optional.of(new ScheduledExpiry(ledger.getPhotoId(), ledger.getPiwigoImageId(),
                    change.getExpiresAt(), action, change.getRuleId(), true));
        }
        if (ledger.getExpiresAt() == null) {
            return Optional.empty();
        }
        return Optional.of(new ScheduledExpiry(ledger.getPhotoId(), ledger.getPiwigoImageId(),
                ledger.getExpiresAt(), ruleAction, ledger.getRuleId(), false));
    }

    /** Whether it is due at {@code now} (expiresAt reached). */
    public boolean isDue(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Whether its notice is due at {@code now}: {@code before} or less ahead of expiresAt. */
    public boolean isNoticeDue(Instant now, Duration before) {
        return !now.isBefore(expiresAt.minus(before));
    }

    /**
     * Whether {@code audit} (the photo's last audit entry, or null) says this expiry was already
     * dealt with: an action (or "no action", or "already gone") for this same expiresAt. A later
     * expiry set by a change is not done by an earlier one's audit.
     */
    public boolean isDoneBy(ExpiryAudit audit) {
        return audit != null && FINAL_EVENTS.contains(audit.getEvent())
                && expiresAt.equals(audit.getExpiresAt());
    }
}
