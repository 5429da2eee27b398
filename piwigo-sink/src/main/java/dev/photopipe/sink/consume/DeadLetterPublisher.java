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
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends failed records, bytes untouched, to the dead-letter topic. Thread-safe. */
final class DeadLetterPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

    /**
     * One dead letter to send.
     *
     * @param attempts     attempts made at the record, at least 1
     * @param firstAttempt when the first of them began
     * @param batchId      the photo's batch id, null when unknown (an undecodable record)
     */
    record Letter(SinkRecord record, ReasonCode reason, FailureKind kind, Throwable error, String batchId,
                  int attempts, Instant firstAttempt) {
    }

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final MeterRegistry registry;

    DeadLetterPublisher(String topic, Producer<byte[], byte[]> producer, MeterRegistry registry) {
        this.topic = topic;
        this.producer = producer;
        this.registry = registry;
    }

    /** Sends one dead letter; the caller waits for the returned acknowledgement before committing. */
    Future<RecordMetadata> publish(Letter letter) {
        long now = System.currentTimeMillis();
        SinkRecord failed = letter.record();
        DeadLetter context = DeadLetter.of(failed.asConsumerRecord(), Stage.SINK, letter.reason(), letter.kind(),
                        letter.error(), now)
                .withAttempts(letter.attempts(), Math.min(letter.firstAttempt().toEpochMilli(), now))
                .withBatchId(letter.batchId());
        LOG.warn("Dead-lettering {}-{}@{} ({}, batch {}): {}", failed.topic(), failed.partition(), failed.offset(),
                letter.reason(), letter.batchId(), letter.error() == null ? "" : letter.error().getMessage());
        Counter.builder(SinkMeters.DEAD_LETTERS).tag("reason", letter.reason().name())
                .description("Upload requests dead-lettered, by reason code").register(registry).increment();
        return producer.send(DeadLetters.deadLetter(topic, failed.asConsumerRecord(), context));
    }
}
