package dev.photopipe.enrich.errors;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The project's headers on enrich-stream's dead letters, added next to the Streams ones
 * ({@code __streams.errors.*}: exception, message, stack trace, source topic/partition/offset).
 * Kept in this one class so that the shared header constants can replace them in one place.
 * Values are UTF-8 strings.
 */
public final class DeadLetterHeaders {
    /** Why the record was dead-lettered: one of {@link Reason}. */
    public static final String REASON = "photopipe.dlq.reason";
    /** The service that dead-lettered it. */
    public static final String SERVICE = "photopipe.dlq.service";
    /** A one-line, human-readable explanation. */
    public static final String DETAIL = "photopipe.dlq.detail";
    /** The Streams processor node that failed, when known. */
    public static final String PROCESSOR = "photopipe.dlq.processor";

    public static final String SERVICE_NAME = "enrich-stream";

    /** Reasons enrich-stream dead-letters a record. */
    public enum Reason {
        /** The value (or key) could not be read. */
        DESERIALIZATION_FAILED,
        /** No rule matched and there is no default or fallback album. */
        UNROUTABLE,
        /** A template referenced a variable the photo does not have. */
        TEMPLATE_VARIABLE_MISSING,
        /** A rendered album name was empty once sanitised. */
        INVALID_ALBUM_PATH,
        /** Any other exception while processing. */
        PROCESSING_FAILED,
        /** The result could not be serialised or written. */
        PRODUCTION_FAILED
    }

    private DeadLetterHeaders() {
    }

    /** Adds the project's headers to each record (records are the handlers' own, so mutable). */
    static void addTo(List<ProducerRecord<byte[], byte[]>> records, Reason reason, String detail,
                      String processor) {
        if (records == null) {
            return;
        }
        for (ProducerRecord<byte[], byte[]> record : records) {
            Headers headers = record.headers();
            put(headers, REASON, reason.name());
            put(headers, SERVICE, SERVICE_NAME);
            put(headers, DETAIL, detail == null ? "" : detail);
            if (processor != null) {
                put(headers, PROCESSOR, processor);
            }
        }
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
