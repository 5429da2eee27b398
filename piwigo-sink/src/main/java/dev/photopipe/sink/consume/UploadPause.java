package dev.photopipe.sink.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pause of all uploads while Piwigo fails for every photo: after each (growing, jittered)
 * wait one photo may start as a probe; a failed probe makes the next wait longer, any success
 * ends the pause. Owned by {@link Retries}. Not thread-safe: the {@link UploadWindow}'s monitor
 * guards it; the backoff's thread calls back through {@code onProbeDue}, which must take that
 * monitor.
 */
final class UploadPause {
    private static final Logger LOG = LoggerFactory.getLogger(UploadPause.class);

    private final Backoff backoff;
    private final Counter pauses;
    private Backoff.Series series;
    private boolean probeDue;

    UploadPause(Backoff backoff, MeterRegistry registry) {
        this.backoff = backoff;
        this.pauses = Counter.builder(SinkMeters.PAUSES)
                .description("Times the uploads were paused because Piwigo failed for every photo").register(registry);
    }

    boolean active() {
        return series != null;
    }

    /** Whether an upload may start now: no pause, or a probe is due. */
    boolean allowsStart() {
        return series == null || probeDue;
    }

    /** An upload starts; returns whether it is the probe of a pause. */
    boolean started() {
        boolean probe = series != null;
        probeDue = false;
        return probe;
    }

    /** Piwigo failed for every photo: pause; {@code onProbeDue} runs (on the backoff thread) after each wait. */
    void begin(Throwable cause, int inHand, Runnable onProbeDue) {
        if (series != null) {
            return;
        }
        pauses.increment();
        LOG.warn("Piwigo (or the photo store) failed for every photo tried ({}); pausing uploads, then trying one "
                + "photo at a time until one goes through. {} photos in hand", cause.getMessage(), inHand);
        probeDue = false;
        series = backoff.start(cause, onProbeDue);
    }

    /** The wait is over: one photo may probe (false when the pause ended meanwhile). */
    boolean probeDue() {
        if (series == null) {
            return false;
        }
        probeDue = true;
        return true;
    }

    /** The probe failed too: wait longer. */
    void probeFailed(Throwable cause) {
        if (series != null) {
            series.failed(cause);
        }
    }

    /** A photo went through: Piwigo is back. */
    void end() {
        if (series != null) {
            series.end();
            series = null;
            probeDue = false;
            LOG.info("Piwigo uploads again: pause over");
        }
    }
}
