package dev.photopipe.sink.consume;

import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.DeadLetters;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends failed records, bytes untouched, to the dead-letter topic. Thread-safe. */
final class DeadLetterPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final MeterRegistry registry;

    DeadLetterPublisher(String topic, Producer<byte[], byte[]> producer, MeterRegistry registry) {
        this.topic = topic;
        this.producer = producer;
        this.registry = registry;
    }

    /**
     * Sends one dead letter; the caller waits for the returned acknowledgement before committing.
     *
     * @param attempts     attempts made at the record, at least 1
     * @param firstAttempt when the first of them began
     */
    Future<RecordMetadata> publish(ConsumerRecord<byte[], byte[]> failed, ReasonCode reason, Throwable error,
                                   String batchId, int attempts, Instant firstAttempt) {
        long now = System.currentTimeMillis();
        DeadLetter context = DeadLetter.of(failed, Stage.SINK, reason, FailureKind.PERMANENT, error, now)
                .withAttempts(attempts, Math.min(firstAttempt.toEpochMilli(), now)).withBatchId(batchId);
        LOG.warn("Dead-lettering {}-{}@{} ({}, batch {}): {}", failed.topic(), failed.partition(), failed.offset(),
                reason, batchId, error == null ? "" : error.getMessage());
        Counter.builder(SinkMeters.DEAD_LETTERS).tag("reason", reason.name())
                .description("Upload requests dead-lettered, by reason code").register(registry).increment();
        return producer.send(DeadLetters.deadLetter(topic, failed, context));
    }
}
