package dev.photopipe.schemas.topics;

import java.util.Locale;

/** A topic's {@code cleanup.policy}: what the broker does with old records. */
public enum CleanupPolicy {
    /** Keep the latest record per key forever: ledgers and reference data, read as tables. */
    COMPACT,
    /** Drop whole segments older than the retention: event streams and dead letters. */
    DELETE;

    /** The value Kafka uses in {@code cleanup.policy}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
