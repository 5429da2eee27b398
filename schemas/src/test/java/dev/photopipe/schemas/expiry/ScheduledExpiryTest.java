package dev.photopipe.schemas.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduledExpiryTest {
    private static final Instant CAPTURED = Instant.parse("2026-01-05T08:00:00Z");
    private static final Instant RULE_EXPIRY = Instant.parse("2031-01-05T00:00:00Z");

    private static UploadOutcome ledger(UploadStatus status, Long imageId, Instant expiresAt, ExpiryAction action) {
        return UploadOutcome.newBuilder().setPhotoId("p1").setStatus(status).setPiwigoImageId(imageId)
                .setMd5("0".repeat(32)).setFirstAttemptTime(CAPTURED).setLastAttemptTime(CAPTURED)
                .setRuleId("consent").setExpiresAt(expiresAt).setExpiryAction(action).build();
    }

    private static ExpiryChange change(Instant expiresAt, ExpiryAction action) {
        return ExpiryChange.newBuilder().setPhotoId("p1").setExpiresAt(expiresAt).setExpiryAction(action)
                .setReason("consent renewed").setRequestedAt(CAPTURED).build();
    }

    private static ExpiryAudit audit(ExpiryEvent event, Instant expiresAt) {
        return ExpiryAudit.newBuilder().setPhotoId("p1").setPiwigoImageId(7L).setEvent(event)
                .setExpiryAction(ExpiryAction.ARCHIVE).setExpiresAt(expiresAt).setEventTime(expiresAt)
                .setReason("rule consent").build();
    }

    @Test
    void anUploadedPhotoExpiresAsItsRuleSaid() {
        ScheduledExpiry expiry = ScheduledExpiry.of(ledger(UploadStatus.UPLOADED, 7L, RULE_EXPIRY, ExpiryAction.ARCHIVE), null)
                .orElseThrow();

        assertThat(expiry).isEqualTo(new ScheduledExpiry("p1", 7L, RULE_EXPIRY, ExpiryAction.ARCHIVE, "consent", false));
        assertThat(expiry.isDue(RULE_EXPIRY.minusMillis(1))).isFalse();
        assertThat(expiry.isDue(RULE_EXPIRY)).isTrue();
        assertThat(expiry.isNoticeDue(RULE_EXPIRY.minus(Duration.ofDays(8)), Duration.ofDays(7))).isFalse();
        assertThat(expiry.isNoticeDue(RULE_EXPIRY.minus(Duration.ofDays(7)), Duration.ofDays(7))).isTrue();
    }

    @Test
    void onlyAnImageInPiwigoCanExpire() {
        assertThat(ScheduledExpiry.of(ledger(UploadStatus.FAILED, null, RULE_EXPIRY, ExpiryAction.DELETE), null)).isEmpty();
        assertThat(ScheduledExpiry.of(ledger(UploadStatus.ALREADY_PRESENT, 7L, RULE_EXPIRY, ExpiryAction.DELETE), null))
                .isPresent();
        assertThat(ScheduledExpiry.of(ledger(UploadStatus.UPLOADED, 7L, null, ExpiryAction.NONE), null)).isEmpty();
        assertThat(ScheduledExpiry.of(null, change(RULE_EXPIRY, null))).isEmpty();
    }

    @Test
    void aChangeReplacesTheRulesExpiryAndKeepsItsActionUnlessGiven() {
        UploadOutcome entry = ledger(UploadStatus.UPLOADED, 7L, RULE_EXPIRY, ExpiryAction.ARCHIVE);
        Instant extended = RULE_EXPIRY.plus(Duration.ofDays(365));

        assertThat(ScheduledExpiry.of(entry, change(extended, null)).orElseThrow())
                .isEqualTo(new ScheduledExpiry("p1", 7L, extended, ExpiryAction.ARCHIVE, null, true));
        assertThat(ScheduledExpiry.of(entry, change(extended, ExpiryAction.DELETE)).orElseThrow().action())
                .isEqualTo(ExpiryAction.DELETE);
        assertThat(ScheduledExpiry.of(entry, change(null, null))).as("extended to never").isEmpty();
    }

    @Test
    void anExpiryIsDoneOnlyByAFinalAuditEventForThatSameDate() {
        ScheduledExpiry expiry = ScheduledExpiry.of(ledger(UploadStatus.UPLOADED, 7L, RULE_EXPIRY, ExpiryAction.ARCHIVE), null)
                .orElseThrow();

        assertThat(expiry.isDoneBy(null)).isFalse();
        assertThat(expiry.isDoneBy(audit(ExpiryEvent.ARCHIVED, RULE_EXPIRY))).isTrue();
        assertThat(expiry.isDoneBy(audit(ExpiryEvent.ALREADY_GONE, RULE_EXPIRY))).isTrue();
        assertThat(expiry.isDoneBy(audit(ExpiryEvent.CHANGED, RULE_EXPIRY))).isFalse();
        assertThat(expiry.isDoneBy(audit(ExpiryEvent.ARCHIVED, RULE_EXPIRY.minusSeconds(60))))
                .as("an earlier expiry's action").isFalse();
    }
}
