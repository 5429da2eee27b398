package dev.photopipe.sink.upload;

import dev.photopipe.sink.piwigo.PiwigoClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes Piwigo's lounge with {@code pwg.images.uploadCompleted}, batched.
 *
 * <p>Why batching is safe (read in Piwigo 16.4.0's code): the lounge is active as soon as the
 * gallery holds {@code lounge_activate_threshold} (1) photo, so every upload waits there; one
 * uploadCompleted ({@code empty_lounge()}) moves EVERY waiting photo into the album it was
 * uploaded for, whichever {@code image_id}s it names (they only reach plugins) and whichever
 * {@code category_id} it names (only its count is answered); concurrent calls are serialized by
 * Piwigo itself; and Piwigo empties a lounge whose oldest photo waited more than
 * {@code lounge_max_duration} (5 min) on any later request other than an upload. So one call
 * publishes every photo uploaded before it, and a photo whose publication was lost (the sink
 * died) shows up within 5 minutes anyway. Why batching pays: each call also invalidates every
 * user's cache, which Piwigo rebuilds on their next request.
 *
 * <p>When: see {@link LoungeSchedule} (soon after the uploads stop, at the latest one interval
 * after the oldest waiting photo while they go on). With a zero interval every {@link #publish}
 * calls Piwigo before it returns (the former behaviour). Otherwise {@link #publish} only notes the
 * photo; a single daemon thread calls Piwigo, and once more on {@link #close()}. A failed call is
 * logged and tried again one interval later. The thread also empties the lounge once when it
 * starts ({@code pwg.images.emptyLounge}): a predecessor killed after recording photos and before
 * publishing them may have left some, and this instance may have nothing to upload. Thread-safe.
 */
final class LoungePublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoungePublisher.class);
    /**
     * How long no upload must run before the sink counts as caught up. Longer than the moment
     * between one upload's end and the next one's start in a busy window (a freed slot takes the
     * next waiting photo at once); short enough that a photo shows up in its album right after its
     * upload when photos trickle in.
     */
    static final Duration IDLE_GRACE = Duration.ofMillis(500);

    private final PiwigoClient piwigo;
    private final long intervalNanos;
    private final ScheduledExecutorService timer;
    private final LoungeSchedule schedule;
    private final List<Long> pendingImages = new ArrayList<>();
    private long pendingAlbum;
    private ScheduledFuture<?> scheduled;
    private long scheduledAtNanos;
    private boolean closed;

    LoungePublisher(PiwigoClient piwigo, Duration interval) {
        this.piwigo = piwigo;
        this.intervalNanos = interval.toNanos();
        if (intervalNanos == 0) {
            this.timer = null;
            this.schedule = null;
            return;
        }
        this.schedule = new LoungeSchedule(intervalNanos, IDLE_GRACE.toNanos(), System.nanoTime());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "piwigo-lounge-publisher");
            t.setDaemon(true);
            return t;
        });
        timer.execute(this::emptyLeftovers);
    }

    private void emptyLeftovers() {
        try {
            piwigo.emptyLounge();
        } catch (RuntimeException e) {
            LOG.info("Could not empty Piwigo's lounge at start ({}); Piwigo does within 5 minutes", e.getMessage());
        }
    }

    /** An upload starts: while any runs, publication waits (up to one interval). */
    void uploadStarted() {
        if (timer != null) {
            synchronized (this) {
                schedule.uploadStarted();
                reschedule();
            }
        }
    }

    /** An upload ended, whatever its outcome; call once per {@link #uploadStarted()}. */
    void uploadEnded() {
        if (timer != null) {
            synchronized (this) {
                schedule.uploadEnded(System.nanoTime());
                reschedule();
            }
        }
    }

    /** Makes sure the lounge is published (now, or per the schedule) after {@code imageId} was uploaded. */
    void publish(long imageId, long albumId) {
        if (timer == null) {
            piwigo.uploadCompleted(List.of(imageId), albumId);
            return;
        }
        synchronized (this) {
            pendingImages.add(imageId);
            pendingAlbum = albumId;
            schedule.photoWaiting(System.nanoTime());
            reschedule();
        }
    }

    /** Photos noted and not yet published (for tests and metrics). */
    synchronized int pending() {
        return pendingImages.size();
    }

    /** Points the timer at the schedule's instant; the caller holds the lock. */
    private void reschedule() {
        if (closed) {
            return; // close() publishes what is pending
        }
        long at = schedule.publishAtNanos();
        if (scheduled != null && scheduledAtNanos == at) {
            return;
        }
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        if (at != Long.MAX_VALUE) {
            scheduledAtNanos = at;
            scheduled = timer.schedule(this::publishDue, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void publishDue() {
        synchronized (this) {
            if (closed || schedule.publishAtNanos() > System.nanoTime()) {
                scheduled = null;
                reschedule(); // moved meanwhile (an upload started): wait for the new instant
                return;
            }
        }
        publishPending();
    }

    private void publishPending() {
        List<Long> images;
        long album;
        synchronized (this) {
            images = List.copyOf(pendingImages);
            album = pendingAlbum;
            pendingImages.clear();
            schedule.published();
            scheduled = null;
        }
        if (images.isEmpty()) {
            return;
        }
        try {
            piwigo.uploadCompleted(images, album);
        } catch (RuntimeException e) {
            LOG.warn("Publishing Piwigo's lounge failed ({} photos), trying again in {} ms: {}", images.size(),
                    TimeUnit.NANOSECONDS.toMillis(intervalNanos), e.getMessage());
            synchronized (this) {
                pendingImages.addAll(0, images);
                schedule.publicationFailed(System.nanoTime());
                reschedule();
            }
        }
    }

    /** Publishes what is pending once more (bounded by the client's retry policy), then stops. */
    @Override
    public void close() {
        if (stopTimer()) {
            publishPending();
        }
    }

    /**
     * Stops as a killed process would: the timer ends, nothing more is published (Piwigo itself
     * publishes the lounge within its lounge_max_duration, and the next start empties it).
     */
    void abandon() {
        stopTimer();
    }

    /** Stops the timer; false when there was none or it was already stopped. */
    private boolean stopTimer() {
        if (timer == null) {
            return false;
        }
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            if (scheduled != null) {
                scheduled.cancel(false);
                scheduled = null;
            }
        }
        timer.shutdown();
        try {
            timer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
