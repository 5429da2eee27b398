package dev.photopipe.expiry.topology;

import dev.photopipe.schemas.ExpiryEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The expiry service's meters, summed over the tasks (partitions) of this instance. Thread-safe:
 * each stream thread reports its own tasks.
 */
public final class ExpiryMeters {
    /** Counter of ExpiryNotices sent. */
    public static final String NOTICES = "photopipe.expiry.notices";
    /** Counter of expiries dealt with, tagged {@code event}: ARCHIVED, DELETED, EXPIRED_NO_ACTION, ALREADY_GONE. */
    public static final String ACTIONS = "photopipe.expiry.actions";
    /** Gauge of expiries waiting for their time (or for Piwigo) on this instance. */
    public static final String PENDING = "photopipe.expiry.pending";

    private final MeterRegistry registry;
    private final Counter notices;
    private final Map<String, Long> pendingByTask = new ConcurrentHashMap<>();

    public ExpiryMeters(MeterRegistry registry) {
        this.registry = registry;
        this.notices = Counter.builder(NOTICES).description("expiry notices sent, one per photo and expiry")
                .register(registry);
        Gauge.builder(PENDING, pendingByTask, ExpiryMeters::sum)
                .description("expiries waiting for their time on this instance").register(registry);
    }

    private static double sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Expiries pending on this instance now. */
    public long pending() {
        return (long) sum(pendingByTask);
    }

    void noticeSent() {
        notices.increment();
    }

    void acted(ExpiryEvent event) {
        Counter.builder(ACTIONS).description("expiries dealt with, by audit event").tag("event", event.name())
                .register(registry).increment();
    }

    void pending(String task, long count) {
        pendingByTask.put(task, count);
    }

    void pendingChanged(String task, long delta) {
        pendingByTask.merge(task, delta, Long::sum);
    }

    void forget(String task) {
        pendingByTask.remove(task);
    }
}
