package dev.photopipe.sink.consume;

import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.sink.config.SinkConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Creates the standalone sink's {@link RequestConsumer}s. */
public final class RequestConsumers {
    private RequestConsumers() {
    }

    /**
     * A consumer of the upload requests of {@code config}'s deployment, driving {@code window}.
     *
     * @param clientProps connection settings (bootstrap servers, security) for the Kafka consumer
     * @param window      the core it feeds (see {@link UploadWindow#create}); closed by the consumer when it stops
     */
    public static RequestConsumer create(SinkConfig config, Map<String, Object> clientProps, UploadWindow window,
                                         MeterRegistry registry) {
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProperties(config, clientProps), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        // kafka_consumer_fetch_manager_records_lag_max and friends: the sink's lag on /metrics and in Grafana.
        KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(registry);
        return new ConsumerDriver(consumer, config.topics().name(PhotopipeTopic.UPLOAD_REQUESTS), window,
                config.shutdownTimeout(), config.stallTimeout(), consumerMetrics);
    }

    /** The request consumer's settings: {@code clientProps} (the user's and the brokers) with the sink's own on top. */
    static Map<String, Object> consumerProperties(SinkConfig config, Map<String, Object> clientProps) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Offsets are committed by hand, after the ledger and the dead letters are written.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // enrich-stream writes requests in transactions (exactly_once_v2): only committed ones are
        // real; a request of an aborted transaction is written again by the retry.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // The driver polls between uploads, never after them: max.poll.interval.ms holds whatever
        // the upload times. A poll brings no more than the window holds.
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, UploadWindow.CAPACITY);
        return props;
    }
}
