package dev.photopipe.schemas.deadletter;

/**
 * Why a record was dead-lettered. The names are a stable contract (headers, metrics, alerts,
 * replay filters): add codes, never rename or remove one.
 */
public enum ReasonCode {
    /** The key or value bytes could not be deserialized (see the serde's reason in the message). */
    DESERIALIZATION_FAILED,
    /** No routing rule and no fallback album applies. */
    UNROUTABLE,
    /** A routing template names a variable the photo does not have. */
    TEMPLATE_VARIABLE_MISSING,
    /** The photo's source URI points at nothing. */
    SOURCE_MISSING,
    /** The source exists but cannot be read (permissions, I/O, HTTP error). */
    SOURCE_UNREADABLE,
    /** The media type is not allowed. */
    FORBIDDEN_TYPE,
    /** The bytes are not a valid image, or do not match the announced checksum. */
    CORRUPT_IMAGE,
    /** Piwigo refused the upload or a follow-up call. */
    PIWIGO_REJECTED,
    /** Piwigo stayed unreachable beyond the retry budget. */
    PIWIGO_UNAVAILABLE,
    /** Any other processing failure. */
    PROCESSING_FAILED,
    /** Ingest: the file has no bytes (a copy that failed or has not started). */
    EMPTY_FILE,
    /** Ingest: the file was cut short (a JPEG without its end-of-image marker). */
    TRUNCATED_FILE,
    /** Ingest: the metadata given with the photo (sidecar or HTTP) is not of the expected shape. */
    INVALID_METADATA,
    /** Ingest: the file's path is refused (a link leaving the watched folder, or outside the path pattern). */
    PATH_REFUSED,
    /** Enrich: a rendered album path is empty once cleaned of what Piwigo cannot name. */
    INVALID_ALBUM_PATH,
    /** Enrich: the result could not be serialized or is too large for its topic. */
    PRODUCTION_FAILED,
    /**
     * Sink: Piwigo kept failing for this photo (an HTML error page, a PHP fatal error, a 5xx)
     * while it worked for others; the message carries the first line of what Piwigo said.
     */
    PIWIGO_SERVER_ERROR,
    /**
     * Sink: a name, title or description holds characters the gallery's database cannot store
     * (4-byte UTF-8 such as emoji on Piwigo's default utf8mb3 tables) and the sink is set to reject
     * them ({@code piwigo.text.unstorable=reject}).
     */
    UNSTORABLE_TEXT,
    /**
     * Enrich: the routing rule's expiry, rendered for this photo, is not a date (e.g. a sidecar's
     * {@code consent_until} of "soon"); the photo is not uploaded with a silent "never".
     */
    INVALID_EXPIRY
}
