package dev.photopipe.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command's and the operator tools' clients reach a secured cluster and keep their guarantees. */
class KafkaClientsTest {
    private static final Map<String, Object> SASL = Map.of("security.protocol", "SASL_SSL",
            "sasl.mechanism", "PLAIN", "sasl.jaas.config", "PlainLoginModule required;", "delivery.timeout.ms", "60000");
    private final KafkaClients clients = new KafkaClients("kafka:9093", SASL, "photopipe-replay");

    @Test
    void everyClientCarriesTheUsersSettings() {
        for (Map<String, Object> props : new Map[] {clients.adminProperties(), clients.readerProperties(),
                clients.writerProperties()}) {
            assertThat(props).containsAllEntriesOf(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                    "bootstrap.servers", "kafka:9093", "client.id", "photopipe-replay"));
        }
    }

    @Test
    void aTimedAdminKeepsItsTimeoutsWhateverTheUserSet() {
        KafkaClients tuned = new KafkaClients("kafka:9093", Map.of("request.timeout.ms", "60000"), "photopipe-health");

        assertThat(tuned.adminProperties(java.time.Duration.ofSeconds(2))).containsEntry("request.timeout.ms", 2000)
                .containsEntry("default.api.timeout.ms", 2000).containsEntry("client.id", "photopipe-health");
    }

    @Test
    void readerAndWriterKeepPhotopipesGuarantees() {
        assertThat(clients.readerProperties()).containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false);
        assertThat(clients.writerProperties()).containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("delivery.timeout.ms", "60000");
    }
}
