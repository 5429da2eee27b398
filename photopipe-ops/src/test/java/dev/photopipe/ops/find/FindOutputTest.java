package dev.photopipe.ops.find;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.ops.views.query.FoundPhotos;
import dev.photopipe.ops.views.query.PhotoView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindOutputTest {
    private static final PhotoView.ExpiryView BY_RULE = new PhotoView.ExpiryView("2027-01-01T00:00:00Z", "archive",
            "consent", "rule", "pending", null, null);

    @Test
    void theExpiryColumnSaysTheDateTheActionAndItsRuleOrThatItWasChangedByHand() {
        assertThat(FindOutput.expires(BY_RULE)).isEqualTo("2027-01-01 archive, rule consent");
        assertThat(FindOutput.expires(new PhotoView.ExpiryView("2026-12-24T12:30:00Z", "delete", null, "hand", "overdue",
                "withdrawn", "alice"))).isEqualTo("2026-12-24T12:30:00Z delete, changed by hand (overdue)");
        assertThat(FindOutput.expires(new PhotoView.ExpiryView("2028-01-01T00:00:00Z", "none", "licence", "reapply",
                "done", "reapply of rule licence", null))).isEqualTo("2028-01-01 none, rule licence (reapplied) (done)");
        assertThat(FindOutput.expires(null)).isNull();
    }

    @Test
    void aPhotosAuditFollowsTheTableAndItsColumnsEndTheCsvRow() {
        PhotoView.AuditView archived = new PhotoView.AuditView("2027-01-01T00:00:05Z", "archived", "archive",
                "2027-01-01T00:00:00Z", "consent", "rule consent: consent ends", "album 7, level 8");
        FoundPhotos found = new FoundPhotos("batch LOT-A", List.of(photo("9f2c41d0aa11", BY_RULE, List.of(archived)),
                photo("0b7e11aa2233", null, List.of())), false, List.of());

        String table = FindOutput.table(found);
        String csv = FindOutput.csv(found);

        assertThat(table).contains("2027-01-01 archive, rule consent", "Expiry audit\n")
                .containsPattern("9f2c41d0aa11 +2027-01-01T00:00:05Z +archived +archive +2027-01-01T00:00:00Z +consent "
                        + "+rule consent: consent ends +album 7, level 8");
        assertThat(csv.lines().toList()).hasSize(3);
        assertThat(csv.lines().toList().get(0)).endsWith(
                ",expires_at,expiry_action,expiry_rule_id,expiry_set_by,expiry_state,expiry_audit");
        assertThat(csv.lines().toList().get(1)).endsWith(
                ",2027-01-01T00:00:00Z,archive,consent,rule,pending,\"archived@2027-01-01T00:00:05Z\"");
        assertThat(csv.lines().toList().get(2)).endsWith(",,,,,,");
    }

    private static PhotoView photo(String id, PhotoView.ExpiryView expiry, List<PhotoView.AuditView> audit) {
        return new PhotoView(id, "IMG.JPG", "file:///in/IMG.JPG", "md5", "cam-1", "LOT-A", "2026-11-20T10:00:00Z",
                "uploaded", "People/LOT-A", List.of(), "consent", 17L, List.of(5L), null, List.of(), Map.of(),
                "2026-11-20T10:01:00Z", null, 0, List.of(), expiry, audit);
    }
}
