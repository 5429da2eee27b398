package dev.photopipe.expiry.topology;

import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.serde.AvroSerdes;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link PhotoState} as bytes: a format version, then the ledger entry and the change as
 * single-object encoded Avro (each length-prefixed, -1 for none, so that their own schema
 * evolution is read as on the topics), then the two expiry marks (a presence byte and a long
 * each).
 */
final class PhotoStateSerde implements Serde<PhotoState> {
    private static final byte VERSION = 1;
    /** Single-object encoding: no registry round trip per store write, older schemas still read. */
    private final Serde<UploadOutcome> outcomes = AvroSerdes.forClass(UploadOutcome.class, Map.of());
    private final Serde<ExpiryChange> changes = AvroSerdes.forClass(ExpiryChange.class, Map.of());

    @Override
    public Serializer<PhotoState> serializer() {
        return (topic, state) -> {
            if (state == null) {
                return null;
            }
            byte[] ledger = state.ledger() == null ? null : outcomes.serializer().serialize(topic, state.ledger());
            byte[] change = state.change() == null ? null : changes.serializer().serialize(topic, state.change());
            ByteBuffer out = ByteBuffer.allocate(1 + 4 + length(ledger) + 4 + length(change) + 2 * 9);
            out.put(VERSION);
            putBytes(out, ledger);
            putBytes(out, change);
            putMark(out, state.noticed());
            putMark(out, state.done());
            return out.array();
        };
    }

    @Override
    public Deserializer<PhotoState> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(data);
            byte version = in.get();
            if (version != VERSION) {
                throw new SerializationException("expiry photo state of format " + version + ", this version reads "
                        + VERSION + ": delete the expiry state directory to rebuild it from the topics");
            }
            byte[] ledger = getBytes(in);
            byte[] change = getBytes(in);
            return new PhotoState(ledger == null ? null : outcomes.deserializer().deserialize(topic, ledger),
                    change == null ? null : changes.deserializer().deserialize(topic, change), getMark(in), getMark(in));
        };
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static void putBytes(ByteBuffer out, byte[] bytes) {
        out.putInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.put(bytes);
        }
    }

    private static byte[] getBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static void putMark(ByteBuffer out, Long mark) {
        out.put((byte) (mark == null ? 0 : 1));
        out.putLong(mark == null ? 0 : mark);
    }

    private static Long getMark(ByteBuffer in) {
        boolean present = in.get() == 1;
        long value = in.getLong();
        return present ? value : null;
    }
}
