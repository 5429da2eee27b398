package dev.photopipe.ops.views.query;

import java.util.List;

/**
 * Per-batch progress and dead letters of the whole pipeline, summed over every instance. The JSON
 * field names are a contract (fields are added, never renamed). Immutable.
 *
 * @param batches     one row per batch, sorted by batch
 * @param failures    one row per batch and reason, sorted
 * @param unreachable instances whose share could not be read ({@code host:port: why}); the counts lack it
 * @param expiring    photos whose expiry is due in the next 30 days and not acted on yet (overdue ones
 *                    included), soonest first, at most 100
 * @param expiringLimitHit more photos expire in the next 30 days than {@code expiring} lists
 */
public record ViewTotals(List<BatchRow> batches, List<FailureRow> failures, List<String> unreachable,
                         List<ExpiringRow> expiring, boolean expiringLimitHit) {
    public ViewTotals {
        batches = List.copyOf(batches);
        failures = List.copyOf(failures);
        unreachable = List.copyOf(unreachable);
        expiring = expiring == null ? List.of() : List.copyOf(expiring);
    }

    /** No counts (the views could not be read). */
    public static ViewTotals none() {
        return new ViewTotals(List.of(), List.of(), List.of(), List.of(), false);
    }

    /**
     * A photo whose expiry comes soon.
     *
     * @param expiresAt ISO-8601
     * @param action    {@code none}, {@code archive} or {@code delete}
     * @param ruleId    the rule it comes from; null when changed by hand
     * @param setBy     {@code rule}, {@code hand} ({@code expiry extend}) or {@code reapply}
     * @param overdue   its time passed and the expiry service has not acted yet
     * @param imageUrl  the image's page in the gallery, or null
     */
    public record ExpiringRow(String photoId, Long imageId, String file, String batch, String expiresAt, String action,
                              String ruleId, String setBy, boolean overdue, String imageUrl) {
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
