package dev.photopipe.cli;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadStatus;
import java.time.Instant;
import java.util.List;

/** The expiry records the sink and the expiry service write, built as they build them, for the commands' tests. */
final class ExpiryRecords {
    private ExpiryRecords() {
    }

    /** The ledger entry of a photo uploaded as {@code imageId}, expiring at {@code expiresAt} (null: never) by {@code rule}. */
    static UploadOutcome uploaded(String photoId, long imageId, Instant expiresAt, ExpiryAction action, String rule) {
        return UploadOutcome.newBuilder().setPhotoId(photoId).setStatus(UploadStatus.UPLOADED).setPiwigoImageId(imageId)
                .setAlbumIds(List.of(3L)).setMd5("md5-" + photoId).setAttempts(1).setFirstAttemptTime(OpsFixture.AT)
                .setLastAttemptTime(OpsFixture.AT).setRuleId(rule).setExpiresAt(expiresAt).setExpiryAction(action).build();
    }

    /** The ledger entry of a photo Piwigo refused for good. */
    static UploadOutcome failed(String photoId) {
        return UploadOutcome.newBuilder().setPhotoId(photoId).setStatus(UploadStatus.FAILED).setMd5("md5-" + photoId)
                .setAttempts(3).setLastError("file too large").setFirstAttemptTime(OpsFixture.AT)
                .setLastAttemptTime(OpsFixture.AT).build();
    }

    /** An operator's change (ruleId null) to {@code expiresAt} (null: never). */
    static ExpiryChange change(String photoId, Instant expiresAt, ExpiryAction action, String reason) {
        return ExpiryChange.newBuilder().setPhotoId(photoId).setExpiresAt(expiresAt).setExpiryAction(action)
                .setReason(reason).setRequestedBy("alice").setRequestedAt(OpsFixture.AT).build();
    }

    /** The expiry service's audit entry. */
    static ExpiryAudit audit(String photoId, long imageId, ExpiryEvent event, ExpiryAction action, Instant expiresAt,
                             Instant eventTime, String rule, String reason, String detail) {
        return ExpiryAudit.newBuilder().setPhotoId(photoId).setPiwigoImageId(imageId).setEvent(event)
                .setExpiryAction(action).setExpiresAt(expiresAt).setEventTime(eventTime).setRuleId(rule).setReason(reason)
                .setDetail(detail).build();
    }
}
