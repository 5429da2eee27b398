package dev.photopipe.expiry.testing;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadStatus;
import java.time.Instant;
import java.util.List;

/** Ledger entries and changes as the sink and the expiry commands write them, for tests. */
public final class ExpiryRecords {
    private ExpiryRecords() {
    }

    /** An UPLOADED ledger entry of {@code photoId} as image {@code imageId}, expiring as given (null: never). */
    public static UploadOutcome ledger(String photoId, long imageId, Instant expiresAt, ExpiryAction action) {
        Instant uploaded = Instant.parse("2026-11-23T08:00:00Z");
        return UploadOutcome.newBuilder().setPhotoId(photoId).setStatus(UploadStatus.UPLOADED)
                .setPiwigoImageId(imageId).setAlbumIds(List.of(1L)).setMd5("0".repeat(32)).setAttempts(1)
                .setFirstAttemptTime(uploaded).setLastAttemptTime(uploaded).setRuleId("consent")
                .setExpiresAt(expiresAt).setExpiryAction(action).build();
    }

    /** An operator's change of {@code photoId}'s expiry (null: never; action null keeps the current one). */
    public static ExpiryChange change(String photoId, Instant expiresAt, ExpiryAction action, String reason) {
        return ExpiryChange.newBuilder().setPhotoId(photoId).setExpiresAt(expiresAt).setExpiryAction(action)
                .setReason(reason).setRequestedBy("alice").setRequestedAt(Instant.parse("2026-11-23T09:00:00Z")).build();
    }
}
