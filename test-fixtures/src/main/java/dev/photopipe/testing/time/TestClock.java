package dev.photopipe.testing.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it: for code that reads "now" from an injected
 * {@link Clock} (e.g. the expiry service's checks). Thread-safe: the code under test reads it on
 * its own threads while the test sets it.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public TestClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Moves the clock forward (or back, with a negative amount). */
    public void advance(Duration amount) {
        now.updateAndGet(t -> t.plus(amount));
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same moving time, seen in another zone. */
    @Override
    public Clock withZone(ZoneId other) {
        return new TestClock(now, other);
    }
}
