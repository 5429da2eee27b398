package dev.photopipe.ingest.hotfolder;

import dev.photopipe.ingest.publish.CapturePublisher;
import dev.photopipe.ingest.publish.Rejection;
import dev.photopipe.schemas.PhotoCaptured;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what ingest published in memory; can play a broker that does not answer. */
final class RecordingPublisher implements CapturePublisher {
    final List<PhotoCaptured> events = new CopyOnWriteArrayList<>();
    final List<Rejection> rejections = new CopyOnWriteArrayList<>();
    volatile boolean brokerDown;

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
