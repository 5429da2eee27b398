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

    private static Journey photo() {
        return Journey.empty("p1").withCapture(new Capture(AT, AT, "IMG_1.JPG", "file:///in/IMG_1.JPG", "cam-1", null,
                null, null, "LOT-A", "image/jpeg", 10, "md5"));
    }
}
