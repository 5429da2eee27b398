package dev.photopipe.piwigo.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The browsable pages a person opens from a link photopipe shows: home, album, image, tag, the file. */
class GalleryPagesTest {
    /** The smallest JPEG-looking bytes: the start and end markers. */
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0, (byte) 0xff, (byte) 0xd9};
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PiwigoEmulator emulator;

    @BeforeEach
    void startWithOnePhotoInAnAlbum() throws Exception {
        emulator = PiwigoEmulator.builder().keepImageFiles(true).start();
        api("pwg.categories.add", "name=Production");
        api("pwg.categories.add", "name=" + encode("LOT-4711 <b>") + "&parent=1");
        api("pwg.tags.add", "name=" + encode("lot:LOT-4711"));
        String md5 = Gallery.md5(JPEG);
        api("pwg.images.addChunk", "original_sum=" + md5 + "&position=1&data=" + encode(Base64.getEncoder()
                .encodeToString(JPEG)));
        api("pwg.images.add", "original_sum=" + md5 + "&name=IMG_0042.JPG&categories=2&tag_ids=1");
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void theHomePageListsTheAlbumTreeAndTheLatestImages() throws Exception {
        String home = page("");

        assertThat(home).contains("<a href=\"index.php?/category/1\">Production</a>",
                "<a href=\"index.php?/category/2\">LOT-4711 &lt;b&gt;</a> (1)", "<a href=\"picture.php?/1\">",
                "not a real Piwigo");
    }

    @Test
    void anImagePageShowsThePhotoItsAlbumsAndTags() throws Exception {
        String picture = page("picture.php?/1");

        assertThat(picture).contains("<h1>IMG_0042.JPG</h1>", "src=\"action.php?id=1&amp;part=e\"",
                "<a href=\"index.php?/category/2\">Production / LOT-4711 &lt;b&gt;</a>",
                "<a href=\"index.php?/tags/lot_lot_4711\">lot:LOT-4711</a>");
        HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(emulator.url() + "action.php?id=1&part=e"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(file.body()).isEqualTo(JPEG);
    }

    @Test
    void albumAndTagPagesListTheirImages() throws Exception {
        assertThat(page("index.php?/category/2")).contains("<h1>LOT-4711 &lt;b&gt;</h1>", "1 image(s)",
                "<a href=\"index.php?/category/1\">Production</a>", "IMG_0042.JPG");
        assertThat(page("index.php?/tags/lot_lot_4711")).contains("Tag lot:LOT-4711", "1 image(s)", "IMG_0042.JPG");
        assertThat(page("index.php?/tags/1-lot_lot_4711")).contains("1 image(s)");
    }

    @Test
    void unknownIdsAnswer404AndTheApiStillAnswersItsOwn() throws Exception {
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(emulator.url() + "picture.php?/99"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("No image 99");
        assertThat(api("pwg.session.getStatus", "")).contains("\"stat\":\"ok\"");
    }

    private String page(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        return response.body();
    }

    private String api(String method, String form) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.url()
                        + "ws.php?format=json&method=" + method)).header("X-PIWIGO-API", PiwigoEmulator.DEFAULT_API_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("\"stat\":\"ok\"");
        return response.body();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
