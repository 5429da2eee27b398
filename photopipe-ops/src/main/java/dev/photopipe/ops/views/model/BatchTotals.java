package dev.photopipe.ops.views.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Photo counts of one batch (lot): each photo counts once in each column that applies. Stored per
 * partition and summed when read; immutable.
 *
 * @param captured   photos with a capture event
 * @param duplicates capture events beyond each photo's first (re-sent files, replays)
 * @param routed     photos with an upload request
 * @param uploaded   photos in Piwigo (uploaded, or found there by md5)
 * @param failed     photos the sink gave up on (ledger FAILED)
 */
public record BatchTotals(long captured, long duplicates, long routed, long uploaded, long failed) {
    public static final BatchTotals ZERO = new BatchTotals(0, 0, 0, 0, 0);

    public BatchTotals plus(BatchTotals o) {
        return new BatchTotals(captured + o.captured, duplicates + o.duplicates, routed + o.routed,
                uploaded + o.uploaded, failed + o.failed);
    }

    public BatchTotals minus(BatchTotals o) {
        return new BatchTotals(captured - o.captured, duplicates - o.duplicates, routed - o.routed,
                uploaded - o.uploaded, failed - o.failed);
    }

    @JsonIgnore
    public boolean isZero() {
        return equals(ZERO);
    }
}
