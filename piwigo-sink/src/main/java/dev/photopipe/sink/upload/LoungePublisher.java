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
 * {@code lounge_max_duration} (5 min) on any later request other than an upload. So one call per
 * interval publishes every photo uploaded meanwhile, and a photo whose publication was lost (the
 * sink died) shows up within 5 minutes anyway.
 *
 * <p>With a zero interval every {@link #publish} calls Piwigo before it returns (the former
 * behaviour). Otherwise {@link #publish} only notes the photo; a single daemon thread calls
 * Piwigo at most once per interval, and once more on {@link #close()}. A failed call is logged
 * and tried again one interval later. The thread also empties the lounge once when it starts
 * ({@code pwg.images.emptyLounge}): a predecessor killed after recording photos and before
 * publishing them may have left some, and this instance may have nothing to upload. Thread-safe.
 */
final class LoungePublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoungePublisher.class);

    private final PiwigoClient piwigo;
    private final long intervalNanos;
    private final ScheduledExecutorService timer;
    private final List<Long> pendingImages = new ArrayList<>();
    private long pendingAlbum;
    private ScheduledFuture<?> scheduled;
    private long lastPublishNanos = System.nanoTime() - Long.MAX_VALUE / 4;
    private boolean closed;

    LoungePublisher(PiwigoClient piwigo, Duration interval) {
        this.piwigo = piwigo;
        this.intervalNanos = interval.toNanos();
        this.timer = intervalNanos == 0 ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "piwigo-lounge-publisher");
            t.setDaemon(true);
            return t;
        });
        if (timer != null) {
            timer.execute(this::emptyLeftovers);
        }
    }

    private void emptyLeftovers() {
        try {
            piwigo.emptyLounge();
        } catch (RuntimeException e) {
            LOG.info("Could not empty Piwigo's lounge at start ({}); Piwigo does within 5 minutes", e.getMessage());
        }
    }

    /** Makes sure the lounge is published (now, or within one interval) after {@code imageId} was uploaded. */
    void publish(long imageId, long albumId) {
        if (timer == null) {
            piwigo.uploadCompleted(List.of(imageId), albumId);
            return;
        }
        synchronized (this) {
            pendingImages.add(imageId);
            pendingAlbum = albumId;
            if (closed) {
                return; // close() publishes what is pending
            }
            if (scheduled == null) {
                long wait = Math.max(0, lastPublishNanos + intervalNanos - System.nanoTime());
                scheduled = timer.schedule(this::publishPending, wait, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Photos noted and not yet published (for tests and metrics). */
    synchronized int pending() {
        return pendingImages.size();
    }

    private void publishPending() {
        List<Long> images;
        long album;
        synchronized (this) {
            images = List.copyOf(pendingImages);
            album = pendingAlbum;
            pendingImages.clear();
            lastPublishNanos = System.nanoTime();
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
                if (!closed && scheduled == null) {
                    scheduled = timer.schedule(this::publishPending, intervalNanos, TimeUnit.NANOSECONDS);
                }
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
