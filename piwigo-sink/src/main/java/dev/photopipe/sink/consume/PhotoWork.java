package dev.photopipe.sink.consume;

import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.sink.upload.PhotoUploader;
import dev.photopipe.sink.upload.UploadResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One attempt at one photo: checks its source and metadata ({@link RequestMapper}), hands it to
 * the {@link PhotoUploader}, meters it, and classifies a failure once ({@link Failures}).
 * Thread-safe: runs on the upload threads, one call per photo attempt.
 */
final class PhotoWork {
    /**
     * What one attempt came to: a result, or a failure with its verdict.
     *
     * @param sizeBytes the source's size when it was read, 0 otherwise
     */
    record Result(UploadResult uploaded, Throwable failure, Verdict verdict, long sizeBytes) {
        boolean succeeded() {
            return uploaded != null;
        }
    }

    private final PhotoUploader uploader;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter uploads;
    private final Counter uploadBytes;
    private final Timer latency;
    private final Counter skippedInGallery;

    PhotoWork(PhotoUploader uploader, MeterRegistry registry) {
        this.uploader = uploader;
        this.uploads = Counter.builder(SinkMeters.UPLOADS).description("Images created in Piwigo").register(registry);
        this.uploadBytes = Counter.builder(SinkMeters.UPLOAD_BYTES).baseUnit("bytes")
                .description("Bytes of the photos uploaded").register(registry);
        this.latency = Timer.builder(SinkMeters.UPLOAD_LATENCY)
                .description("One photo through the uploader: exist check, upload, publish, links").register(registry);
        this.skippedInGallery = SinkMeters.skipped(registry, "gallery");
        Gauge.builder(SinkMeters.IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("Photos in the uploader right now").register(registry);
    }

    /** Never throws: every failure comes back classified. */
    Result attempt(UploadRequest request) {
        inFlight.incrementAndGet();
        long start = System.nanoTime();
        long size = 0;
        try {
            RequestMapper.Mapped mapped = RequestMapper.map(request);
            size = mapped.sizeBytes();
            UploadResult result = uploader.upload(mapped.request());
            latency.record(Duration.ofNanos(System.nanoTime() - start));
            if (result.uploaded()) {
                uploads.increment();
                uploadBytes.increment(size);
            } else {
                skippedInGallery.increment();
            }
            return new Result(result, null, null, size);
        } catch (RuntimeException e) {
            return new Result(null, e, Failures.classify(e), size);
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
