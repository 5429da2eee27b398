package dev.photopipe.sink.source;

/**
 * Bytes the spool may hold at once: a photo waits until its size fits; one larger than the whole
 * bound waits until the spool is empty and then goes alone. Thread-safe.
 */
final class SpoolRoom {
    private final long maxBytes;
    private long used;

    SpoolRoom(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized void take(long bytes) throws InterruptedException {
        while (used > 0 && used + bytes > maxBytes) {
            wait();
        }
        used += bytes;
    }

    synchronized void give(long bytes) {
        used -= bytes;
        notifyAll();
    }

    synchronized long used() {
        return used;
    }
}
