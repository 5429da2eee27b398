package dev.photopipe.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

    private record Reply(int code, String body) {
    }

    private Reply get(String path) throws Exception {
        try (Response response = http.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + path).build()).execute()) {
            return new Reply(response.code(), response.body().string());
        }
    }
}
