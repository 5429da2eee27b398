package dev.photopipe.sink.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Names of the consumer's meters (documented in the module README). */
public final class SinkMeters {
    /** Counter: images created in Piwigo (bytes sent). */
    public static final String UPLOADS = "photopipe.sink.uploads";
    /** Counter, bytes: size of the photos uploaded. */
    public static final String UPLOAD_BYTES = "photopipe.sink.upload.bytes";
    /** Timer: one photo through the uploader (exist check, upload, publish, links), successes only. */
    public static final String UPLOAD_LATENCY = "photopipe.sink.upload.latency";
    /** Gauge: photos being handled by the uploader right now. */
    public static final String IN_FLIGHT = "photopipe.sink.uploads.in.flight";
    /**
     * Counter, tag {@code source} = ledger | batch | gallery: requests that needed no upload
     * ({@code batch}: the same photo id was already in the upload window).
     */
    public static final String DUPLICATES_SKIPPED = "photopipe.sink.duplicates.skipped";
    /**
     * Counter: requests carrying {@code photopipe.force-check=true} that the ledger already knew and
     * that were checked against Piwigo instead of skipped.
     */
    public static final String FORCE_CHECKS = "photopipe.sink.force.checks";
    /** Counter: photo attempts that failed transiently (Piwigo unavailable) and wait for a later attempt. */
    public static final String RETRIES = "photopipe.sink.retries";
    /** Counter: times the uploads were paused to back off because Piwigo failed for every photo. */
    public static final String PAUSES = "photopipe.sink.pauses";
    /** Counter, tag {@code reason} = a dead-letter reason code: records dead-lettered. */
    public static final String DEAD_LETTERS = "photopipe.sink.dead.letters";

    /** Gauge: the in-flight limit now (fixed, or adapted to Piwigo's latency with {@code upload.max.in.flight=auto}). */
    public static final String IN_FLIGHT_LIMIT = "photopipe.sink.uploads.in.flight.limit";

    private SinkMeters() {
    }

    static Counter skipped(MeterRegistry registry, String source) {
        return Counter.builder(DUPLICATES_SKIPPED).tag("source", source)
                .description("Requests that needed no upload").register(registry);
    }
}
