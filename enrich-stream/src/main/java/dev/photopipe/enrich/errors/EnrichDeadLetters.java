package dev.photopipe.enrich.errors;

import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.deadletter.DeadLetterQueueContext;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Adds photopipe's dead-letter context with stage {@code enrich} to the records Kafka Streams' own
 * dead-letter queue produces ({@link DeadLetterQueueContext}, shared with the expiry service), so
 * that {@code photopipe replay} can re-publish them as they were.
 */
final class EnrichDeadLetters {
    private static final DeadLetterQueueContext CONTEXT = new DeadLetterQueueContext(Stage.ENRICH, "enrich-stream");

    private EnrichDeadLetters() {
    }

    /**
     * @param value the deserialized input when there is one (its photo and batch are recorded), else null
     */
    static void addContext(List<ProducerRecord<byte[], byte[]>> records, ErrorHandlerContext context,
                           ReasonCode reason, Exception exception, Object value) {
        PhotoCaptured photo = value instanceof PhotoCaptured captured ? captured : null;
        CONTEXT.addContext(records, new DeadLetterQueueContext.FailedInput(context.topic(), context.partition(),
                        context.offset(), context.processorNodeId()), reason, exception,
                photo == null ? null : photo.getBatchId(), photo == null ? null : photo.getPhotoId());
    }
}
