package dev.photopipe.sink.consume;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How many {@code upload()} calls may run at once: a fixed number, or an adaptive limit (Netflix
 * concurrency-limits' Gradient2, driven by upload latency) between 1 and a cap. Gradient2 compares
 * the recent average latency with the long-term one, so photos of different sizes average out;
 * when Piwigo queues work (latency grows past the tolerance) the limit falls, otherwise it climbs
 * by one per sample until the cap. Thread-safe.
 */
final class InFlightLimit {
    /** What an admitted upload reports back, exactly once. */
    interface Permit {
        /** Finished normally: its latency is a sample of Piwigo's load. */
        void succeeded();

        /** Finished in a way that says nothing of Piwigo's load (an exist-only check, a bad record). */
        void ignored();

        /** Piwigo did not cope (timeouts, 5xx after the client's retries): a sign of overload. */
        void dropped();
    }

    private final SimpleLimiter<Void> limiter;
    private final Limit limit;
    private final int cap;

    private InFlightLimit(Limit limit, int cap, LongSupplier nanoClock) {
        this.limit = limit;
        this.cap = cap;
        this.limiter = SimpleLimiter.newBuilder().named("piwigo-sink-uploads").limit(limit).nanoClock(nanoClock)
                .build();
    }

    static InFlightLimit fixed(int n) {
        return new InFlightLimit(FixedLimit.of(n), n, System::nanoTime);
    }

    /** Starts at {@code min(4, cap)} and never leaves [1, cap]. */
    static InFlightLimit adaptive(int cap) {
        return adaptive(cap, System::nanoTime);
    }

    /** As {@link #adaptive(int)}, latencies measured on {@code nanoClock} (tests drive it by hand). */
    static InFlightLimit adaptive(int cap, LongSupplier nanoClock) {
        return new InFlightLimit(Gradient2Limit.newBuilder()
                .initialLimit(Math.min(4, cap)).minLimit(1).maxConcurrency(cap)
                // Headroom added to the estimate: one upload, not the library's default of 4
                // (with a cap near Piwigo's worker count, 4 would keep the limit at the cap).
                .queueSize(1)
                .build(), cap, nanoClock);
    }

    /** An admission, or empty when the limit is reached. */
    Optional<Permit> tryAcquire() {
        Optional<Limiter.Listener> listener = limiter.acquire(null);
        return listener.map(l -> new Permit() {
            @Override
            public void succeeded() {
                l.onSuccess();
            }

            @Override
            public void ignored() {
                l.onIgnore();
            }

            @Override
            public void dropped() {
                l.onDropped();
            }
        });
    }

    /** The limit now. */
    int limit() {
        return Math.min(cap, limit.getLimit());
    }

    int inFlight() {
        return limiter.getInflight();
    }

    /** The highest the limit can be: the threads to have ready. */
    int cap() {
        return cap;
    }
}
