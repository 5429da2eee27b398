package dev.photopipe.sink.ledger;

import dev.photopipe.schemas.UploadOutcome;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ledger values to outcomes, tolerant of bad bytes: both stores decode through it. */
final class OutcomeDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeDecoder.class);

    private final String topic;
    private final Deserializer<UploadOutcome> deserializer;

    OutcomeDecoder(String topic, Deserializer<UploadOutcome> deserializer) {
        this.topic = topic;
        this.deserializer = deserializer;
    }

    /**
     * The outcome, or null when the bytes do not decode. An unreadable entry only costs an exist
     * check: pwg.images.exist still prevents a second image. Never stop a rebuild for it.
     */
    UploadOutcome decode(String photoId, int partition, byte[] value) {
        try {
            return deserializer.deserialize(topic, value);
        } catch (RuntimeException e) {
            LOG.warn("Ledger entry {} in {}-{} unreadable, ignored: {}", photoId, topic, partition, e.toString());
            return null;
        }
    }
}
