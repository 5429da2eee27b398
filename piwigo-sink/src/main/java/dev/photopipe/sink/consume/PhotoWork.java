package dev.photopipe.sink.consume;

import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.sink.source.PhotoSource;
import dev.photopipe.sink.source.StagedPhoto;
import dev.photopipe.sink.upload.PhotoUploader;
import dev.photopipe.sink.upload.UploadResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One attempt at one photo: stages its bytes from the {@link PhotoSource} (MD5 checked against the
 * event), checks its metadata ({@link RequestMapper}), hands it to the {@link PhotoUploader},
 * releases the staged bytes, meters it, and classifies a failure once ({@link Failures}).
 * Thread-safe: runs on the upload threads, one call per photo attempt.
 */
final class PhotoWork {
    /**
     * What one attempt came to: a result, or a failure with its verdict.
     *
     * @param sizeBytes the bytes handed to the uploader, 0 when none (failed)
     */
    record Result(UploadResult uploaded, Throwable failure, Verdict verdict, long sizeBytes) {
        boolean succeeded() {
            return uploaded != null;
        }
    }

    /** What the uploader made of a photo, and the bytes it read (0 when none). */
    private record Sent(UploadResult result, long sizeBytes) {
    }

    private final PhotoUploader uploader;
    private final PhotoSource source;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter uploads;
    private final Counter uploadBytes;
    private final Timer latency;
    private final Counter skippedInGallery;

    PhotoWork(PhotoUploader uploader, PhotoSource source, MeterRegistry registry) {
        this.uploader = uploader;
        this.source = source;
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
        try {
            Sent sent = send(request);
            latency.record(Duration.ofNanos(System.nanoTime() - start));
            if (sent.result().uploaded()) {
                uploads.increment();
                uploadBytes.increment(sent.sizeBytes());
            } else {
                skippedInGallery.increment();
            }
            return new Result(sent.result(), null, null, sent.sizeBytes());
        } catch (RuntimeException e) {
            return new Result(null, e, Failures.classify(e), 0);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private Sent send(UploadRequest request) {
        try (StagedPhoto staged = RequestMapper.stage(request, source)) {
            // closed: a spooled copy is deleted and its room given back, whatever the upload did
            RequestMapper.Mapped mapped = RequestMapper.map(request, staged.path());
            return new Sent(uploader.upload(mapped.request()), mapped.sizeBytes());
        }
    }
}
