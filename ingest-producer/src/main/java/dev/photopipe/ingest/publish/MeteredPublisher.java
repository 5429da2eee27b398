package dev.photopipe.ingest.publish;

import dev.photopipe.schemas.PhotoCaptured;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletableFuture;

/**
 * Counts what every input (hot folders, HTTP, import) hands to Kafka, at the one seam they share.
 * Meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code photopipe.ingest.published} [photopipe_ingest_published_total]: events Kafka acknowledged;</li>
 *   <li>{@code photopipe.ingest.published.bytes} [photopipe_ingest_published_bytes_total]: size of their photos;</li>
 *   <li>{@code photopipe.ingest.rejected}, tag {@code reason} [photopipe_ingest_rejected_total]: inputs refused
 *       and dead-lettered, by stable reason code;</li>
 *   <li>{@code photopipe.ingest.publish.failures} [photopipe_ingest_publish_failures_total]: sends Kafka did not
 *       acknowledge (broker down; the input is tried again, nothing is lost);</li>
 *   <li>{@code photopipe.ingest.publish.latency} [photopipe_ingest_publish_latency_seconds]: send to acknowledgement.</li>
 * </ul>
 */
final class MeteredPublisher implements CapturePublisher {
    private final CapturePublisher delegate;
    private final MeterRegistry registry;
    private final Counter published;
    private final Counter publishedBytes;
    private final Counter failures;
    private final Timer latency;
    private final AutoCloseable binder;

    /** @param binder meters bound for the delegate's client, closed with it */
    MeteredPublisher(CapturePublisher delegate, MeterRegistry registry, AutoCloseable binder) {
        this.delegate = delegate;
        this.registry = registry;
        this.binder = binder;
        this.published = Counter.builder("photopipe.ingest.published").description("Capture events Kafka acknowledged")
                .register(registry);
        this.publishedBytes = Counter.builder("photopipe.ingest.published.bytes").baseUnit("bytes")
                .description("Size of the published photos").register(registry);
        this.failures = Counter.builder("photopipe.ingest.publish.failures")
                .description("Sends Kafka did not acknowledge; the input is tried again").register(registry);
        this.latency = Timer.builder("photopipe.ingest.publish.latency").description("Send to acknowledgement")
                .register(registry);
    }

    @Override
    public CompletableFuture<Void> publish(PhotoCaptured event) {
        Timer.Sample sample = Timer.start(registry);
        return delegate.publish(event).whenComplete((ok, error) -> {
            if (error == null) {
                sample.stop(latency);
                published.increment();
                publishedBytes.increment(event.getSizeBytes());
            } else {
                failures.increment();
            }
        });
    }

    @Override
    public CompletableFuture<Void> reject(Rejection rejection) {
        return delegate.reject(rejection).whenComplete((ok, error) -> {
            if (error == null) {
                Counter.builder("photopipe.ingest.rejected").description("Inputs refused and dead-lettered")
                        .tag("reason", rejection.reasonCode().name()).register(registry).increment();
            } else {
                failures.increment();
            }
        });
    }

    @Override
    public void close() {
        delegate.close();
        try {
            binder.close();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot unbind the producer's metrics", e);
        }
    }
}
