package dev.photopipe.ops.page;

import dev.photopipe.ops.status.StatusReport;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The latest {@link StatusReport}, taken again only when older than {@code maxAge}. Every taking
 * scans four topics from the beginning, so several open pages (each polling every few seconds)
 * must share one scan instead of each starting their own.
 *
 * <p>Thread-safe: callers arriving while a scan runs wait for it and get its result (one scan at
 * a time; the collector is not thread-safe either).
 */
final class CachedStatus {
    /** Takes one report; {@code StatusCollector::collect}. */
    @FunctionalInterface
    interface Source {
        StatusReport collect() throws InterruptedException;
    }

    private final Source source;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private StatusReport report;
    private long takenAtNanos;

    /** @param nanoTime {@code System::nanoTime}; tests pass their own */
    CachedStatus(Source source, Duration maxAge, LongSupplier nanoTime) {
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    synchronized StatusReport get() throws InterruptedException {
        if (report == null || nanoTime.getAsLong() - takenAtNanos >= maxAgeNanos) {
            report = source.collect();
            // Aged from the end of the scan: a scan slower than maxAge must not make every request rescan.
            takenAtNanos = nanoTime.getAsLong();
        }
        return report;
    }

    /** Forgets the report, e.g. after a replay changed the counts the page shows. */
    synchronized void invalidate() {
        report = null;
    }
}
