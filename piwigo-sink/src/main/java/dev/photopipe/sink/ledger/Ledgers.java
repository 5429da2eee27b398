package dev.photopipe.sink.ledger;

import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.serde.SpecificAvroSerde;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Creates {@link Ledger}s. */
public final class Ledgers {
    private Ledgers() {
    }

    /**
     * A ledger on {@code topic}.
     *
     * @param producer     idempotent, acks=all; shared, not closed by the ledger
     * @param clientProps  connection settings (bootstrap servers, security) for the rebuild readers
     * @param serdeConfigs settings of the project's Avro serde (schema registry URL, or none)
     */
    public static Ledger create(String topic, Producer<byte[], byte[]> producer, Map<String, Object> clientProps,
                                Map<String, ?> serdeConfigs, MeterRegistry registry) {
        SpecificAvroSerde<UploadOutcome> serde = AvroSerdes.forClass(UploadOutcome.class, serdeConfigs);
        Map<String, Object> readerProps = new HashMap<>(clientProps);
        readerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        readerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        readerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        // The reader stops at the end offset it captured: never let the broker hold a fetch open.
        readerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        readerProps.remove(ConsumerConfig.GROUP_ID_CONFIG); // assign() only: no group, no commits
        return new TopicLedger(topic, producer,
                () -> new KafkaConsumer<>(readerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                serde.serializer(), serde.deserializer(), registry);
    }
}
