package dev.photopipe.enrich.errors;

import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds photopipe's dead-letter context ({@code __photopipe.errors.*}: source coordinates, stage
 * {@code enrich}, stable reason, batch) to the records Kafka Streams' own dead-letter queue
 * produces, next to Streams' {@code __streams.errors.*} headers. The records keep the failed
 * input's original bytes, so {@code photopipe replay} can re-publish them as they were.
 */
final class EnrichDeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichDeadLetters.class);

    private EnrichDeadLetters() {
    }

    /**
     * @param value the deserialized input when there is one (its batch id is recorded), else null
     */
    static void addContext(List<ProducerRecord<byte[], byte[]>> records, ErrorHandlerContext context,
                           ReasonCode reason, Exception exception, Object value) {
        if (records == null || records.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        String where = context.processorNodeId() == null ? "" : "processor " + context.processorNodeId() + ": ";
        String batchId = value instanceof PhotoCaptured photo ? photo.getBatchId() : null;
        // Permanent: the same record fails the same way on every attempt; only a changed rule or
        // a fixed record (then replayed) gets it through.
        DeadLetter letter = new DeadLetter(context.topic(), context.partition(), context.offset(), Stage.ENRICH, reason,
                FailureKind.PERMANENT, exception.getClass().getName(), where + exception.getMessage(), 1, now, now,
                batchId);
        for (ProducerRecord<byte[], byte[]> record : records) {
            letter.toHeaders(record.headers());
        }
        // One line per record, with the photo and the reason: Streams' own handler logs a stack
        // trace per record, which logback keeps to ERROR; the trace is here at DEBUG.
        String photo = value instanceof PhotoCaptured captured ? captured.getPhotoId() : null;
        LOG.warn("enrich-stream dead-lettered {}{} [{}]: {}", photo == null ? "a record of " + context.topic() + "-"
                + context.partition() + "@" + context.offset() : "photo " + photo, batchId == null ? "" : " of batch "
                + batchId, reason, exception.getMessage());
        LOG.debug("enrich-stream dead-lettered a record at {}-{}@{}", context.topic(), context.partition(),
                context.offset(), exception);
    }
}
