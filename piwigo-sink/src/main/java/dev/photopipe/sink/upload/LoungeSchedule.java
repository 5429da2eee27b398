package dev.photopipe.sink.upload;

/**
 * When Piwigo's lounge should be published next: once no upload has been running for
 * {@code idleGrace} (the sink has caught up: publish now, so a trickle of photos shows up at
 * once), and at the latest {@code maxWait} after the oldest unpublished photo while uploads go on
 * (a bulk run pays one {@code pwg.images.uploadCompleted} per {@code maxWait}, not per photo:
 * each one empties the lounge and invalidates every user's cache in Piwigo).
 *
 * <p>Pure state and arithmetic on {@link System#nanoTime()}-style instants, no clock of its own.
 * Not thread-safe: {@link LoungePublisher} guards it.
 */
final class LoungeSchedule {
    private final long maxWaitNanos;
    private final long idleGraceNanos;
    private int running;
    private long idleSinceNanos;
    private boolean pending;
    private long pendingSinceNanos;
    private long retryNotBeforeNanos = Long.MIN_VALUE;

    /**
     * @param maxWaitNanos   longest wait of a photo in the lounge while uploads go on, &gt; 0
     * @param idleGraceNanos how long no upload must run before the sink counts as caught up
     * @param nowNanos       the instant the schedule starts (idle, nothing pending)
     */
    LoungeSchedule(long maxWaitNanos, long idleGraceNanos, long nowNanos) {
        if (maxWaitNanos <= 0 || idleGraceNanos < 0) {
            throw new IllegalArgumentException("maxWait must be positive and idleGrace not negative");
        }
        this.maxWaitNanos = maxWaitNanos;
        this.idleGraceNanos = idleGraceNanos;
        this.idleSinceNanos = nowNanos;
    }

    /** An upload started. */
    void uploadStarted() {
        running++;
    }

    /** An upload ended, whatever its outcome. */
    void uploadEnded(long nowNanos) {
        if (running == 0) {
            throw new IllegalStateException("an upload ended that never started");
        }
        if (--running == 0) {
            idleSinceNanos = nowNanos;
        }
    }

    /** A photo waits in the lounge (the first one since the last publication starts the wait). */
    void photoWaiting(long nowNanos) {
        if (!pending) {
            pending = true;
            pendingSinceNanos = nowNanos;
        }
    }

    /** Everything noted so far is being published. */
    void published() {
        pending = false;
        retryNotBeforeNanos = Long.MIN_VALUE;
    }

    /** A publication failed: try again {@code maxWait} from now, not sooner even when idle. */
    void publicationFailed(long nowNanos) {
        pending = true;
        pendingSinceNanos = nowNanos;
        retryNotBeforeNanos = nowNanos + maxWaitNanos;
    }

    /**
     * The instant at which to publish, or {@link Long#MAX_VALUE} with nothing pending. May be in
     * the past: publish now.
     */
    long publishAtNanos() {
        if (!pending) {
            return Long.MAX_VALUE;
        }
        long latest = pendingSinceNanos + maxWaitNanos;
        long at = running == 0 ? Math.min(latest, Math.max(idleSinceNanos, pendingSinceNanos) + idleGraceNanos) : latest;
        return Math.max(at, retryNotBeforeNanos);
    }
}
