package dev.photopipe.piwigo.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests sent from an admin page (Piwigo's own uploader sends its requests from
 * admin.php?page=photos_add) build their user without the user cache, as include/user.inc.php does:
 * they never wait for another request rebuilding it.
 */
class AdminPageRequestsTest {
    /** A rebuild far longer than any request here: whoever meets it is visibly held up. */
    private static final Costs SLOW_REBUILD = new Costs(2, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO, Duration.ofMinutes(30));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PiwigoEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close(); // ends the rebuild at once
        }
    }

    @Test
    void piwigosRuleForTheRefererOfAnAdminPage() {
        assertThat(WsHandler.fromAdminPage("https://photos.example.org/admin.php?page=photos_add")).isTrue();
        assertThat(WsHandler.fromAdminPage("http://127.0.0.1:8080/gallery/admin.php?page=batch_manager")).isTrue();
        assertThat(WsHandler.fromAdminPage("https://photos.example.org/admin.php")).isFalse();
        assertThat(WsHandler.fromAdminPage("https://photos.example.org/index.php?/category/3")).isFalse();
        assertThat(WsHandler.fromAdminPage(null)).isFalse();
    }

    @Test
    void aRequestFromAnAdminPageDoesNotWaitForTheUserCacheThatAnotherRequestRebuilds() throws Exception {
        emulator = PiwigoEmulator.builder().costs(SLOW_REBUILD).start();
        assertThat(post("pwg.session.getStatus", null).join().body()).contains("\"stat\":\"ok\""); // cache built
        post("pwg.images.emptyLounge", null).join(); // invalidate_user_cache(), as publishing does

        CompletableFuture<HttpResponse<String>> rebuilding = post("pwg.session.getStatus", null);
        CompletableFuture<HttpResponse<String>> waiting = post("pwg.session.getStatus", null);
        await().atMost(Duration.ofSeconds(60)).until(() -> emulator.userCacheWaits() > 0);

        // a deadline far below the rebuild, not a measure of speed: a request held up by it would hang
        HttpResponse<String> fromAdminPage = post("pwg.session.getStatus", emulator.url() + "admin.php?page=photos_add")
                .get(3, TimeUnit.MINUTES);

        assertThat(fromAdminPage.body()).contains("\"stat\":\"ok\"");
        assertThat(rebuilding).as("the rebuild goes on").isNotDone();
        assertThat(waiting).as("the same user's plain request still waits for it").isNotDone();
        assertThat(emulator.requestsWithoutUserCache()).isEqualTo(1);
    }

    private CompletableFuture<HttpResponse<String>> post(String method, String referer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(emulator.url() + "ws.php?format=json&method=" + method))
                .timeout(Duration.ofMinutes(40))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-PIWIGO-API", PiwigoEmulator.DEFAULT_API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(""));
        if (referer != null) {
            request.header("Referer", referer);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
