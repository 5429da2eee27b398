package dev.photopipe.schemas.deadletter;

import java.util.Locale;

/**
 * Where in the pipeline a record failed. Written lower-case in {@link DeadLetterHeaders#STAGE}.
 * Add stages, never rename one: the values are in letters already written.
 */
public enum Stage {
    /** The ingest producer: a file or request that never became a record. */
    INGEST,
    /** The enrich service: a capture it could not read, route or write. */
    ENRICH,
    /** The Piwigo sink: an upload request it gave up on. */
    SINK,
    /** A replay tool. */
    REPLAY,
    /** The expiry service: a record of the sink's ledger or of the expiry changes it could not read. */
    EXPIRY;

    /** The header value, e.g. {@code enrich}. */
    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Stage fromHeaderValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
