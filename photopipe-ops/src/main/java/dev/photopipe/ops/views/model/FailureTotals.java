package dev.photopipe.ops.views.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Dead letters of one batch and reason by state, and the latest of them (whose message the status
 * page shows). Stored per partition and merged when read; immutable.
 *
 * @param stage           the stage of the latest letter
 * @param latestMessage   its message
 * @param latestFailureMs its failure time, epoch ms
 */
public record FailureTotals(long pending, long replayed, long resolved, String stage, String latestMessage,
                            long latestFailureMs) {
    public static final FailureTotals ZERO = new FailureTotals(0, 0, 0, null, null, 0);

    /** One letter's contribution. */
    public static FailureTotals of(Letter letter) {
        LetterState state = letter.state();
        return new FailureTotals(state == LetterState.PENDING ? 1 : 0, state == LetterState.REPLAYED ? 1 : 0,
                state == LetterState.RESOLVED ? 1 : 0, letter.stage(), letter.message(), letter.failedAtMs());
    }

    /** The counts added; the latest letter of both kept. */
    public FailureTotals plus(FailureTotals o) {
        boolean theirs = o.stage != null && (stage == null || o.latestFailureMs >= latestFailureMs);
        return new FailureTotals(pending + o.pending, replayed + o.replayed, resolved + o.resolved,
                theirs ? o.stage : stage, theirs ? o.latestMessage : latestMessage,
                theirs ? o.latestFailureMs : latestFailureMs);
    }

    /** The counts of {@code o} taken away; the latest letter stays (a letter changing state is still the latest). */
    public FailureTotals minusCounts(FailureTotals o) {
        return new FailureTotals(pending - o.pending, replayed - o.replayed, resolved - o.resolved, stage,
                latestMessage, latestFailureMs);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return pending == 0 && replayed == 0 && resolved == 0;
    }
}
