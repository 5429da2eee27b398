package dev.photopipe.sink.piwigo;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The largest upload chunk this server takes, learned from its refusals. PHP refuses a request
 * larger than {@code post_max_size} (the body is dropped: Piwigo answers err 1002, parameters
 * missing) or a file larger than {@code upload_max_filesize} (no file: Piwigo answers err 500
 * "MD5 checksum chunk file mismatched"), and a proxy in front answers HTTP 413. None of these
 * limits can be read through the API, so the limit starts high and halves on such a refusal,
 * never below the server's chunk hint (500 KB by default), where a refusal is a real failure.
 * A size once accepted is never given up. Thread-safe: shared by the uploads of one client.
 */
final class ChunkLimit {
    private final AtomicLong limit;
    private final AtomicLong largestAccepted = new AtomicLong();
    private final boolean fixed;

    private ChunkLimit(long start, boolean fixed) {
        this.limit = new AtomicLong(start);
        this.fixed = fixed;
    }

    /** Learns, starting at {@code ceiling}. */
    static ChunkLimit learning(long ceiling) {
        return new ChunkLimit(ceiling, false);
    }

    /** Always {@code size} (configured by the user): nothing is learned. */
    static ChunkLimit fixed(long size) {
        return new ChunkLimit(size, true);
    }

    /** The chunk size to use now, at least {@code floor} (the server's hint). */
    long current(long floor) {
        return fixed ? limit.get() : Math.max(floor, limit.get());
    }

    void accepted(long chunkBytes) {
        largestAccepted.accumulateAndGet(chunkBytes, Math::max);
    }

    /**
     * A chunk of {@code chunkBytes} was refused with a symptom of a size limit.
     *
     * @return {@code true} when a smaller chunk is worth trying (the limit was lowered, or
     *         another upload lowered it meanwhile); {@code false} when the refusal cannot be
     *         about size (fixed size, at the floor, or a chunk this size passed before)
     */
    boolean refused(long chunkBytes, long floor) {
        if (fixed || chunkBytes <= floor || chunkBytes <= largestAccepted.get()) {
            return false;
        }
        long lower = Math.max(floor, Math.max(largestAccepted.get(), chunkBytes / 2));
        limit.accumulateAndGet(lower, Math::min);
        return true;
    }
}
