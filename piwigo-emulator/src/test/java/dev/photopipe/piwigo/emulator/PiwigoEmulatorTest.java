package dev.photopipe.piwigo.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's error shapes and non-idempotent semantics, seen on the wire. */
class PiwigoEmulatorTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PiwigoEmulator emulator;

    @BeforeEach
    void start() {
        emulator = PiwigoEmulator.builder().start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private HttpResponse<String> post(String method, String form, boolean withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.url() + "ws.php?format=json&method=" + method))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (withKey) {
            request.header("X-PIWIGO-API", PiwigoEmulator.DEFAULT_API_KEY);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAlbumUnderAnUnknownParentLandsAtTheRoot() throws Exception {
        HttpResponse<String> added = post("pwg.categories.add", "name=Orphan&parent=99999", true);

        assertThat(added.body()).contains("\"stat\":\"ok\"");
        assertThat(emulator.albums()).singleElement().satisfies(a -> assertThat(a.parentId()).isNull());
    }

    @Test
    void addingAnAlbumTwiceCreatesTwoAlbums() throws Exception {
        post("pwg.categories.add", "name=Line+3", true);
        post("pwg.categories.add", "name=Line+3", true);

        assertThat(emulator.albums()).extracting(EmulatedAlbum::name).containsExactly("Line 3", "Line 3");
    }

    private HttpResponse<String> postWithSession(HttpClient client, String method, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(emulator.url() + "ws.php?format=json&method=" + method))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(HttpResponse<String> status) {
        return status.body().replaceAll(".*\"pwg_token\":\"([0-9a-f]+)\".*", "$1");
    }

    @Test
    void deletingAnAlbumInASessionNeedsItsTokenAndTakesItsSubAlbums() throws Exception {
        post("pwg.categories.add", "name=Keep", true);
        post("pwg.categories.add", "name=Drop", true);
        post("pwg.categories.add", "name=Child&parent=2", true);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        postWithSession(browser, "pwg.session.login", "username=admin&password=" + PiwigoEmulator.DEFAULT_PASSWORD);

        HttpResponse<String> withoutToken = postWithSession(browser, "pwg.categories.delete", "category_id=2");
        HttpResponse<String> wrongToken = postWithSession(browser, "pwg.categories.delete", "category_id=2&pwg_token=0123");
        assertThat(withoutToken.statusCode()).isEqualTo(200);
        assertThat(withoutToken.body()).contains("\"err\":1002");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(emulator.albums()).hasSize(3);

        String token = token(postWithSession(browser, "pwg.session.getStatus", ""));
        HttpResponse<String> deleted = postWithSession(browser, "pwg.categories.delete",
                "category_id=2&photo_deletion_mode=no_delete&pwg_token=" + token);

        assertThat(deleted.body()).contains("\"stat\":\"ok\"");
        assertThat(emulator.albums()).extracting(EmulatedAlbum::name).containsExactly("Keep");
    }

    @Test
    void withAnApiKeyTheServerFillsInTheToken() throws Exception {
        post("pwg.categories.add", "name=Drop", true);

        HttpResponse<String> deleted = post("pwg.categories.delete", "category_id=1&photo_deletion_mode=no_delete", true);

        assertThat(deleted.body()).contains("\"stat\":\"ok\"");
        assertThat(emulator.albums()).isEmpty();
    }

    /** Uploads one small image with the API key and returns its id. */
    private long uploadOne(String content) throws Exception {
        String md5 = Gallery.md5(content.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String boundary = "b0undary";
        StringBuilder body = new StringBuilder();
        for (String[] f : new String[][] {{"chunk", "0"}, {"chunks", "1"}, {"chunk_sum", md5}, {"original_sum", md5},
                {"filename", "a.jpg"}}) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(f[0])
                    .append("\"\r\n\r\n").append(f[1]).append("\r\n");
        }
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n").append(content).append("\r\n--").append(boundary)
                .append("--\r\n");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create(emulator.url() + "ws.php?format=json&method=pwg.images.uploadAsync"))
                .header("X-PIWIGO-API", PiwigoEmulator.DEFAULT_API_KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).contains("\"stat\":\"ok\"");
        return emulator.images().stream().filter(i -> i.md5().equals(md5)).findFirst().orElseThrow().id();
    }

    @Test
    void deletingAnImageNeedsTheSessionTokenAndAnswersHowManyWereDeleted() throws Exception {
        long id = uploadOne("doomed");
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        postWithSession(browser, "pwg.session.login", "username=admin&password=" + PiwigoEmulator.DEFAULT_PASSWORD);
        String token = token(postWithSession(browser, "pwg.session.getStatus", ""));

        HttpResponse<String> withoutToken = postWithSession(browser, "pwg.images.delete", "image_id=" + id);
        HttpResponse<String> wrongToken = postWithSession(browser, "pwg.images.delete", "image_id=" + id + "&pwg_token=0123");
        HttpResponse<String> asGuest = post("pwg.images.delete", "image_id=" + id + "&pwg_token=" + token, false);
        assertThat(withoutToken.statusCode()).isEqualTo(200);
        assertThat(withoutToken.body()).contains("\"err\":1002");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(asGuest.statusCode()).isEqualTo(401);
        assertThat(emulator.images()).extracting(EmulatedImage::id).containsExactly(id);

        HttpResponse<String> deleted = postWithSession(browser, "pwg.images.delete", "image_id=" + id + "&pwg_token=" + token);
        HttpResponse<String> again = postWithSession(browser, "pwg.images.delete", "image_id=" + id + "&pwg_token=" + token);

        assertThat(deleted.body()).isEqualTo("{\"stat\":\"ok\",\"result\":1}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).as("an unknown id is no error, only nothing deleted").isEqualTo("{\"stat\":\"ok\",\"result\":0}");
        assertThat(emulator.images()).isEmpty();
        assertThat(emulator.calls("pwg.images.delete", id)).isEqualTo(5);
    }

    @Test
    void deletingIsPostOnly() throws Exception {
        long id = uploadOne("kept");

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(emulator.url()
                        + "ws.php?format=json&method=pwg.images.delete&image_id=" + id))
                .header("X-PIWIGO-API", PiwigoEmulator.DEFAULT_API_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(emulator.images()).hasSize(1);
    }

    @Test
    void setInfoOfAnUnknownImageIs404AndAWrongTokenIsRefused() throws Exception {
        long id = uploadOne("shown");
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        postWithSession(browser, "pwg.session.login", "username=admin&password=" + PiwigoEmulator.DEFAULT_PASSWORD);

        HttpResponse<String> unknown = post("pwg.images.setInfo", "image_id=" + (id + 100) + "&level=8", true);
        HttpResponse<String> wrongToken = postWithSession(browser, "pwg.images.setInfo",
                "image_id=" + id + "&level=8&single_value_mode=replace&pwg_token=0123");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"err\":404", "image_id not found");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(emulator.images()).singleElement().satisfies(i -> assertThat(i.level()).isZero());
    }

    @Test
    void aPrivateAlbumStaysPrivateAndMakesItsChildrenPrivate() throws Exception {
        post("pwg.categories.add", "name=Archive&status=private", true);
        post("pwg.categories.add", "name=Expired&parent=1", true);
        post("pwg.categories.add", "name=Public", true);

        HttpResponse<String> list = post("pwg.categories.getList", "recursive=true", true);

        assertThat(emulator.albums()).extracting(EmulatedAlbum::privateAlbum).containsExactly(true, true, false);
        assertThat(list.body()).contains("\"status\":\"private\"", "\"status\":\"public\"");
    }

    @Test
    void credentialsOnUploadAsyncReplaceTheSessionAndItsToken() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        postWithSession(browser, "pwg.session.login", "username=admin&password=" + PiwigoEmulator.DEFAULT_PASSWORD);
        String before = token(postWithSession(browser, "pwg.session.getStatus", ""));
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nadmin\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + PiwigoEmulator.DEFAULT_PASSWORD + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"chunk\"\r\n\r\n0\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"chunks\"\r\n\r\n2\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"chunk_sum\"\r\n\r\n" + Gallery.md5("x".getBytes()) + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"original_sum\"\r\n\r\n" + "1".repeat(32) + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"filename\"\r\n\r\na.jpg\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nx\r\n--" + boundary + "--\r\n";
        HttpResponse<String> chunk = browser.send(HttpRequest.newBuilder(
                        URI.create(emulator.url() + "ws.php?format=json&method=pwg.images.uploadAsync"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String after = token(postWithSession(browser, "pwg.session.getStatus", ""));

        assertThat(chunk.body()).contains("chunks uploaded = 1");
        assertThat(after).isNotEqualTo(before);
        HttpResponse<String> staleToken = postWithSession(browser, "pwg.images.uploadCompleted",
                "category_id=1&pwg_token=" + before);
        assertThat(staleToken.statusCode()).isEqualTo(403);
    }

    @Test
    void levelIsCappedAtEightAndANegativeOneRefused() throws Exception {
        String jpeg = "photo";
        String md5 = Gallery.md5(jpeg.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String boundary = "b0undary";
        StringBuilder body = new StringBuilder();
        for (String[] f : new String[][] {{"chunk", "0"}, {"chunks", "1"}, {"chunk_sum", md5}, {"original_sum", md5},
                {"filename", "a.jpg"}, {"level", "9"}}) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(f[0])
                    .append("\"\r\n\r\n").append(f[1]).append("\r\n");
        }
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n").append(jpeg).append("\r\n--").append(boundary).append("--\r\n");
        http.send(HttpRequest.newBuilder(URI.create(emulator.url() + "ws.php?format=json&method=pwg.images.uploadAsync"))
                .header("X-PIWIGO-API", PiwigoEmulator.DEFAULT_API_KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        long id = emulator.images().get(0).id();
        int uploaded = emulator.images().get(0).level();

        HttpResponse<String> three = post("pwg.images.setInfo", "image_id=" + id + "&level=3&single_value_mode=replace", true);
        int afterThree = emulator.images().get(0).level();
        HttpResponse<String> negative = post("pwg.images.setInfo", "image_id=" + id + "&level=-1&single_value_mode=replace", true);

        assertThat(uploaded).as("level 9 sent").isEqualTo(8);
        assertThat(emulator.images()).singleElement().satisfies(i -> assertThat(i.level()).isEqualTo(3));
        assertThat(three.body()).contains("\"stat\":\"ok\"");
        assertThat(afterThree).isEqualTo(3);
        assertThat(negative.body()).contains("\"err\":1003");
    }

    @Test
    void anExistingTagIsRefusedWithHttp200AndErr1003() throws Exception {
        post("pwg.tags.add", "name=Night", true);

        HttpResponse<String> again = post("pwg.tags.add", "name=NIGHT", true);
        HttpResponse<String> accented = post("pwg.tags.add", "name=N%C3%AFght+", true); // "Nïght "

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"stat\":\"fail\"").contains("\"err\":1003");
        assertThat(accented.body()).contains("\"err\":1003");
        assertThat(emulator.tags()).hasSize(1);
    }

    @Test
    void badCredentialsAreErr999OnHttp200AndABadKeyIs401() throws Exception {
        HttpResponse<String> login = post("pwg.session.login", "username=admin&password=nope", false);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("\"err\":999");

        HttpResponse<String> guest = post("pwg.images.exist", "md5sum_list=a", false);
        assertThat(guest.statusCode()).isEqualTo(401);
    }

    @Test
    void phpNoiseComesBeforeTheJson() throws Exception {
        emulator.faults().phpNoise(true);

        HttpResponse<String> answer = post("pwg.images.exist", "md5sum_list=0123", true);

        assertThat(answer.body()).startsWith("<br />").contains("{\"stat\":\"ok\",\"result\":{\"0123\":null}}");
    }

    @Test
    void requestsBeyondTheWorkerCountWaitTheirTurn() throws Exception {
        emulator.close();
        emulator = PiwigoEmulator.builder().workers(1).start();
        emulator.faults().latency(Duration.ofMillis(50)); // long enough for the requests to overlap
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return post("pwg.images.exist", "md5sum_list=a", true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }

        assertThat(answers).allSatisfy(a -> assertThat(a.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200));
        assertThat(emulator.maxConcurrent("pwg.images.exist")).isEqualTo(1);
    }

    @Test
    void failNextAnswersHtmlWithoutVerdict() throws Exception {
        emulator.faults().failNext(1, 503);

        HttpResponse<String> failed = post("pwg.images.exist", "md5sum_list=a", true);
        HttpResponse<String> next = post("pwg.images.exist", "md5sum_list=a", true);

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body()).doesNotContain("stat");
        assertThat(next.statusCode()).isEqualTo(200);
    }

    @Test
    void anEmojiInANameDiesWithAFatalErrorPageOnUtf8mb3Tables() throws Exception {
        HttpResponse<String> added = post("pwg.categories.add",
                "name=" + java.net.URLEncoder.encode("Trip \uD83D\uDCF7", java.nio.charset.StandardCharsets.UTF_8), true);

        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.body()).contains("<b>Fatal error</b>", "Incorrect string value").doesNotContain("\"stat\"");
        assertThat(emulator.albums()).isEmpty();
    }

    @Test
    void aBodyAbovePostMaxSizeLosesEveryParameter() throws Exception {
        HttpResponse<String> answer = post("pwg.categories.add", "name=" + "x".repeat((8 << 20) + 1), true);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("POST Content-Length", "\"err\":1002");
    }

    @Test
    void anApiKeyLogsInAsASessionUnlessTurnedOff() throws Exception {
        String key = PiwigoEmulator.DEFAULT_API_KEY;
        String form = "username=" + key.substring(0, key.indexOf(':')) + "&password=" + key.substring(key.indexOf(':') + 1);
        assertThat(post("pwg.session.login", form, false).body()).contains("\"stat\":\"ok\"");

        try (PiwigoEmulator refusing = PiwigoEmulator.builder().apiKeyLogin(false).start()) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                            URI.create(refusing.url() + "ws.php?format=json&method=pwg.session.login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.body()).contains("\"err\":999");
        }
    }
}
