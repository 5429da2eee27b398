package dev.photopipe.ops.views.topology;

import dev.photopipe.ops.views.model.Letter;
import dev.photopipe.schemas.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a dead letter's context from its headers and re-keys it by its letter id
 * ({@code <partition>-<offset>} in the dead-letter topic, the key of its mark and resolution).
 * Records without photopipe's headers are skipped: they were not written by photopipe.
 */
final class LetterReader implements Processor<byte[], byte[], String, LetterEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(LetterReader.class);

    private ProcessorContext<String, LetterEvent> context;

    @Override
    public void init(ProcessorContext<String, LetterEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata at = context.recordMetadata().orElseThrow();
        DeadLetter letter;
        try {
            letter = DeadLetter.fromHeaders(record.headers());
        } catch (IllegalArgumentException notOurs) {
            LOG.debug("Skipping {}-{}@{}: no photopipe dead-letter headers ({})", at.topic(), at.partition(),
                    at.offset(), notOurs.getMessage());
            return;
        }
        String letterId = letterId(at.partition(), at.offset());
        String subject = record.key() == null ? "letter:" + letterId : new String(record.key(), StandardCharsets.UTF_8);
        Letter read = new Letter(letterId, subject, letter.sourceTopic(), letter.stage().headerValue(),
                letter.reason().name(), letter.message(), letter.lastFailureTimeMs(), letter.batchId(), letter.attempts(),
                null, null);
        context.forward(new Record<>(letterId, LetterEvent.read(read), record.timestamp()));
    }

    /** The letter id of the record at {@code partition}/{@code offset} of the dead-letter topic (as LetterMarks keys it). */
    static String letterId(int partition, long offset) {
        return partition + "-" + offset;
    }
}
