package dev.photopipe.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"photopipe\" password=\"s3cret\";";

    @Test
    void passesKafkaSettingsWithThePrefixStrippedAndNothingElse() {
        Map<String, Object> settings = KafkaClientSettings.from(Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", JAAS,
                "kafka.ssl.truststore.location", "/etc/photopipe/truststore.p12",
                "kafka.port", "9092",
                "bootstrap.servers", "kafka:9093",
                "piwigo.url", "http://piwigo/"));

        assertThat(settings).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("sasl.jaas.config", JAAS),
                Map.entry("ssl.truststore.location", "/etc/photopipe/truststore.p12"));
    }

    @Test
    void rejectsAnUnknownSettingNamingIt() {
        assertThatThrownBy(() -> KafkaClientSettings.from(Map.of("kafka.sasl.mechanisms", "PLAIN")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.sasl.mechanisms is not a Kafka producer, consumer or admin client setting");
    }

    @Test
    void rejectsTheSettingsPhotopipesGuaranteesRestOn() {
        for (String name : new String[] {"acks", "enable.idempotence", "isolation.level", "enable.auto.commit",
                "group.id", "auto.offset.reset", "transactional.id", "bootstrap.servers", "value.deserializer"}) {
            assertThat(KafkaClientSettings.problems(Map.of("kafka." + name, "x")))
                    .as(name).singleElement()
                    .satisfies(problem -> assertThat(problem.message()).startsWith("kafka." + name + " cannot be changed: "));
        }
        assertThatThrownBy(() -> KafkaClientSettings.from(Map.of("kafka.acks", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("acks=all");
    }

    @Test
    void checksValuesWithKafkasOwnValidators() {
        assertThat(KafkaClientSettings.problems(Map.of("kafka.security.protocol", "SASL_TLS",
                "kafka.request.timeout.ms", "soon")))
                .extracting(KafkaClientSettings.Problem::key)
                .containsExactlyInAnyOrder("kafka.security.protocol", "kafka.request.timeout.ms");
        assertThat(KafkaClientSettings.problems(Map.of("kafka.linger.ms", "20", "kafka.max.poll.records", "100",
                "kafka.ssl.endpoint.identification.algorithm", ""))).isEmpty();
    }

    @Test
    void passwordTypedSettingsAreSecretAndKafkaItselfLogsThemHidden() {
        assertThat(KafkaClientSettings.secretSettings()).contains("kafka.sasl.jaas.config",
                "kafka.ssl.truststore.password", "kafka.ssl.keystore.password", "kafka.ssl.key.password",
                "kafka.ssl.keystore.key");

        // Kafka logs a client's configuration at INFO; its PASSWORD-typed values print as [hidden].
        ProducerConfig config = new ProducerConfig(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                "sasl.jaas.config", JAAS));
        assertThat(config.values().get("sasl.jaas.config")).isInstanceOf(Password.class)
                .hasToString(Password.HIDDEN);
    }
}
