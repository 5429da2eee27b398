package dev.photopipe.sink.consume;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Tells a photo Piwigo keeps failing for (an HTML error page for its album name, say) from a
 * Piwigo that fails for everyone. A transient failure is <em>isolated</em> when another photo
 * uploaded since this photo's previous attempt began; a photo with {@code maxAttempts} isolated
 * failures, or failing for longer than {@code maxRetry} when an isolated failure comes, is given
 * up (dead-lettered). Piwigo counts as down when every photo in hand, or at least
 * {@value #DOWN_AFTER}, failed with no upload in between (isolated failures do not count): then
 * the window pauses all uploads.
 *
 * <p>Not thread-safe: the {@link UploadWindow}'s monitor guards it; only {@link Retries} uses it.
 */
final class FailureIsolation {
    /** Distinct photos failing in a row that mean Piwigo is down, whatever else is in hand. */
    static final int DOWN_AFTER = 3;

    enum Decision {
        /** Wait, then try this photo again. */
        TRY_LATER,
        /** Piwigo works for others but not for this photo: dead-letter it. */
        GIVE_UP
    }

    /** One photo's failures so far. */
    static final class History {
        private long successesSeen;
        private int isolated;
        private Instant firstFailure;

        int isolatedFailures() {
            return isolated;
        }

        Instant firstFailure() {
            return firstFailure;
        }
    }

    private final int maxAttempts;
    private final Duration maxRetry;
    /** The time now; the window's clock in production. */
    private final Supplier<Instant> now;
    private long successes;
    private final Set<Object> failedSinceSuccess = new HashSet<>();

    FailureIsolation(int maxAttempts, Duration maxRetry, Supplier<Instant> now) {
        this.maxAttempts = maxAttempts;
        this.maxRetry = maxRetry;
        this.now = now;
    }

    /** A photo's first attempt begins: successes from now on count as "others upload". */
    History begin() {
        History history = new History();
        history.successesSeen = successes;
        return history;
    }

    /** A photo went into the gallery: Piwigo works. */
    void succeeded() {
        successes++;
        failedSinceSuccess.clear();
    }

    /** {@code photo} failed transiently (after the client's own retries). */
    Decision failed(Object photo, History history) {
        Instant at = now.get();
        boolean isolated = successes > history.successesSeen;
        history.successesSeen = successes;
        if (history.firstFailure == null) {
            history.firstFailure = at;
        }
        if (!isolated) {
            // Nothing uploaded meanwhile: maybe this photo, maybe Piwigo. Counts towards "down".
            failedSinceSuccess.add(photo);
            return Decision.TRY_LATER;
        }
        history.isolated++;
        boolean tooLong = Duration.between(history.firstFailure, at).compareTo(maxRetry) >= 0;
        return history.isolated >= maxAttempts || tooLong ? Decision.GIVE_UP : Decision.TRY_LATER;
    }

    /** Whether Piwigo fails for every photo: {@code inHand} photos are waiting or running. */
    boolean piwigoDown(int inHand) {
        return !failedSinceSuccess.isEmpty() && failedSinceSuccess.size() >= Math.min(DOWN_AFTER, Math.max(1, inHand));
    }

    /** {@code photo} left the window (recorded, dropped): it no longer counts. */
    void forget(Object photo) {
        failedSinceSuccess.remove(photo);
    }
}
