package dev.photopipe.schemas.deadletter;

import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds photopipe's dead-letter context ({@link DeadLetterHeaders}: source coordinates, stage,
 * stable reason, batch) to the records Kafka Streams' own dead-letter queue (KIP-1034,
 * {@code errors.dead.letter.queue.topic.name}) produces in an exception handler, next to Streams'
 * {@code __streams.errors.*} headers. The records keep the failed input's original bytes. Without
 * these headers photopipe's tools (status, find, the views, replay) do not see the letter.
 *
 * <p>Why here, without a Kafka Streams type: two Streams services (enrich-stream, expiry-stream)
 * dead-letter this way and neither depends on the other; schemas is the module they share and stays
 * free of Kafka Streams (see SchemasArchitectureTest). So each service's handler is a thin
 * adapter that passes the {@code ErrorHandlerContext}'s coordinates in as a {@link FailedInput}.
 *
 * <p>Every letter is {@link FailureKind#PERMANENT}: the same record fails the same way on every
 * attempt; only a changed rule or a fixed record gets it through. Immutable; thread-safe.
 */
public final class DeadLetterQueueContext {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueueContext.class);

    /**
     * Where the failed input was read and which processor failed on it.
     *
     * @param processorNodeId the failing processor, or null (deserialisation happens before any)
     */
    public record FailedInput(String topic, int partition, long offset, String processorNodeId) {
        public FailedInput {
            Objects.requireNonNull(topic, "topic");
        }

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    private final Stage stage;
    private final String service;

    /**
     * @param stage   the stage every letter of this service carries
     * @param service the service's name as its log lines say it, e.g. {@code expiry-stream}
     */
    public DeadLetterQueueContext(Stage stage, String service) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Writes the context into each of {@code records}' headers and logs one WARN line naming the
     * photo (else the input's topic-partition@offset), the batch and the reason; the stack trace at
     * DEBUG (Streams' own handler logs one per record at ERROR already).
     *
     * @param records the handler response's dead-letter records; null or empty: nothing is done
     * @param batchId the photo's batch when the input was read, else null
     * @param photoId the photo when the input was read, else null
     * @return the context written, or null when there was no record to write it to
     */
    public DeadLetter addContext(List<ProducerRecord<byte[], byte[]>> records, FailedInput input, ReasonCode reason,
                                 Throwable error, String batchId, String photoId) {
        if (records == null || records.isEmpty()) {
            return null;
        }
        long now = System.currentTimeMillis();
        String where = input.processorNodeId() == null ? "" : "processor " + input.processorNodeId() + ": ";
        DeadLetter letter = new DeadLetter(input.topic(), input.partition(), input.offset(), stage, reason,
                FailureKind.PERMANENT, error.getClass().getName(), where + error.getMessage(), 1, now, now, batchId);
        for (ProducerRecord<byte[], byte[]> record : records) {
            letter.toHeaders(record.headers());
        }
        LOG.warn("{} dead-lettered {}{} [{}]: {}", service, photoId == null ? "a record of " + input : "photo " + photoId,
                batchId == null ? "" : " of batch " + batchId, reason, error.getMessage());
        LOG.debug("{} dead-lettered a record at {}", service, input, error);
        return letter;
    }
}
