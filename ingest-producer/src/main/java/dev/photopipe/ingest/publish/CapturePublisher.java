package dev.photopipe.ingest.publish;

import dev.photopipe.schemas.PhotoCaptured;
import java.util.concurrent.CompletableFuture;

/**
 * Where ingest puts what it read: events for photos, dead letters for refused inputs. The one
 * seam between the inputs (hot folders, HTTP, bulk import) and Kafka.
 *
 * <p>Both methods complete only when the broker has acknowledged the record durably
 * ({@code acks=all}); callers record a file as done only then. Thread-safe.
 */
public interface CapturePublisher extends AutoCloseable {

    /** Publishes the event keyed by its photo id. */
    CompletableFuture<Void> publish(PhotoCaptured event);

    /** Publishes a dead letter (stage {@code ingest}) for an input that cannot become an event. */
    CompletableFuture<Void> reject(Rejection rejection);

    @Override
    void close();
}
