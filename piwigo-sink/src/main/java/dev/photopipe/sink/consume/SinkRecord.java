package dev.photopipe.sink.consume;

import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * One upload request as the {@link UploadWindow} takes it, whoever consumed it: the standalone
 * {@link ConsumerDriver}'s KafkaConsumer today, a Kafka Connect worker's {@code put()} later.
 * Key and value are the record's bytes, untouched (dead letters carry them as they came).
 *
 * @param headers the record's headers; not copied, not changed by the sink
 */
public record SinkRecord(String topic, int partition, long offset, byte[] key, byte[] value, Headers headers) {
    public SinkRecord {
        Objects.requireNonNull(topic, "topic");
        headers = headers == null ? new RecordHeaders() : headers;
    }

    static SinkRecord of(ConsumerRecord<byte[], byte[]> record) {
        return new SinkRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                record.headers());
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** The same record in the shape the dead-letter helpers take. */
    ConsumerRecord<byte[], byte[]> asConsumerRecord() {
        return new ConsumerRecord<>(topic, partition, offset, ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE,
                key == null ? ConsumerRecord.NULL_SIZE : key.length, value == null ? ConsumerRecord.NULL_SIZE : value.length,
                key, value, headers, Optional.empty());
    }
}
