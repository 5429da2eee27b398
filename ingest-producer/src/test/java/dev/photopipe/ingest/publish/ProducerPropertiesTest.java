package dev.photopipe.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.ingest.IngestConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The capture producer reaches a secured cluster and keeps acks=all and idempotence. */
class ProducerPropertiesTest {
    @Test
    void containsTheUsersKafkaSettingsAndPhotopipesGuarantees() {
        IngestConfig config = new IngestConfig(Map.of(
                "bootstrap.servers", "kafka:9093",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", "ScramLoginModule required;",
                "kafka.linger.ms", "50"));

        Map<String, Object> props = CapturePublishers.producerProperties("kafka:9093", config.kafkaClientSettings(),
                "ingest-1");

        assertThat(props).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "ScramLoginModule required;")
                .containsEntry("linger.ms", "50")
                .containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("client.id", "ingest-1")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .doesNotContainKey("kafka.security.protocol");
    }

    @Test
    void refusesToWeakenAcks() {
        assertThatThrownBy(() -> new IngestConfig(Map.of("kafka.acks", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.acks cannot be changed");
    }
}
