package dev.photopipe.sink.upload;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per key, held only while someone uses it, so the map does not grow with every md5
 * ever seen. Thread-safe.
 */
final class KeyedLocks {
    private static final class Holder {
        final ReentrantLock lock = new ReentrantLock();
        int users; // changed only inside ConcurrentHashMap.compute, which is atomic per key
    }

    private final ConcurrentHashMap<String, Holder> holders = new ConcurrentHashMap<>();

    <T> T withLock(String key, Supplier<T> work) {
        Holder holder = holders.compute(key, (k, h) -> {
            Holder held = h == null ? new Holder() : h;
            held.users++;
            return held;
        });
        holder.lock.lock();
        try {
            return work.get();
        } finally {
            holder.lock.unlock();
            holders.computeIfPresent(key, (k, h) -> --h.users == 0 ? null : h);
        }
    }

    int size() {
        return holders.size();
    }
}
