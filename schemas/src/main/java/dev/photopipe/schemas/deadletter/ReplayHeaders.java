package dev.photopipe.schemas.deadletter;

/**
 * Headers a replay adds to the records it re-publishes, defined once next to
 * {@link DeadLetterHeaders}. Values are UTF-8 text. Unlike the dead-letter headers these do not
 * start with {@link DeadLetterHeaders#PREFIX}: they are meant for the consumer of the replayed
 * record, so a dead-letter replay must not strip them.
 */
public final class ReplayHeaders {
    /**
     * {@code true} on an upload request re-driven by {@code photopipe replay --requests --force-check}:
     * the sink must verify that the image still exists in Piwigo instead of trusting its ledger
     * (e.g. after a Piwigo backup was restored, the ledger may remember uploads Piwigo lost).
     * Absent or any other value: the ledger decides as usual, and a re-driven request is a no-op.
     */
    public static final String FORCE_CHECK = "photopipe.force-check";

    /** The value of {@link #FORCE_CHECK} that asks for the check. */
    public static final String FORCE_CHECK_TRUE = "true";

    /**
     * Set on every record a dead-letter replay re-publishes ({@code photopipe replay}, the status
     * page's Replay button): the dead letter it came from, as {@code topic-partition@offset}. An
     * explicit replay means "try again": the sink attempts such a record even when its ledger
     * says the photo {@code FAILED} (a photo it uploaded or found is still skipped).
     */
    public static final String REPLAYED_FROM = "photopipe.replayed-from";

    private ReplayHeaders() {
    }
}
