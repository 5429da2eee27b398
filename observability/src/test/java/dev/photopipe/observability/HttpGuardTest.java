package dev.photopipe.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page's endpoint behind its guard, as a browser, a DNS-rebinding page or a script reaches it. */
class HttpGuardTest {
    private static final String TOKEN = "s3cret-token-for-replay";

    private final OkHttpClient http = new OkHttpClient();
    private final AtomicInteger replays = new AtomicInteger();
    private ObservabilityServer server;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        HttpGuard guard = HttpGuard.builder("the status page")
                .hostNames(List.of("localhost", "photos.example.org"), "metrics.allowed.hosts")
                .bearerToken(TOKEN, "metrics.action.token")
                .build();
        server = new ObservabilityServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "127.0.0.1", 0, guard)
                .start();
        server.page("/", Files.writeString(dir.resolve("page.html"), "<html></html>").toUri().toURL(), "text/html");
        server.json("/api/status", () -> Map.of("batches", 3));
        server.action("/api/replay", parameters -> Map.of("replayed", replays.incrementAndGet()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPageOfAnotherSiteReachingThisPortThroughItsOwnDnsNameReadsNothing() throws Exception {
        // DNS rebinding: evil.example now resolves to 127.0.0.1, and the browser sends its name.
        Reply status = send(get("/api/status").header("Host", "evil.example:" + server.port()));
        Reply page = send(get("/").header("Host", "evil.example"));

        assertThat(status.code).isEqualTo(403);
        assertThat(status.body).contains("metrics.allowed.hosts").doesNotContain("evil.example");
        assertThat(page.code).isEqualTo(403);
    }

    @Test
    void ipAddressesLocalhostAndConfiguredNamesAreServed() throws Exception {
        assertThat(send(get("/api/status")).code).isEqualTo(200);
        assertThat(send(get("/api/status").header("Host", "localhost:" + server.port())).code).isEqualTo(200);
        assertThat(send(get("/api/status").header("Host", "PHOTOS.example.org")).code).isEqualTo(200);
        assertThat(send(get("/api/status").header("Host", "[::1]:" + server.port())).code).isEqualTo(200);
    }

    @Test
    void metricsAndHealthAnswerUnderAnyNameForPrometheusAndOrchestrators() throws Exception {
        assertThat(send(get("/metrics").header("Host", "sink:9464")).code).isEqualTo(200);
        assertThat(send(get("/health/live").header("Host", "sink:9464")).code).isEqualTo(200);
    }

    @Test
    void aCrossSitePostFromABrowserIsRefusedEvenWithTheTokenAndTheActionHeader() throws Exception {
        Reply crossSite = send(replay(TOKEN).header("Origin", "http://evil.example"));
        Reply rebound = send(replay(TOKEN).header("Origin", "http://evil.example:" + server.port())
                .header("Host", "evil.example:" + server.port()));
        Reply fetchMetadataOnly = send(replay(TOKEN).header("Sec-Fetch-Site", "cross-site"));
        Reply sandboxed = send(replay(TOKEN).header("Origin", "null"));

        assertThat(List.of(crossSite.code, rebound.code, fetchMetadataOnly.code, sandboxed.code)).containsOnly(403);
        assertThat(crossSite.body).contains("another origin");
        assertThat(replays).hasValue(0);
    }

    @Test
    void theStatusPageItselfAndScriptsMayReplayWithTheToken() throws Exception {
        Reply fromThePage = send(replay(TOKEN).header("Origin", "http://127.0.0.1:" + server.port())
                .header("Sec-Fetch-Site", "same-origin"));
        Reply fromAScript = send(replay(TOKEN));

        assertThat(fromThePage.code).as(fromThePage.body).isEqualTo(200);
        assertThat(fromAScript.code).as(fromAScript.body).isEqualTo(200);
        assertThat(replays).hasValue(2);
    }

    @Test
    void actionsNeedTheBearerTokenWhenOneIsSetAndSayWhichSettingHoldsIt() throws Exception {
        try (Response missing = http.newCall(replay(null).build()).execute()) {
            assertThat(missing.code()).isEqualTo(401);
            assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(missing.body().string()).contains("Authorization: Bearer", "metrics.action.token");
        }
        Reply wrong = send(replay("guess"));

        assertThat(wrong.code).isEqualTo(401);
        assertThat(wrong.body).doesNotContain(TOKEN);
        assertThat(replays).hasValue(0);
        assertThat(send(get("/api/status")).code).as("reads need no token").isEqualTo(200);
    }

    @Test
    void withoutATokenSettingScriptsMayActAsBefore() throws Exception {
        HttpGuard open = HttpGuard.builder("the capture endpoint").build();
        ObservabilityServer plain = new ObservabilityServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                "127.0.0.1", 0, open).start();
        try {
            plain.action("/api/replay", parameters -> Map.of("replayed", replays.incrementAndGet()));
            Request request = new Request.Builder().url("http://127.0.0.1:" + plain.port() + "/api/replay")
                    .header(Observability.ACTION_HEADER, "1").post(RequestBody.create(new byte[0])).build();
            Request fromEvil = request.newBuilder().header("Origin", "http://evil.example").build();

            assertThat(send(request.newBuilder()).code).isEqualTo(200);
            assertThat(send(fromEvil.newBuilder()).code).as("the Origin check needs no setting").isEqualTo(403);
        } finally {
            plain.close();
        }
    }

    private record Reply(int code, String body) {
    }

    private Request.Builder get(String path) {
        return new Request.Builder().url("http://127.0.0.1:" + server.port() + path);
    }

    private Request.Builder replay(String token) {
        Request.Builder request = get("/api/replay?batch=LOT-4711").header(Observability.ACTION_HEADER, "1")
                .post(RequestBody.create(new byte[0]));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private Reply send(Request.Builder request) throws Exception {
        try (Response response = http.newCall(request.build()).execute()) {
            return new Reply(response.code(), response.body().string());
        }
    }
}
