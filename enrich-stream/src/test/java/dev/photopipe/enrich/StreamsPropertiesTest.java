package dev.photopipe.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** Kafka Streams gets the user's client settings, which Streams hands to its producers, consumers and admin. */
class StreamsPropertiesTest {
    @Test
    void containsTheUsersKafkaSettingsAndPhotopipesGuarantee() {
        EnrichConfig config = new EnrichConfig(Map.of(
                "bootstrap.servers", "kafka:9093",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.jaas.config", "PlainLoginModule required;",
                "kafka.ssl.truststore.location", "/etc/photopipe/truststore.p12"));

        Properties props = config.streamsProperties();

        assertThat(props).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", "PlainLoginModule required;")
                .containsEntry("ssl.truststore.location", "/etc/photopipe/truststore.p12")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "photopipe-enrich");
        // What Streams builds from them: the main consumer of every stream thread gets the SASL settings.
        Map<String, Object> consumer = new StreamsConfig(props).getMainConsumerConfigs("photopipe-enrich", "c", 0);
        assertThat(consumer).containsEntry("sasl.mechanism", "PLAIN").containsEntry("isolation.level", "read_committed");
    }

    @Test
    void refusesToTurnOnAutoCommit() {
        assertThatThrownBy(() -> new EnrichConfig(Map.of("kafka.enable.auto.commit", "true")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.enable.auto.commit cannot be changed");
    }
}
