package dev.photopipe.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Retry classification, error mapping, caching and request shape against a scripted server. */
class OkHttpSchemaRegistryClientTest {
    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    private static final String ID_7 = "{\"id\":7}";

    private MockWebServer server;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        client = SchemaRegistryClient.create(settings(server.url("/apis/ccompat/v7").toString(), 3));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.shutdown();
    }

    private static RegistrySettings settings(String url, int attempts) {
        return RegistrySettings.of(url).withRetry(attempts, Duration.ofMillis(5), Duration.ofMillis(20));
    }

    @ParameterizedTest(name = "HTTP {0} transient: {1}")
    @CsvSource({"408,true", "429,true", "500,true", "502,true", "503,true", "504,true",
            "400,false", "401,false", "403,false", "404,false", "409,false", "422,false"})
    void classifiesStatusesOnce(int status, boolean transientFailure) {
        assertThat(OkHttpSchemaRegistryClient.isTransient(status)).isEqualTo(transientFailure);
    }

    @Test
    void retriesOn503ThenSucceeds() {
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(429));
        server.enqueue(json(200, ID_7));

        assertThat(client.register("photos-value", SCHEMA)).isEqualTo(7);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void givesUpAfterTheBoundedAttemptsNamingUrlAndSetting() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(500).setBody("oops"));
        }

        assertThatThrownBy(() -> client.register("photos-value", SCHEMA))
                .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.httpStatus()).isEqualTo(500);
                })
                .hasMessageContaining(server.url("/apis/ccompat/v7").toString().replaceAll("/$", ""))
                .hasMessageContaining("after 3 attempt(s)")
                .hasMessageContaining("schema.registry.url");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aClosedPortIsUnavailableAfterTheBoundedAttempts() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (SchemaRegistryClient down = SchemaRegistryClient.create(settings("http://127.0.0.1:" + port, 2))) {
            assertThatThrownBy(() -> down.schemaById(1))
                    .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> {
                        assertThat(e.attempts()).isEqualTo(2);
                        assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_STATUS);
                        assertThat(e.getCause()).isInstanceOf(IOException.class);
                    })
                    .hasMessageContaining("http://127.0.0.1:" + port);
        }
    }

    @Test
    void anIncompatibleSchemaIsNotRetriedAndNamesSubjectAndReason() {
        server.enqueue(json(409, "{\"error_code\":409,\"message\":\"Incompatible artifact: b at /fields/1\"}"));

        assertThatThrownBy(() -> client.register("photos-value", SCHEMA))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class,
                        e -> assertThat(e.subject()).isEqualTo("photos-value"))
                .hasMessageContaining("subject 'photos-value'")
                .hasMessageContaining("Incompatible artifact: b at /fields/1");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anotherClientErrorIsPermanentWithTheRegistrysErrorCodeAndMessage() {
        server.enqueue(json(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}"));

        assertThatThrownBy(() -> client.register("photos-value", SCHEMA))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e).isNotInstanceOf(RegistryUnavailableException.class);
                    assertThat(e.errorCode()).isEqualTo(42201);
                    assertThat(e.httpStatus()).isEqualTo(422);
                })
                .hasMessageContaining("Invalid schema");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anUnknownIdIsSchemaNotFound() {
        server.enqueue(json(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));

        assertThatThrownBy(() -> client.schemaById(99))
                .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40403))
                .hasMessageContaining("schema id 99");
    }

    @Test
    void cachesIdsBothWays() {
        server.enqueue(json(200, ID_7));

        int registered = client.register("photos-value", SCHEMA);
        int again = client.register("photos-value", SCHEMA);
        Schema byId = client.schemaById(7);

        assertThat(registered).isEqualTo(7).isEqualTo(again);
        assertThat(byId).isEqualTo(SCHEMA);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void fetchesAnUnknownIdOnceThenFromTheCache() {
        server.enqueue(json(200, "{\"schema\":" + quoted(SCHEMA.toString()) + "}"));

        assertThat(client.schemaById(3)).isEqualTo(SCHEMA);
        assertThat(client.schemaById(3)).isEqualTo(SCHEMA);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void sendsTheRegistryContentTypeBasicAuthAndAnEncodedSubject() throws InterruptedException {
        server.enqueue(json(200, ID_7));
        RegistrySettings withAuth = new RegistrySettings(server.url("/").toString(), "svc:pw", null, null,
                Duration.ofSeconds(5), 1, Duration.ZERO, Duration.ZERO, null);
        try (SchemaRegistryClient authenticated = SchemaRegistryClient.create(withAuth)) {
            authenticated.lookup("a/b-value", SCHEMA);
        }

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/subjects/a%2Fb-value");
        assertThat(request.getHeader("Content-Type")).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(request.getHeader("Authorization")).isEqualTo(okhttp3.Credentials.basic("svc", "pw"));
        assertThat(request.getBody().readUtf8()).contains("\"schema\"");
    }

    @Test
    void compatibilityAndConfigCallsUseTheirPaths() throws InterruptedException {
        server.enqueue(json(200, "{\"is_compatible\":false}"));
        server.enqueue(json(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}"));
        server.enqueue(json(200, "{\"compatibility\":\"BACKWARD\"}"));
        server.enqueue(json(200, "{\"compatibility\":\"FULL\"}"));
        server.enqueue(json(200, "[1,2]"));

        assertThat(client.isCompatible("s", SCHEMA)).isFalse();
        assertThat(client.isCompatible("new", SCHEMA)).isTrue();
        client.setGlobalCompatibility("BACKWARD");
        client.setCompatibility("s", "FULL");
        assertThat(client.versions("s")).containsExactly(1, 2);

        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/apis/ccompat/v7/compatibility/subjects/s/versions/latest");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/apis/ccompat/v7/compatibility/subjects/new/versions/latest");
        RecordedRequest global = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(global.getMethod()).isEqualTo("PUT");
        assertThat(global.getPath()).isEqualTo("/apis/ccompat/v7/config");
        assertThat(global.getBody().readUtf8()).isEqualTo("{\"compatibility\":\"BACKWARD\"}");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/apis/ccompat/v7/config/s");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/apis/ccompat/v7/subjects/s/versions");
    }

    @Test
    void aMissingTruststoreIsAClearConfigurationError() {
        RegistrySettings tls = new RegistrySettings("https://registry", null, "/nonexistent/truststore.p12", "pw",
                Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ZERO, null);

        assertThatThrownBy(() -> SchemaRegistryClient.create(tls))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/nonexistent/truststore.p12")
                .hasMessageContaining("schema.registry.ssl.truststore.location");
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/vnd.schemaregistry.v1+json").setBody(body);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
