package dev.photopipe.sink.consume;

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
    /** Counter, tag {@code source} = ledger | batch | gallery: requests that needed no upload. */
    public static final String DUPLICATES_SKIPPED = "photopipe.sink.duplicates.skipped";
    /**
     * Counter: requests carrying {@code photopipe.force-check=true} that the ledger already knew and
     * that were checked against Piwigo instead of skipped.
     */
    public static final String FORCE_CHECKS = "photopipe.sink.force.checks";
    /** Counter: records left uncommitted for a later attempt because Piwigo was unavailable. */
    public static final String RETRIES = "photopipe.sink.retries";
    /** Counter: times the partitions were paused to back off. */
    public static final String PAUSES = "photopipe.sink.pauses";
    /** Counter, tag {@code reason} = a dead-letter reason code: records dead-lettered. */
    public static final String DEAD_LETTERS = "photopipe.sink.dead.letters";

    private SinkMeters() {
    }
}
