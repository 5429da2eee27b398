package dev.photopipe.schemas.deadletter;

import java.util.List;

/**
 * Header names of photopipe dead letters, defined once. Every value is UTF-8 text; numbers are
 * decimal, times are epoch milliseconds.
 */
public final class DeadLetterHeaders {
    /** Every photopipe dead-letter header starts with this; replay strips them. */
    public static final String PREFIX = "__photopipe.errors.";

    /** Topic the failed record was read from (Connect: {@code __connect.errors.topic}). */
    public static final String TOPIC = PREFIX + "topic";
    /** Its partition. */
    public static final String PARTITION = PREFIX + "partition";
    /** Its offset. */
    public static final String OFFSET = PREFIX + "offset";
    /** Where it failed: {@code ingest}, {@code enrich}, {@code sink}, {@code replay} or {@code expiry} ({@link Stage}). */
    public static final String STAGE = PREFIX + "stage";
    /** Stable reason code ({@link ReasonCode}), for alerts and replay decisions. */
    public static final String REASON = PREFIX + "reason";
    /** {@code transient} (replay may succeed later) or {@code permanent} ({@link FailureKind}). */
    public static final String FAILURE_KIND = PREFIX + "failure.kind";
    /** Class of the exception, if any (Connect: {@code __connect.errors.exception.class.name}). */
    public static final String EXCEPTION_CLASS_NAME = PREFIX + "exception.class.name";
    /** Human-readable message (Connect: {@code __connect.errors.exception.message}). */
    public static final String EXCEPTION_MESSAGE = PREFIX + "exception.message";
    /** Attempts made before giving up, at least 1. */
    public static final String ATTEMPTS = PREFIX + "attempts";
    /** First failure, epoch ms. */
    public static final String FIRST_FAILURE_TIME_MS = PREFIX + "first.failure.time.ms";
    /** Last failure, epoch ms. */
    public static final String LAST_FAILURE_TIME_MS = PREFIX + "last.failure.time.ms";
    /** Production batch (lot) of the photo, if known. */
    public static final String BATCH_ID = PREFIX + "batch.id";

    /** All names, in the order they are written. */
    public static final List<String> ALL = List.of(TOPIC, PARTITION, OFFSET, STAGE, REASON, FAILURE_KIND,
            EXCEPTION_CLASS_NAME, EXCEPTION_MESSAGE, ATTEMPTS, FIRST_FAILURE_TIME_MS, LAST_FAILURE_TIME_MS, BATCH_ID);

    private DeadLetterHeaders() {
    }
}
