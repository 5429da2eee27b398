package dev.photopipe.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservabilityServerTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ObservabilityServer server = new ObservabilityServer(registry, "127.0.0.1", 0).start();
    private final OkHttpClient http = new OkHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesMetricsInPrometheusTextFormat() throws Exception {
        registry.counter("photopipe.ingest.published", "source", "hotfolder").increment(3);

        Reply reply = get("/metrics");

        assertThat(reply.code).isEqualTo(200);
        assertThat(reply.body).contains("photopipe_ingest_published_total{source=\"hotfolder\"} 3.0");
    }

    @Test
    void readinessFollowsEveryCheckAndSaysWhichIsDown() throws Exception {
        AtomicBoolean brokerUp = new AtomicBoolean(false);
        server.health("kafka", () -> brokerUp.get() ? HealthCheck.Status.up("1 broker")
                : HealthCheck.Status.down("no broker answers at 127.0.0.1:9092"));
        server.health("piwigo", () -> HealthCheck.Status.up("Piwigo 16.1"));

        Reply down = get("/health/ready");
        assertThat(down.code).isEqualTo(503);
        assertThat(down.body).contains("\"status\":\"DOWN\"", "no broker answers at 127.0.0.1:9092", "Piwigo 16.1");
        assertThat(get("/health/live").code).as("alive while not ready").isEqualTo(200);

        brokerUp.set(true);
        assertThat(get("/health/ready").code).isEqualTo(200);
    }

    @Test
    void aCheckThatThrowsCountsAsDown() throws Exception {
        server.health("broken", () -> {
            throw new IllegalStateException("boom");
        });
        Reply reply = get("/health/ready");
        assertThat(reply.code).isEqualTo(503);
        assertThat(reply.body).contains("boom");
    }

    @Test
    void servesTheJsonDocumentsServicesAdd() throws Exception {
        server.json("/enrich/batches", () -> java.util.Map.of("LOT-4711", java.util.Map.of("captured", 12)));

        Reply reply = get("/enrich/batches");

        assertThat(reply.code).isEqualTo(200);
        assertThat(reply.body).isEqualTo("{\"LOT-4711\":{\"captured\":12}}");
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        assertThat(get("/nothing").code).isEqualTo(404);
    }

    @Test
    void actionsRunOnPostWithTheirQueryParametersAndAnswerJson() throws Exception {
        server.action("/api/replay", parameters -> Map.of("replayed", 3, "batch", parameters.get("batch")));

        Reply reply = post("/api/replay?batch=LOT-4711", true);

        assertThat(reply.code).isEqualTo(200);
        assertThat(reply.body).contains("\"replayed\":3", "\"batch\":\"LOT-4711\"");
    }

    @Test
    void actionsRefuseRequestsWithoutTheActionHeaderSoOtherSitesCannotTriggerThem() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        server.action("/api/replay", parameters -> ran.getAndSet(true));

        Reply reply = post("/api/replay?batch=LOT-4711", false);

        assertThat(reply.code).isEqualTo(403);
        assertThat(reply.body).contains(Observability.ACTION_HEADER);
        assertThat(ran).isFalse();
    }

    @Test
    void actionsAreNotRunByGet() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        server.action("/api/replay", parameters -> ran.getAndSet(true));

        Reply reply = get("/api/replay?batch=LOT-4711");

        assertThat(reply.code).isEqualTo(405);
        assertThat(reply.body).contains("send it as POST");
        assertThat(ran).isFalse();
    }

    @Test
    void badActionParametersAnswer400WithTheMessageAndFailuresAnswer500() throws Exception {
        server.action("/api/bad", parameters -> {
            throw new IllegalArgumentException("batch is missing: add ?batch=LOT-4711");
        });
        server.action("/api/broken", parameters -> {
            throw new IllegalStateException("broker gone");
        });

        Reply bad = post("/api/bad", true);
        Reply broken = post("/api/broken", true);

        assertThat(bad.code).isEqualTo(400);
        assertThat(bad.body).contains("batch is missing: add ?batch=LOT-4711");
        assertThat(broken.code).isEqualTo(500);
        assertThat(broken.body).contains("broker gone");
    }

    @Test
    void servesPagesWithAPolicyThatAllowsOnlyTheirOwnScriptAndThisServer(@TempDir Path dir) throws Exception {
        Path html = Files.writeString(dir.resolve("page.html"), "<html><body>status</body></html>");
        server.page("/", html.toUri().toURL(), "text/html; charset=utf-8");

        try (Response response = http.newCall(new Request.Builder().url(url("/")).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/html");
            assertThat(response.header("Content-Security-Policy")).contains("default-src 'none'", "connect-src 'self'");
            assertThat(response.body().string()).isEqualTo("<html><body>status</body></html>");
        }
    }

    @Test
    void aMissingPageResourceIsRefusedAtRegistration() {
        assertThatThrownBy(() -> server.page("/", null, "text/html"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rebuild the jar");
    }

    private record Reply(int code, String body) {
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private Reply get(String path) throws Exception {
        try (Response response = http.newCall(new Request.Builder().url(url(path)).build()).execute()) {
            return new Reply(response.code(), response.body().string());
        }
    }

    private Reply post(String path, boolean withActionHeader) throws Exception {
        Request.Builder request = new Request.Builder().url(url(path)).post(RequestBody.create(new byte[0]));
        if (withActionHeader) {
            request.header(Observability.ACTION_HEADER, "1");
        }
        try (Response response = http.newCall(request.build()).execute()) {
            return new Reply(response.code(), response.body().string());
        }
    }
}
