package dev.photopipe.ops.expiry;

import static dev.photopipe.ops.testing.PipelineRecords.audit;
import static dev.photopipe.ops.testing.PipelineRecords.changeByHand;
import static dev.photopipe.ops.testing.PipelineRecords.expiring;
import static dev.photopipe.ops.testing.PipelineRecords.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingExpiriesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void listsPendingExpiriesSoonestFirstWithOverdueOnesAndTheChangesInForce() {
        PendingExpiries pending = new PendingExpiries(
                Map.of("p3", changeByHand("p3", NOW.plus(Duration.ofDays(1)), ExpiryAction.DELETE, "withdrawn"),
                        "p4", changeByHand("p4", null, null, "bought out")),
                Map.of("p5", audit("p5", ExpiryEvent.ARCHIVED, ExpiryAction.ARCHIVE, NOW.minus(Duration.ofDays(1)),
                        NOW.minus(Duration.ofDays(1)), "consent", "rule consent")));
        pending.ledgerEntry("p1", expiring("p1", 1, NOW.plus(Duration.ofDays(10)), ExpiryAction.ARCHIVE, "consent"));
        pending.ledgerEntry("p2", expiring("p2", 2, NOW.minus(Duration.ofHours(1)), ExpiryAction.NONE, "licence"));
        pending.ledgerEntry("p3", expiring("p3", 3, NOW.plus(Duration.ofDays(100)), ExpiryAction.ARCHIVE, "consent"));
        pending.ledgerEntry("p4", expiring("p4", 4, NOW.plus(Duration.ofDays(2)), ExpiryAction.ARCHIVE, "consent"));
        pending.ledgerEntry("p5", expiring("p5", 5, NOW.minus(Duration.ofDays(1)), ExpiryAction.ARCHIVE, "consent"));
        pending.ledgerEntry("p6", expiring("p6", 6, null, ExpiryAction.NONE, "plain"));

        List<ScheduledExpiry> all = pending.list(NOW, null, null);

        assertThat(all).extracting(ScheduledExpiry::photoId).as("p4 changed to never, p5 archived, p6 never")
                .containsExactly("p2", "p3", "p1");
        assertThat(all.get(1).changed()).isTrue();
        assertThat(all.get(1).action()).isEqualTo(ExpiryAction.DELETE);
        assertThat(pending.list(NOW, Duration.ofDays(5), null)).extracting(ScheduledExpiry::photoId)
                .containsExactly("p2", "p3");
        assertThat(pending.list(NOW, null, "consent")).extracting(ScheduledExpiry::photoId).containsExactly("p1");
    }

    @Test
    void aPhotosLaterLedgerEntryOrTombstoneReplacesItsEarlierOne() {
        PendingExpiries pending = new PendingExpiries(Map.of(), Map.of());
        pending.ledgerEntry("p1", expiring("p1", 1, NOW.plus(Duration.ofDays(1)), ExpiryAction.ARCHIVE, "consent"));
        pending.ledgerEntry("p2", expiring("p2", 2, NOW.plus(Duration.ofDays(2)), ExpiryAction.ARCHIVE, "consent"));
        pending.ledgerEntry("p1", outcome("p1", UploadStatus.FAILED, null, List.of()));
        pending.ledgerEntry("p2", null);
        pending.ledgerEntry("p3", expiring("p3", 3, NOW.plus(Duration.ofDays(3)), ExpiryAction.ARCHIVE, "consent"));

        assertThat(pending.list(NOW, null, null)).extracting(ScheduledExpiry::photoId).containsExactly("p3");
    }
}
