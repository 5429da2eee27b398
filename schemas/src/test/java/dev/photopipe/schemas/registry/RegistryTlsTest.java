package dev.photopipe.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry behind TLS with a private CA: trusted through the configured truststore only. */
class RegistryTlsTest {
    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    private static final String PASSWORD = "changeit";

    private MockWebServer server;
    private HeldCertificate ca;

    @BeforeEach
    void startHttpsServer() throws IOException {
        ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("photopipe test CA").build();
        String host = InetAddress.getLoopbackAddress().getHostName();
        HeldCertificate serverCertificate = new HeldCertificate.Builder().signedBy(ca).commonName(host)
                .addSubjectAlternativeName(host).build();
        server = new MockWebServer();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(serverCertificate).build().sslSocketFactory(), false);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void trustsTheRegistryThroughTheConfiguredTruststore(@TempDir Path dir) throws Exception {
        server.enqueue(new MockResponse().setBody("{\"id\":5}"));
        Path truststore = truststoreWith(ca, dir.resolve("registry-truststore.p12"));

        try (SchemaRegistryClient client = SchemaRegistryClient.create(settings(truststore.toString()))) {
            assertThat(client.register("s-value", SCHEMA)).isEqualTo(5);
        }
    }

    @Test
    void anUntrustedCertificateIsAPermanentErrorNamingTheTruststoreSetting() {
        try (SchemaRegistryClient client = SchemaRegistryClient.create(settings(null))) {
            assertThatThrownBy(() -> client.register("s-value", SCHEMA))
                    .isInstanceOf(SchemaRegistryException.class)
                    .isNotInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("TLS handshake")
                    .hasMessageContaining("schema.registry.ssl.truststore.location");
        }
        assertThat(server.getRequestCount()).as("requests that reached the server").isZero();
    }

    private RegistrySettings settings(String truststore) {
        return new RegistrySettings(server.url("/").toString(), null, truststore, truststore == null ? null : PASSWORD,
                Duration.ofSeconds(5), 3, Duration.ofMillis(5), Duration.ofMillis(20), null);
    }

    private static Path truststoreWith(HeldCertificate ca, Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("photopipe-test-ca", ca.certificate());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }
}
