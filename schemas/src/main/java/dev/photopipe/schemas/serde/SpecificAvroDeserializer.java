package dev.photopipe.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for generated Avro classes. Reads both formats whatever is configured: the
 * Confluent wire format (first byte 0x00; needs {@code schema.registry.url}) and Avro single-object
 * encoding (0xC3 0x01; resolved against every schema version built into this module).
 *
 * <p>Null bytes give null (tombstones). Anything unreadable throws {@link PhotopipeSerdeException}
 * with a stable reason, never a silent null; a consumer wraps it in
 * {@link org.apache.kafka.common.errors.RecordDeserializationException} with partition and offset.
 * Lifecycle and thread-safety as {@link SpecificAvroSerializer}.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final Class<T> type;
    private volatile AvroCodec codec;

    /** For configuration by class name ({@code specific.avro.value.type} picks the class, optional). */
    public SpecificAvroDeserializer() {
        this(null);
    }

    public SpecificAvroDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        codec = AvroCodec.configure(configs, isKey, type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        AvroCodec current = codec;
        if (current == null) {
            throw new IllegalStateException("SpecificAvroDeserializer used before configure(Map, boolean)");
        }
        return (T) current.decode(topic, data);
    }

    @Override
    public void close() {
        AvroCodec current = codec;
        if (current != null) {
            current.close();
        }
    }
}
