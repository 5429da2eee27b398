package dev.photopipe.ops.views.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.ops.views.model.BatchTotals;
import dev.photopipe.ops.views.model.Capture;
import dev.photopipe.ops.views.model.FailureTotals;
import dev.photopipe.ops.views.model.Journey;
import dev.photopipe.ops.views.model.Letter;
import dev.photopipe.ops.views.model.Outcome;
import dev.photopipe.ops.views.model.Resolution;
import dev.photopipe.ops.views.model.Route;
import dev.photopipe.ops.views.model.ExpiryChangeFact;
import dev.photopipe.ops.views.model.ExpiryEventFact;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresenterTest {
    private static final long AT = 1_795_000_000_000L;
    private final Presenter presenter = new Presenter(new PiwigoLinks("http://gallery/"));

    @Test
    void anUploadedPhotoShowsItsImageAlbumsAndTagsWithLinks() {
        Journey journey = photo().withRoute(new Route(List.of("Production", "LOT-A"), List.of("lot:A"), "rule-1", "LOT-A"))
                .withOutcome(new Outcome("UPLOADED", 17L, List.of(5L), 1, null, AT, null, null, null));

        PhotoView view = presenter.photo(journey);

        assertThat(view.status()).isEqualTo("uploaded");
        assertThat(view.albumPath()).isEqualTo("Production/LOT-A");
        assertThat(view.imageUrl()).isEqualTo("http://gallery/picture.php?/17");
        assertThat(view.albumUrls()).containsExactly("http://gallery/index.php?/category/5");
        assertThat(view.tagUrls()).containsEntry("lot:A", "http://gallery/index.php?/tags/lot_a");
    }

    @Test
    void statusSaysWhereThePhotoIsStuck() {
        Letter pending = new Letter("0-3", "p1", "requests", "sink", "PIWIGO_REJECTED", "too large", AT, "LOT-A", 1,
                null, null);
        assertThat(Presenter.status(photo())).isEqualTo("waiting-for-routing");
        assertThat(Presenter.status(photo().withRoute(new Route(List.of("A"), List.of(), null, "LOT-A"))))
                .isEqualTo("waiting-for-upload");
        assertThat(Presenter.status(photo().withLetter(pending))).isEqualTo("dead-lettered");
        assertThat(Presenter.status(photo().withLetter(pending.withResolution(
                new Resolution(Resolution.OPERATOR, AT, "gone"))))).isEqualTo("waiting-for-routing");
        assertThat(Presenter.status(photo().withOutcome(new Outcome("FAILED", null, List.of(), 3, "HTTP 413", AT, null, null, null))))
                .isEqualTo("failed");
    }

    @Test
    void totalsAddEachBatchsLettersOverItsReasons() {
        LocalTotals totals = new LocalTotals(Map.of("LOT-A", new BatchTotals(3, 0, 3, 2, 0)),
                Map.of("LOT-A", Map.of("PIWIGO_REJECTED", new FailureTotals(1, 1, 0, "sink", "too large", AT),
                        "CORRUPT_IMAGE", new FailureTotals(0, 0, 2, "enrich", "not a JPEG", AT - 1))), List.of(), false);

        ViewTotals view = presenter.totals(totals, List.of());

        assertThat(view.batches()).containsExactly(new ViewTotals.BatchRow("LOT-A", 3, 0, 3, 2, 0, 1, 1, 2));
        assertThat(view.failures()).extracting(ViewTotals.FailureRow::reason)
                .containsExactly("CORRUPT_IMAGE", "PIWIGO_REJECTED");
    }

    @Test
    void aPhotoShowsItsExpiryInForceItsStateAndItsAudit() {
        Presenter at = new Presenter(new PiwigoLinks("http://gallery/"), Clock.fixed(Instant.ofEpochMilli(AT), ZoneOffset.UTC));
        Journey ruled = photo().withOutcome(new Outcome("UPLOADED", 17L, List.of(5L), 1, null, AT, "consent",
                AT + 86_400_000L, "ARCHIVE"));
        Journey changed = ruled.withExpiryChange(new ExpiryChangeFact(AT - 1000, "DELETE", null, "withdrawn", "alice", AT))
                .withExpiryEvent(new ExpiryEventFact("CHANGED", "DELETE", AT - 1000, AT - 5000, null, "withdrawn", null));

        assertThat(at.photo(ruled).expiry()).isEqualTo(new PhotoView.ExpiryView("2026-11-19T11:06:40Z", "archive",
                "consent", "rule", "pending", null, null));
        assertThat(at.photo(ruled).expiryAudit()).isEmpty();
        assertThat(at.photo(changed).expiry()).isEqualTo(new PhotoView.ExpiryView("2026-11-18T11:06:39Z", "delete",
                null, "hand", "overdue", "withdrawn", "alice"));
        assertThat(at.photo(changed).expiryAudit()).containsExactly(new PhotoView.AuditView("2026-11-18T11:06:35Z",
                "changed", "delete", "2026-11-18T11:06:39Z", null, "withdrawn", null));
        Journey deleted = changed.withExpiryEvent(new ExpiryEventFact("DELETED", "DELETE", AT - 1000, AT, null,
                "withdrawn", "image 17 deleted"));
        assertThat(at.photo(deleted).expiry().state()).isEqualTo("done");
        assertThat(at.photo(deleted).expiryAudit()).extracting(PhotoView.AuditView::event).containsExactly("changed",
                "deleted");
        assertThat(at.photo(photo()).expiry()).as("not in Piwigo: no expiry").isNull();
    }

    @Test
    void totalsListTheExpiringPhotosWithLinksAndOverdueOnes() {
        Presenter at = new Presenter(new PiwigoLinks("http://gallery/"), Clock.fixed(Instant.ofEpochMilli(AT), ZoneOffset.UTC));
        Journey overdue = photo().withOutcome(new Outcome("UPLOADED", 17L, List.of(5L), 1, null, AT, "consent",
                AT - 60_000L, "ARCHIVE"));

        ViewTotals view = at.totals(new LocalTotals(Map.of(), Map.of(), List.of(overdue), true), List.of());

        assertThat(view.expiring()).containsExactly(new ViewTotals.ExpiringRow("p1", 17L, "IMG_1.JPG", "LOT-A",
                "2026-11-18T11:05:40Z", "archive", "consent", "rule", true, "http://gallery/picture.php?/17"));
        assertThat(view.expiringLimitHit()).isTrue();
    }

    private static Journey photo() {
        return Journey.empty("p1").withCapture(new Capture(AT, AT, "IMG_1.JPG", "file:///in/IMG_1.JPG", "cam-1", null,
                null, null, "LOT-A", "image/jpeg", 10, "md5"));
    }
}
