package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void aFixedLimitAdmitsExactlyThatManyUntilOneFinishes() {
        InFlightLimit limit = InFlightLimit.fixed(3);
        List<InFlightLimit.Permit> held = acquire(limit, 3);
        assertThat(limit.tryAcquire()).isEmpty();
        held.get(0).succeeded();
        assertThat(limit.tryAcquire()).isPresent();
        assertThat(limit.limit()).isEqualTo(3);
    }

    @Test
    void theAdaptiveLimitClimbsToItsCapWhileLatencyHoldsAndNeverPassesIt() {
        InFlightLimit limit = InFlightLimit.adaptive(6, nanos::get);
        for (int round = 0; round < 200; round++) {
            rounds(limit, 100_000_000L); // 100 ms per upload, whatever the concurrency
            assertThat(limit.limit()).isBetween(1, 6);
        }
        assertThat(limit.limit()).isEqualTo(6);
    }

    @Test
    void theAdaptiveLimitFallsWhenPiwigoQueuesTheUploads() {
        InFlightLimit limit = InFlightLimit.adaptive(6, nanos::get);
        for (int round = 0; round < 200; round++) {
            rounds(limit, 100_000_000L);
        }
        int before = limit.limit();
        // Past the knee: each upload now takes five times as long.
        for (int round = 0; round < 30; round++) {
            rounds(limit, 500_000_000L);
        }
        assertThat(limit.limit()).isLessThan(before).isGreaterThanOrEqualTo(1);
    }

    /** Admits as many as the limit allows, lets the clock run {@code latency}, finishes them all. */
    private void rounds(InFlightLimit limit, long latency) {
        List<InFlightLimit.Permit> held = new ArrayList<>();
        Optional<InFlightLimit.Permit> permit;
        while ((permit = limit.tryAcquire()).isPresent()) {
            held.add(permit.get());
        }
        nanos.addAndGet(latency);
        held.forEach(InFlightLimit.Permit::succeeded);
    }

    private static List<InFlightLimit.Permit> acquire(InFlightLimit limit, int n) {
        List<InFlightLimit.Permit> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            held.add(limit.tryAcquire().orElseThrow());
        }
        return held;
    }
}
