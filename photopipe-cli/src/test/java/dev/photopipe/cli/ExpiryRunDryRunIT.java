package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.testing.kafka.SharedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code photopipe expiry run --dry-run} on a real broker: what is due now and which notices, nothing done. */
@ExtendWith(SharedKafka.class)
class ExpiryRunDryRunIT {

    @Test
    void printsDueExpiriesInOrderAndDueNoticesAndWritesNothing() throws Exception {
        Instant now = Instant.now();
        try (OpsFixture kafka = new OpsFixture()) {
            kafka.send(PhotopipeTopic.SINK_LEDGER, 0, "late", entry("late", 2, now.minus(Duration.ofHours(1)), ExpiryAction.DELETE));
            kafka.send(PhotopipeTopic.SINK_LEDGER, 1, "early", entry("early", 1, now.minus(Duration.ofDays(1)), ExpiryAction.ARCHIVE));
            kafka.send(PhotopipeTopic.SINK_LEDGER, 2, "done", entry("done", 3, now.minus(Duration.ofDays(2)), ExpiryAction.ARCHIVE));
            kafka.send(PhotopipeTopic.SINK_LEDGER, 0, "soon", entry("soon", 4, now.plus(Duration.ofDays(3)), ExpiryAction.DELETE));
            kafka.send(PhotopipeTopic.SINK_LEDGER, 1, "renewed", entry("renewed", 5, now.minus(Duration.ofDays(1)), ExpiryAction.DELETE));
            kafka.send(PhotopipeTopic.EXPIRY_CHANGES, 1, "renewed", ExpiryChange.newBuilder().setPhotoId("renewed")
                    .setExpiresAt(now.plus(Duration.ofDays(365))).setReason("consent renewed").setRequestedAt(now).build());
            kafka.send(PhotopipeTopic.EXPIRY_AUDIT, 2, "done", ExpiryAudit.newBuilder().setPhotoId("done")
                    .setEvent(ExpiryEvent.ARCHIVED).setExpiryAction(ExpiryAction.ARCHIVE)
                    .setExpiresAt(now.minus(Duration.ofDays(2))).setEventTime(now).setReason("expired").build());

            int code = kafka.photopipe("expiry", "run", "--dry-run");

            assertThat(code).as(kafka.err).isZero();
            assertThat(kafka.out).contains("Due now", ": 2, in this order", "Notices due (expiring within PT168H): 1",
                    "photo soon", "Dry run: nothing was done");
            assertThat(kafka.out.indexOf("photo early")).isLessThan(kafka.out.indexOf("photo late"));
            assertThat(kafka.out).doesNotContain("photo done", "photo renewed");
        }
    }

    private static UploadOutcome entry(String photoId, long imageId, Instant expiresAt, ExpiryAction action) {
        Instant uploaded = Instant.parse("2026-11-20T10:00:00Z");
        return UploadOutcome.newBuilder().setPhotoId(photoId).setStatus(UploadStatus.UPLOADED).setPiwigoImageId(imageId)
                .setAlbumIds(List.of(1L)).setMd5("0".repeat(32)).setFirstAttemptTime(uploaded).setLastAttemptTime(uploaded)
                .setRuleId("consent").setExpiresAt(expiresAt).setExpiryAction(action).build();
    }
}
