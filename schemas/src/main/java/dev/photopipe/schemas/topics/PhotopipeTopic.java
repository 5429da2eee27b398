package dev.photopipe.schemas.topics;

import java.time.Duration;
import java.util.Optional;

/**
 * Every topic photopipe uses, declared once: base name, cleanup policy, retention, key, and
 * co-partitioning. Partition and replica counts are deployment choices and live in
 * {@link TopicCatalog}.
 *
 * <p>Topics in the same {@link #coPartitionGroup()} carry the same key (the photo id) and must
 * have equal partition counts: the sink reads an upload request and the ledger entry of the same
 * photo from the same partition number, and a Streams join needs the same guarantee.
 */
public enum PhotopipeTopic {
    /** PhotoCaptured events from ingest; a week is enough to re-drive enrichment after an outage. */
    CAPTURED_PHOTOS("photopipe.photos.captured", CleanupPolicy.DELETE, Duration.ofDays(7),
            "photo id (hex sha-256 of the bytes)", PhotopipeTopic.PHOTO_ID_GROUP),
    /** UploadRequest events from enrich, consumed by the sink. */
    UPLOAD_REQUESTS("photopipe.upload.requests", CleanupPolicy.DELETE, Duration.ofDays(7),
            "photo id", PhotopipeTopic.PHOTO_ID_GROUP),
    /** The sink's ledger (UploadOutcome per photo): compacted, it is the memory that makes replays no-ops. */
    SINK_LEDGER("photopipe.sink.ledger", CleanupPolicy.COMPACT, null,
            "photo id", PhotopipeTopic.PHOTO_ID_GROUP),
    /** Camera reference data, read as a table. */
    CAMERAS("photopipe.ref.cameras", CleanupPolicy.COMPACT, null, "camera id", null),
    /** Routing rules reference data, read as a table. */
    ROUTING_RULES("photopipe.ref.routing-rules", CleanupPolicy.COMPACT, null, "rule id", null),
    /** Failed records with their original bytes; kept a month so that a failed batch can still be replayed. */
    DEAD_LETTERS("photopipe.dead-letters", CleanupPolicy.DELETE, Duration.ofDays(30),
            "the failed record's original key", null),
    /**
     * Marks of dead letters already replayed, one per letter, keyed by the letter's own
     * {@code <partition>-<offset>} in {@link #DEAD_LETTERS}. Compacted: a mark is a fact that stays
     * true, and the letters themselves are never deleted, so the history of what failed stays
     * readable while a second replay of the same selection knows to skip them.
     */
    DEAD_LETTERS_REPLAYED("photopipe.dead-letters.replayed", CleanupPolicy.COMPACT, null,
            "the dead letter's <partition>-<offset> in the dead-letter topic", PhotopipeTopic.LETTER_ID_GROUP),
    /**
     * Resolutions of dead letters, one per letter, keyed like {@link #DEAD_LETTERS_REPLAYED}: the
     * pipeline's (the photo reached Piwigo later) or an operator's ({@code photopipe dead-letters
     * resolve}). Compacted for the same reason: a resolved letter stays resolved, and is never
     * replayed or counted as pending again.
     */
    DEAD_LETTERS_RESOLVED("photopipe.dead-letters.resolved", CleanupPolicy.COMPACT, null,
            "the dead letter's <partition>-<offset> in the dead-letter topic", PhotopipeTopic.LETTER_ID_GROUP),
    /**
     * Changes of photos' expiries (ExpiryChange), by {@code photopipe expiry extend|reapply}.
     * Compacted: the last change of a photo stays in force, whenever the expiry service reads it.
     * Co-partitioned with the ledger: the expiry service reads a photo's ledger entry and its
     * changes in the same task.
     */
    EXPIRY_CHANGES("photopipe.expiry.changes", CleanupPolicy.COMPACT, null,
            "photo id", PhotopipeTopic.PHOTO_ID_GROUP),
    /** ExpiryNotice events, sent once per photo ahead of its expiry, for alerts and e-mail hooks. */
    EXPIRY_NOTICES("photopipe.expiry.expiring", CleanupPolicy.DELETE, Duration.ofDays(30),
            "photo id", null),
    /**
     * The expiry audit (ExpiryAudit): the last expiry event of each photo, what was done in
     * Piwigo, when and why. Compacted: kept for good, one entry per photo.
     */
    EXPIRY_AUDIT("photopipe.expiry.audit", CleanupPolicy.COMPACT, null, "photo id", null);

    /** The co-partitioning group of everything keyed by photo id. */
    public static final String PHOTO_ID_GROUP = "photo-id";
    /**
     * The co-partitioning group of the letters' marks and resolutions: the views read both in one
     * task per partition, so one letter's mark and resolution must land in the same partition number.
     */
    public static final String LETTER_ID_GROUP = "letter-id";

    private final String baseName;
    private final CleanupPolicy cleanupPolicy;
    private final Duration retention;
    private final String key;
    private final String coPartitionGroup;

    PhotopipeTopic(String baseName, CleanupPolicy cleanupPolicy, Duration retention, String key,
                   String coPartitionGroup) {
        this.baseName = baseName;
        this.cleanupPolicy = cleanupPolicy;
        this.retention = retention;
        this.key = key;
        this.coPartitionGroup = coPartitionGroup;
    }

    /** The name without any configured prefix, e.g. {@code photopipe.sink.ledger}. */
    public String baseName() {
        return baseName;
    }

    public CleanupPolicy cleanupPolicy() {
        return cleanupPolicy;
    }

    /** {@code retention.ms} for delete topics; empty for compacted ones. */
    public Optional<Duration> retention() {
        return Optional.ofNullable(retention);
    }

    /** What the record key is. */
    public String key() {
        return key;
    }

    /** The group of topics that must have equal partition counts, or empty. */
    public Optional<String> coPartitionGroup() {
        return Optional.ofNullable(coPartitionGroup);
    }
}
