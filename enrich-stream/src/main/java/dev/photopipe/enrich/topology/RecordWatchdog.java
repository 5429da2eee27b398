package dev.photopipe.enrich.topology;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Notices a stream thread stuck on one record: the processor marks the start and end of each
 * record, and {@link #stuck()} names a thread busy with one record for longer than the limit.
 * Kafka Streams itself cannot tell: a thread inside {@code process()} neither polls nor fails, so
 * the client stays RUNNING while every later record of its partitions waits. enrich-stream's
 * readiness reports it instead (routing is linear-time; this covers whatever else could stall).
 *
 * <p>Cost per record: two volatile writes on a slot the thread owns. Thread-safe: stream threads
 * mark, any thread (the health check) reads.
 */
public final class RecordWatchdog {
    private final long limitNanos;
    private final Duration limit;
    private final String setting;
    private final LongSupplier nanoClock;
    private final Map<Thread, Slot> slots = new ConcurrentHashMap<>();
    private final ThreadLocal<Slot> own = ThreadLocal.withInitial(this::register);

    /**
     * @param limit how long one record may take before the thread counts as stuck
     * @param setting the setting holding the limit, named in the reason
     * @param nanoClock {@link System#nanoTime()} outside tests
     */
    public RecordWatchdog(Duration limit, String setting, LongSupplier nanoClock) {
        this.limit = limit;
        this.limitNanos = limit.toNanos();
        this.setting = setting;
        this.nanoClock = nanoClock;
    }

    /** What one thread is busy with; written by that thread only. */
    private static final class Slot {
        volatile String photoId;
        volatile int partition;
        volatile long offset;
        /** When the record began, or 0 between records. Written last on begin, first on end. */
        volatile long since;
    }

    private Slot register() {
        Slot slot = new Slot();
        slots.put(Thread.currentThread(), slot);
        return slot;
    }

    /** The calling stream thread starts on a record. */
    void begin(String photoId, int partition, long offset) {
        Slot slot = own.get();
        slot.photoId = photoId;
        slot.partition = partition;
        slot.offset = offset;
        slot.since = Math.max(1, nanoClock.getAsLong());
    }

    /** The calling stream thread is done with its record, however it ended. */
    void end() {
        own.get().since = 0;
    }

    /** Why enrich-stream is not ready: a thread busy with one record beyond the limit; empty otherwise. */
    public Optional<String> stuck() {
        long now = nanoClock.getAsLong();
        for (Map.Entry<Thread, Slot> entry : slots.entrySet()) {
            Thread thread = entry.getKey();
            if (!thread.isAlive()) {
                slots.remove(thread); // a replaced stream thread
                continue;
            }
            Slot slot = entry.getValue();
            long since = slot.since;
            if (since != 0 && now - since > limitNanos) {
                return Optional.of("stream thread " + thread.getName() + " has been processing photo " + slot.photoId
                        + " (partition " + slot.partition + ", offset " + slot.offset + ") for "
                        + Duration.ofNanos(now - since).toSeconds() + " s, longer than " + setting + " ("
                        + limit.toMillis() + " ms); later photos of its partitions wait. A thread dump shows where it is");
            }
        }
        return Optional.empty();
    }
}
