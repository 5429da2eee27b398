package dev.photopipe.ingest.publish;

import dev.photopipe.schemas.PhotoCaptured;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what ingest published in memory; can play a broker that does not answer. */
public class RecordingPublisher implements CapturePublisher {
    public final List<PhotoCaptured> events = new CopyOnWriteArrayList<>();
    public final List<Rejection> rejections = new CopyOnWriteArrayList<>();
    public volatile boolean brokerDown;

    @Override
    public CompletableFuture<Void> publish(PhotoCaptured event) {
        if (brokerDown) {
            return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("broker down"));
        }
        events.add(event);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> reject(Rejection rejection) {
        if (brokerDown) {
            return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("broker down"));
        }
        rejections.add(rejection);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
    }
}
