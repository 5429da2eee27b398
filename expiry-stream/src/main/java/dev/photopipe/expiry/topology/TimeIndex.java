package dev.photopipe.expiry.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the time index (store {@link ExpiryTopology#INDEX_STORE}): the expiry as 8 big-endian
 * bytes with the sign bit flipped (so that unsigned byte order, the store's order, is time order,
 * before 1970 too), then the photo id in UTF-8. A range scan from the start walks pending
 * expiries earliest first; photos expiring at the same millisecond come in photo id order.
 */
final class TimeIndex {
    private static final int TIME_BYTES = Long.BYTES;

    private TimeIndex() {
    }

    static Bytes key(Instant expiresAt, String photoId) {
        byte[] id = photoId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(TIME_BYTES + id.length)
                .putLong(expiresAt.toEpochMilli() ^ Long.MIN_VALUE).put(id).array());
    }

    static Instant expiresAt(Bytes key) {
        return Instant.ofEpochMilli(ByteBuffer.wrap(key.get()).getLong() ^ Long.MIN_VALUE);
    }

    static String photoId(Bytes key) {
        byte[] bytes = key.get();
        return new String(bytes, TIME_BYTES, bytes.length - TIME_BYTES, StandardCharsets.UTF_8);
    }
}
