package dev.photopipe.schemas.serde;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be serialized or deserialized. The {@link Reason} is stable (safe for
 * metrics, alerts and dead-letter reason codes); the message names the topic, the problem and
 * how to fix it. A consumer wraps it in {@link org.apache.kafka.common.errors.RecordDeserializationException},
 * which adds partition and offset; {@link SerdeErrors#describe(Throwable)} makes one line of both.
 */
public class PhotopipeSerdeException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** Why; stable names. */
    public enum Reason {
        /** The first byte is neither 0x00 (Confluent wire format) nor 0xC3 0x01 (Avro single-object). */
        UNKNOWN_MAGIC_BYTE,
        /** Confluent wire format with a schema id the registry does not know. */
        UNKNOWN_SCHEMA_ID,
        /** Single-object encoding with a fingerprint of no schema version built into this module. */
        UNKNOWN_FINGERPRINT,
        /** The bytes are empty, truncated, carry trailing bytes, or do not decode under their schema. */
        CORRUPT_PAYLOAD,
        /** The record's type is not the one this deserializer is configured for, or has no generated class. */
        SCHEMA_MISMATCH,
        /** Confluent wire format read, or a registry needed, without {@code schema.registry.url}. */
        REGISTRY_NOT_CONFIGURED,
        /** The registry could not be reached after the bounded retries. */
        REGISTRY_UNAVAILABLE,
        /** The registry refused the schema (incompatible) or the call (permanent 4xx). */
        REGISTRY_REJECTED,
        /** The record does not satisfy its own schema (e.g. a required field is null). */
        INVALID_RECORD,
        /** The serializer's schema is not registered and auto-registration is off, or not snapshotted in the history. */
        SCHEMA_NOT_REGISTERED
    }

    private final Reason reason;
    private final String topic;

    public PhotopipeSerdeException(Reason reason, String topic, String problemAndFix, Throwable cause) {
        super("[" + reason + "] topic '" + topic + "': " + problemAndFix, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.topic = topic;
    }

    public Reason reason() {
        return reason;
    }

    /** The topic of the record, as the client passed it (may be null for topic-less calls). */
    public String topic() {
        return topic;
    }
}
