package dev.photopipe.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for generated Avro classes: the Confluent wire format when
 * {@code schema.registry.url} is set (subject {@code <topic>-value} or {@code <topic>-key}),
 * Avro single-object encoding otherwise. See {@link AvroSerdeConfig} for settings.
 *
 * <p>Lifecycle: {@link #configure(Map, boolean)} once (Kafka does it when the serializer is
 * configured by class name; call it yourself for an instance), then {@link #serialize} from any
 * number of threads, then {@link #close()}. A null record serializes to null (a tombstone).
 * Failures throw {@link PhotopipeSerdeException}.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private final Class<T> type;
    private volatile AvroCodec codec;

    /** For configuration by class name. */
    public SpecificAvroSerializer() {
        this(null);
    }

    public SpecificAvroSerializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        codec = AvroCodec.configure(configs, isKey, type);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        AvroCodec current = codec;
        if (current == null) {
            throw new IllegalStateException("SpecificAvroSerializer used before configure(Map, boolean)");
        }
        return current.encode(topic, data);
    }

    @Override
    public void close() {
        AvroCodec current = codec;
        if (current != null) {
            current.close();
        }
    }
}
