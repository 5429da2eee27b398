package dev.photopipe.enrich.status;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What enrich-stream saw of one batch. Every captured event ends in exactly one of the other
 * counters, so {@code captured == duplicates + routed + unroutable + failed}.
 *
 * @param captured   events read, duplicates included
 * @param duplicates events dropped because the photo id was seen within the retention
 * @param routed     upload requests written
 * @param unroutable events dead-lettered with reason UNROUTABLE
 * @param failed     events dead-lettered for any other processing error (e.g. a missing template variable)
 */
public record BatchCounts(long captured, long duplicates, long routed, long unroutable, long failed) {
    public static final BatchCounts ZERO = new BatchCounts(0, 0, 0, 0, 0);
    private static final int SIZE = 5 * Long.BYTES;

    public BatchCounts plus(BatchCounts other) {
        return new BatchCounts(captured + other.captured, duplicates + other.duplicates,
                routed + other.routed, unroutable + other.unroutable, failed + other.failed);
    }

    public BatchCounts withCaptured() {
        return new BatchCounts(captured + 1, duplicates, routed, unroutable, failed);
    }

    public BatchCounts withDuplicate() {
        return new BatchCounts(captured, duplicates + 1, routed, unroutable, failed);
    }

    public BatchCounts withRouted() {
        return new BatchCounts(captured, duplicates, routed + 1, unroutable, failed);
    }

    public BatchCounts withUnroutable() {
        return new BatchCounts(captured, duplicates, routed, unroutable + 1, failed);
    }

    public BatchCounts withFailed() {
        return new BatchCounts(captured, duplicates, routed, unroutable, failed + 1);
    }

    /**
     * The store's value format: five big-endian longs. Internal to the counts store and its
     * changelog, so it needs no schema; a new counter means a new store name.
     */
    public static Serde<BatchCounts> serde() {
        Serializer<BatchCounts> serializer = (topic, counts) -> counts == null ? null
                : ByteBuffer.allocate(SIZE).putLong(counts.captured).putLong(counts.duplicates)
                        .putLong(counts.routed).putLong(counts.unroutable).putLong(counts.failed).array();
        Deserializer<BatchCounts> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != SIZE) {
                throw new SerializationException("batch counts need " + SIZE + " bytes, got " + bytes.length);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new BatchCounts(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong(),
                    buffer.getLong());
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
