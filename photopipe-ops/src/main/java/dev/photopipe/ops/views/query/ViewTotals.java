package dev.photopipe.ops.views.query;

import java.util.List;

/**
 * Per-batch progress and dead letters of the whole pipeline, summed over every instance. The JSON
 * field names are a contract (fields are added, never renamed). Immutable.
 *
 * @param batches     one row per batch, sorted by batch
 * @param failures    one row per batch and reason, sorted
 * @param unreachable instances whose share could not be read ({@code host:port: why}); the counts lack it
 */
public record ViewTotals(List<BatchRow> batches, List<FailureRow> failures, List<String> unreachable) {
    public ViewTotals {
        batches = List.copyOf(batches);
        failures = List.copyOf(failures);
        unreachable = List.copyOf(unreachable);
    }

    /**
     * @param deadLettersPending  dead letters of the batch neither replayed nor resolved
     * @param deadLettersReplayed replayed, not resolved
     * @param deadLettersResolved resolved (the photo reached Piwigo later, or an operator decided)
     */
    public record BatchRow(String batch, long captured, long duplicates, long routed, long uploaded, long failed,
                           long deadLettersPending, long deadLettersReplayed, long deadLettersResolved) {
    }

    /**
     * @param stage         the stage of the latest letter
     * @param latestMessage its message (it names the file or photo)
     * @param latestFailure its failure time, ISO-8601
     */
    public record FailureRow(String batch, String reason, long pending, long replayed, long resolved, String stage,
                             String latestMessage, String latestFailure) {
    }
}
