package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.sink.config.SinkConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The sink's request consumer reaches a secured cluster and still reads only committed requests. */
class ClientPropertiesTest {
    private static Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(SinkConfig.PIWIGO_URL, "http://127.0.0.1/piwigo/");
        settings.put(SinkConfig.PIWIGO_API_KEY, "pkid-1:2");
        settings.put("kafka.security.protocol", "SASL_SSL");
        settings.put("kafka.sasl.mechanism", "SCRAM-SHA-256");
        settings.put("kafka.sasl.jaas.config", "ScramLoginModule required;");
        settings.put("kafka.max.poll.records", "10");
        return settings;
    }

    @Test
    void consumerContainsTheUsersKafkaSettingsAndTheSinksGuarantees() {
        SinkConfig config = new SinkConfig(settings());
        Map<String, Object> clientProps = new HashMap<>(config.kafkaClientSettings());
        clientProps.put("bootstrap.servers", "kafka:9093");

        Map<String, Object> props = RequestConsumers.consumerProperties(config, clientProps);

        assertThat(props).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl.jaas.config", "ScramLoginModule required;")
                .containsEntry("max.poll.records", "10")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("group.id", "photopipe-sink");
    }

    @Test
    void refusesReadUncommitted() {
        Map<String, Object> settings = settings();
        settings.put("kafka.isolation.level", "read_uncommitted");
        assertThatThrownBy(() -> new SinkConfig(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.isolation.level cannot be changed");
    }
}
