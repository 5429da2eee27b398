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
    void addingAnAlbumTwiceCreatesTwoAlbums() throws Exception {
        post("pwg.categories.add", "name=Line+3", true);
        post("pwg.categories.add", "name=Line+3", true);

        assertThat(emulator.albums()).extracting(EmulatedAlbum::name).containsExactly("Line 3", "Line 3");
    }

    @Test
    void deletingAnAlbumNeedsTheTokenAndTakesItsSubAlbums() throws Exception {
        post("pwg.categories.add", "name=Keep", true);
        post("pwg.categories.add", "name=Drop", true);
        post("pwg.categories.add", "name=Child&parent=2", true);

        HttpResponse<String> withoutToken = post("pwg.categories.delete", "category_id=2", true);
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(emulator.albums()).hasSize(3);

        String status = post("pwg.session.getStatus", "", true).body();
        String token = status.replaceAll(".*\"pwg_token\":\"([0-9a-f]+)\".*", "$1");
        HttpResponse<String> deleted = post("pwg.categories.delete",
                "category_id=2&photo_deletion_mode=no_delete&pwg_token=" + token, true);

        assertThat(deleted.body()).contains("\"stat\":\"ok\"");
        assertThat(emulator.albums()).extracting(EmulatedAlbum::name).containsExactly("Keep");
    }

    @Test
    void anExistingTagIsRefusedWithHttp200AndErr1003() throws Exception {
        post("pwg.tags.add", "name=Night", true);

        HttpResponse<String> again = post("pwg.tags.add", "name=NIGHT", true);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"stat\":\"fail\"").contains("\"err\":1003");
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
}
