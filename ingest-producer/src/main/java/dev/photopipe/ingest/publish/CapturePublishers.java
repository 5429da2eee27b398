package dev.photopipe.ingest.publish;

import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.config.KafkaClientSettings;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Creates the Kafka-backed {@link CapturePublisher}. */
public final class CapturePublishers {
    private CapturePublishers() {
    }

    /**
     * A publisher on {@code bootstrapServers}.
     *
     * @param clientSettings the user's extra client settings ({@code kafka.*}, prefix stripped), e.g. SASL
     * @param serdeConfigs the serde settings ({@code schema.registry.url} and friends)
     * @param clientId names the producer in broker logs and metrics
     * @param registry where photopipe's and the producer's meters go
     */
    public static CapturePublisher kafka(String bootstrapServers, Map<String, ?> clientSettings,
            Map<String, ?> serdeConfigs, TopicCatalog topics, String clientId, MeterRegistry registry) {
        Map<String, Object> props = producerProperties(bootstrapServers, clientSettings, clientId);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        // The producer's own metrics (record rates, errors, latency, buffer) beside photopipe's.
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        CapturePublisher kafka = new KafkaCapturePublisher(producer,
                AvroSerdes.forClass(PhotoCaptured.class, serdeConfigs).serializer(),
                topics.name(PhotopipeTopic.CAPTURED_PHOTOS), topics.name(PhotopipeTopic.DEAD_LETTERS), Clock.systemUTC());
        return new MeteredPublisher(kafka, registry, producerMetrics);
    }

    /**
     * The producer's settings: photopipe's tuning, then the user's {@code kafka.*} settings (which
     * may change the tuning), then what photopipe's guarantees rest on, which nothing overrides
     * ({@link KafkaClientSettings} rejects those keys up front).
     */
    static Map<String, Object> producerProperties(String bootstrapServers, Map<String, ?> clientSettings,
            String clientId) {
        Map<String, Object> props = new HashMap<>();
        // Events are small (the photo is in the store): sends do not wait for each other's acknowledgement,
        // so a short linger gathers the events of a scan or an import into few requests.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(clientSettings);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // Nothing acknowledged may be lost, nothing retried may be written twice.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }
}
