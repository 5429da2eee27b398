package dev.photopipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.schemas.serde.AvroSerdeConfig;
import dev.photopipe.sink.config.SinkConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every Kafka client of the sink starts from the user's kafka.* settings; its producer keeps acks=all. */
class SinkClientPropertiesTest {
    @Test
    void producerContainsTheUsersKafkaSettingsAndKeepsAcksAllAndIdempotence() {
        SinkConfig config = new SinkConfig(Map.of(
                SinkConfig.PIWIGO_URL, "http://127.0.0.1/piwigo/",
                SinkConfig.PIWIGO_API_KEY, "pkid-1:2",
                "bootstrap.servers", "kafka:9093",
                "kafka.security.protocol", "SSL",
                "kafka.ssl.truststore.location", "/etc/photopipe/truststore.p12",
                "kafka.ssl.truststore.password", "changeit"));

        Map<String, Object> clientProps = SinkCore.clientProperties(config);
        Map<String, Object> producer = SinkCore.producerProps(clientProps);

        assertThat(clientProps).containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/etc/photopipe/truststore.p12")
                .containsEntry("ssl.truststore.password", "changeit");
        assertThat(producer).containsAllEntriesOf(clientProps)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true);
    }

    @Test
    void serdesGetTheRegistrysAuthAndTruststoreNotOnlyItsUrl() {
        SinkConfig config = new SinkConfig(Map.of(
                SinkConfig.PIWIGO_URL, "http://127.0.0.1/piwigo/",
                SinkConfig.PIWIGO_API_KEY, "pkid-1:2",
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "https://registry:8081/",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO, "svc:s3cret",
                AvroSerdeConfig.TRUSTSTORE_LOCATION, "/etc/photopipe/registry.p12"));

        AvroSerdeConfig serde = new AvroSerdeConfig(SinkCore.serdeConfigs(config));

        assertThat(serde.registrySettings().basicAuthUserInfo()).isEqualTo("svc:s3cret");
        assertThat(serde.registrySettings().truststorePath()).isEqualTo("/etc/photopipe/registry.p12");
    }
}
