package dev.photopipe.piwigo.emulator;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fault injection for one {@link PiwigoEmulator}. Thread-safe; every setting takes effect for
 * the next request that reaches the server, and {@link #clear()} removes them all.
 */
public final class Faults {
    private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger failNextCount = new AtomicInteger();
    private final AtomicInteger failNextStatus = new AtomicInteger(503);
    private final AtomicLong unavailableUntilNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean unavailable = new AtomicBoolean();
    private final Map<String, AtomicInteger> dropOccurrence = new ConcurrentHashMap<>();
    private final AtomicReference<Duration> createServiceTime = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Duration> stallAfterCreate = new AtomicReference<>();
    private final AtomicBoolean noise = new AtomicBoolean();
    private final AtomicBoolean okAsHttp500 = new AtomicBoolean();

    /** Every request waits this long before it is handled. */
    public Faults latency(Duration delay) {
        latency.set(delay);
        return this;
    }

    /** The next {@code n} requests answer {@code httpStatus} with an HTML body (no Piwigo verdict). */
    public Faults failNext(int n, int httpStatus) {
        failNextStatus.set(httpStatus);
        failNextCount.set(n);
        return this;
    }

    /** Every request answers 503 (HTML, no JSON) during {@code window} from now. */
    public Faults unavailableFor(Duration window) {
        unavailableUntilNanos.set(System.nanoTime() + window.toNanos());
        unavailable.set(true);
        return this;
    }

    /**
     * Every request that creates an image (the merging uploadAsync chunk or {@code pwg.images.add})
     * keeps its worker this much longer before answering, as Piwigo's merge, md5, EXIF and
     * thumbnail work does: a fixed per-upload service time for throughput measurements. Unlike
     * {@link #latency}, the other requests stay fast.
     */
    public Faults createServiceTime(Duration time) {
        createServiceTime.set(time);
        return this;
    }

    /**
     * The {@code occurrence}-th (1-based) next request for {@code method} has its connection
     * closed while its body is being read: the client sees an I/O error and nothing is stored.
     */
    public Faults dropConnection(String method, int occurrence) {
        dropOccurrence.put(method, new AtomicInteger(occurrence));
        return this;
    }

    /**
     * The next request that creates an image (the merging uploadAsync chunk or
     * {@code pwg.images.add}) creates it, then holds its answer back for {@code stall}: set it
     * longer than the client's timeout to reproduce "timed out, but the image exists".
     */
    public Faults stallAfterCreate(Duration stall) {
        stallAfterCreate.set(stall);
        return this;
    }

    /** Print a PHP warning as HTML before every JSON answer, like a stock PHP configuration. */
    public Faults phpNoise(boolean on) {
        noise.set(on);
        return this;
    }

    /** Answer every successful call with HTTP 500 and a {@code stat:ok} body, as some Piwigo calls do. */
    public Faults okAsHttp500(boolean on) {
        okAsHttp500.set(on);
        return this;
    }

    /** Removes every fault. */
    public Faults clear() {
        latency.set(Duration.ZERO);
        failNextCount.set(0);
        unavailable.set(false);
        dropOccurrence.clear();
        stallAfterCreate.set(null);
        createServiceTime.set(Duration.ZERO);
        noise.set(false);
        okAsHttp500.set(false);
        return this;
    }

    // ---- used by the handler ------------------------------------------------------------------

    Duration latency() {
        return latency.get();
    }

    /** The status to fail this request with, or 0 to handle it. */
    int failureStatus() {
        if (unavailable.get() && System.nanoTime() - unavailableUntilNanos.get() < 0) {
            return 503;
        }
        int left = failNextCount.getAndUpdate(n -> n > 0 ? n - 1 : 0);
        return left > 0 ? failNextStatus.get() : 0;
    }

    boolean dropThis(String method) {
        AtomicInteger countdown = dropOccurrence.get(method);
        return countdown != null && countdown.getAndDecrement() == 1;
    }

    Duration createServiceTime() {
        return createServiceTime.get();
    }

    Duration takeStallAfterCreate() {
        return stallAfterCreate.getAndSet(null);
    }

    boolean noise() {
        return noise.get();
    }

    boolean okAsHttp500() {
        return okAsHttp500.get();
    }
}
