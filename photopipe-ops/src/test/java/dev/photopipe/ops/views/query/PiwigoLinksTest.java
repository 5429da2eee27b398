package dev.photopipe.ops.views.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiwigoLinksTest {
    private final PiwigoLinks links = new PiwigoLinks("https://photos.example.org");

    @Test
    void linksToPiwigosOwnImageAlbumAndTagPages() {
        assertThat(links.image(17L)).isEqualTo("https://photos.example.org/picture.php?/17");
        assertThat(links.album(5)).isEqualTo("https://photos.example.org/index.php?/category/5");
        assertThat(links.tag("lot:LOT-4711")).isEqualTo("https://photos.example.org/index.php?/tags/lot_lot_4711");
    }

    @Test
    void tagUrlNamesFollowPiwigosStr2url() {
        assertThat(PiwigoLinks.urlName("Orientation: Front")).isEqualTo("orientation_front");
        assertThat(PiwigoLinks.urlName("Été 2026")).isEqualTo("ete_2026");
        assertThat(PiwigoLinks.urlName("date:2026-12-03")).isEqualTo("date_2026_12_03");
        assertThat(PiwigoLinks.urlName("a&b")).isEqualTo("ab");
    }

    @Test
    void noLinkWherePiwigoWouldReadAnIdOrThereIsNoGallery() {
        assertThat(links.tag("4711")).isNull();
        assertThat(new PiwigoLinks("").image(17L)).isNull();
    }
}
