package dev.photopipe.sink.consume;

import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.DeadLetters;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import java.time.Instant;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;

/**
 * Where the sink sends a record it gives up on: photopipe's dead-letter topic for the standalone
 * sink ({@link #topic}), Kafka Connect's {@code ErrantRecordReporter} for the connector. Either way
 * the letter carries photopipe's {@code __photopipe.errors.*} context ({@link Letter#context}).
 *
 * <p>Thread-safety: implementations must be thread-safe; {@link #send} is called from the
 * sink's recorder thread.
 */
public interface DeadLetterQueue {

    /**
     * One dead letter to send.
     *
     * @param attempts     attempts made at the record, at least 1
     * @param firstAttempt when the first of them began
     * @param batchId      the photo's batch id, null when unknown (an undecodable record)
     */
    record Letter(SinkRecord record, ReasonCode reason, FailureKind kind, Throwable error, String batchId,
                  int attempts, Instant firstAttempt) {

        /** The context photopipe's dead-letter headers carry, the last failure at {@code nowMs}. */
        public DeadLetter context(long nowMs) {
            return DeadLetter.of(record.asConsumerRecord(), Stage.SINK, reason, kind, error, nowMs)
                    .withAttempts(attempts, Math.min(firstAttempt.toEpochMilli(), nowMs))
                    .withBatchId(batchId);
        }
    }

    /**
     * Sends one dead letter. The returned future completes once the letter is durable: the sink
     * counts the record done (and lets its offset be committed) only then.
     *
     * @throws RuntimeException the letter cannot be sent at all; the sink then stops, leaving the
     *     record uncommitted
     */
    Future<?> send(Letter letter);

    /**
     * photopipe's dead-letter topic: the record's key and value bytes untouched, its headers plus
     * the context, through {@code producer} (idempotent, acks=all; not closed here).
     */
    static DeadLetterQueue topic(String topic, Producer<byte[], byte[]> producer) {
        return letter -> producer.send(DeadLetters.deadLetter(topic, letter.record().asConsumerRecord(),
                letter.context(System.currentTimeMillis())));
    }
}
