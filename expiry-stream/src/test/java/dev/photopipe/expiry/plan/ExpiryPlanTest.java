package dev.photopipe.expiry.plan;

import static dev.photopipe.expiry.testing.ExpiryRecords.change;
import static dev.photopipe.expiry.testing.ExpiryRecords.ledger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpiryPlanTest {
    private static final Instant NOW = Instant.parse("2027-01-10T00:00:00Z");

    @Test
    void listsDueExpiriesInOrderAndNoticesSkippingWhatTheAuditSaysIsDone() {
        ExpiryAudit archived = ExpiryAudit.newBuilder().setPhotoId("done").setEvent(ExpiryEvent.ARCHIVED)
                .setExpiryAction(ExpiryAction.ARCHIVE).setExpiresAt(NOW.minusSeconds(60)).setEventTime(NOW)
                .setReason("expired").build();

        ExpiryPlan plan = ExpiryPlan.of(Map.of(
                        "late", ledger("late", 2, NOW.minusSeconds(10), ExpiryAction.DELETE),
                        "early", ledger("early", 1, NOW.minusSeconds(100), ExpiryAction.ARCHIVE),
                        "done", ledger("done", 3, NOW.minusSeconds(60), ExpiryAction.ARCHIVE),
                        "soon", ledger("soon", 4, NOW.plus(Duration.ofDays(2)), ExpiryAction.DELETE),
                        "extended", ledger("extended", 5, NOW.minusSeconds(5), ExpiryAction.DELETE),
                        "far", ledger("far", 6, NOW.plus(Duration.ofDays(30)), ExpiryAction.DELETE)),
                Map.of("extended", change("extended", NOW.plus(Duration.ofDays(1)), null, "renewed")),
                Map.of("done", archived), Set.of(new ExpiryPlan.SentNotice("soon", NOW.plus(Duration.ofDays(2)))),
                NOW, Duration.ofDays(7));

        assertThat(plan.due()).extracting(ScheduledExpiry::photoId).containsExactly("early", "late");
        assertThat(plan.notices()).extracting(ScheduledExpiry::photoId).containsExactly("extended", "soon");
        assertThat(plan.describe()).contains("Due now (2027-01-10T00:00:00Z): 2", "photo early", "changed by hand",
                "(notice sent)", "Dry run: nothing was done");
    }
}
