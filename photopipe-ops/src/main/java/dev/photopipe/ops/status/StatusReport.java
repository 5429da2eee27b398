package dev.photopipe.ops.status;

import dev.photopipe.ops.views.query.ViewTotals;
import java.util.List;

/**
 * One snapshot of the pipeline, as {@code photopipe status} prints it and as its {@code --json}
 * document (field names are the JSON contract for scripts: add fields, never rename one).
 * Immutable.
 *
 * @param at             when the snapshot was taken, ISO-8601
 * @param sampleMs       the window the rates were measured over; 0: no window (rates, if any, are
 *                       between this refresh and the previous one)
 * @param groups         lag per consumer group and partition of photopipe's topics
 * @param idleGroups     photopipe's own groups that have committed nothing on these topics yet
 * @param topics         end offsets and produce rate per topic
 * @param deadLetters    dead letters by reason and by batch
 * @param batches        progress per batch (lot)
 * @param scans          always empty: the counts come from the maintained views, no topic is scanned
 *                       (kept for scripts that read it)
 * @param views          where the batch and dead-letter counts came from
 * @param expiring       photos whose expiry is due in the next 30 days and not acted on yet (overdue
 *                       ones included), soonest first, at most 100; from the views
 * @param expiringLimitHit more photos expire in the next 30 days than {@code expiring} lists
 */
public record StatusReport(String at, long sampleMs, List<PartitionLag> groups, List<String> idleGroups,
                           List<TopicRate> topics, DeadLetterCounts deadLetters, List<BatchProgress> batches,
                           List<Scan> scans, ViewsSource views, List<ViewTotals.ExpiringRow> expiring,
                           boolean expiringLimitHit) {

    public StatusReport {
        expiring = expiring == null ? List.of() : List.copyOf(expiring);
    }

    /** The batch shown for photos and letters that carry none. */
    public static final String NO_BATCH = "(none)";

    /**
     * @param committed  the group's committed offset
     * @param end        the partition's end offset
     * @param lag        {@code end - committed}
     * @param inPerSec   records appended per second over the sample window, or null without one
     * @param outPerSec  committed offset advance per second over the window, or null without one
     */
    public record PartitionLag(String group, String topic, int partition, long committed, long end, long lag,
                               Double inPerSec, Double outPerSec) {
    }

    /** @param endOffsets sum of the partitions' end offsets (records ever written, before retention) */
    public record TopicRate(String topic, long endOffsets, Double inPerSec) {
    }

    /**
     * Dead letters of one reason or batch by state.
     *
     * @param pending  neither replayed nor resolved
     * @param replayed replayed, not resolved
     * @param resolved resolved: the photo reached Piwigo later, or an operator decided
     */
    public record LetterCount(String key, long pending, long replayed, long resolved) {
    }

    /**
     * @param byBatchAndReason what failed in each batch and why, for the status page's failure table
     */
    public record DeadLetterCounts(List<LetterCount> byReason, List<LetterCount> byBatch,
                                   List<BatchFailure> byBatchAndReason) {
    }

    /**
     * Dead letters of one batch and reason.
     *
     * @param stage         the stage of the latest such letter ({@code ingest}, {@code enrich}, {@code sink})
     * @param latestMessage the failure message of the latest such letter (it names the file or photo)
     * @param latestFailure when the latest such letter last failed, ISO-8601
     */
    public record BatchFailure(String batch, String reason, long pending, long replayed, String stage,
                               String latestMessage, String latestFailure, long resolved) {
    }

    /**
     * @param captured      distinct photos captured in this batch
     * @param duplicates    capture events beyond the first of a photo (re-sent files, replays)
     * @param routed        distinct photos with an upload request
     * @param uploaded      photos the ledger records as uploaded or already present
     * @param failed        photos the ledger records as failed
     * @param deadLettered  dead letters of the batch pending (neither replayed nor resolved)
     */
    public record BatchProgress(String batch, long captured, long duplicates, long routed, long uploaded,
                                long failed, long deadLettered, long deadLettersReplayed, long deadLettersResolved) {
    }

    /** @param unreadable records that could not be decoded and were left out of the counts */
    public record Scan(String topic, long records, long unreadable, boolean limitHit) {
    }

    /**
     * @param source      the views read: {@code local} (this process) or a process's URL
     * @param unreachable instances whose share could not be read; the counts lack it
     * @param error       why the views could not be read at all, or null (batches and dead letters are then empty)
     */
    public record ViewsSource(String source, List<String> unreachable, String error) {
    }
}
