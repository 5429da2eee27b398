package dev.photopipe.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.observability.Observability;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.testing.kafka.SharedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** enrich-stream as a service on a real broker: what an operator sees when it cannot work. */
@ExtendWith(SharedKafka.class)
class EnrichServiceIT {
    @TempDir
    Path stateDir;

    @Test
    void aMissingSourceTopicStopsTheServiceAndSaysWhyInsteadOfReplacingThreadsForever() throws Exception {
        // Reference topics exist, the captured-photos topic does not (an operator deleted it, say):
        // every stream thread dies of the missing source topic, again after each replacement.
        String prefix = SharedKafka.uniqueName("missing") + ".";
        EnrichConfig config = new EnrichConfig(Map.of(
                CommonConfigs.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers(),
                TopicConfigs.TOPICS_PREFIX, prefix,
                EnrichConfig.APPLICATION_ID, SharedKafka.uniqueName("enrich-missing"),
                EnrichConfig.STATE_DIR, stateDir.toString()));
        SharedKafka.createTopics(new NewTopic(config.topics().name(PhotopipeTopic.CAMERAS), 1, (short) 1),
                new NewTopic(config.topics().name(PhotopipeTopic.ROUTING_RULES), 1, (short) 1));
        try (EnrichService service = new EnrichService(config, Observability.metersOnly(new SimpleMeterRegistry()))) {
            service.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> service.failure().isPresent());
            assertThat(service.failure()).hasValueSatisfying(why -> assertThat(why)
                    .contains("a new thread would meet again").contains("source topics"));
        }
    }
}
