package dev.photopipe.ops.views.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One dead letter as the views know it: its context (from the headers), and whether it was
 * replayed or resolved. Immutable; the {@code with...} methods return copies.
 *
 * @param letterId     the letter's own {@code <partition>-<offset>} in the dead-letter topic
 * @param subject      the failed record's key: the photo id, or for ingest letters the file path
 * @param sourceTopic  the topic the record failed on
 * @param stage        {@code ingest}, {@code enrich}, {@code sink}, {@code expiry} or {@code replay}
 * @param reason       the reason code, e.g. {@code PIWIGO_REJECTED}
 * @param message      the failure message (it names the file or photo), or null
 * @param failedAtMs   the last failure, epoch ms
 * @param batch        the photo's batch (lot) as the letter carries it, or null
 * @param replayedAtMs when it was replayed, or null
 * @param resolution   why it needs nothing more, or null
 */
public record Letter(String letterId, String subject, String sourceTopic, String stage, String reason, String message,
                     long failedAtMs, String batch, int attempts, Long replayedAtMs, Resolution resolution) {

    /** A letter known only by a mark or a resolution that arrived before the letter itself. */
    public static Letter unknown(String letterId) {
        return new Letter(letterId, null, null, null, null, null, 0, null, 0, null, null);
    }

    /** True once the letter itself (not only its mark or resolution) was read. */
    @JsonIgnore
    public boolean known() {
        return reason != null;
    }

    @JsonIgnore
    public LetterState state() {
        return resolution != null ? LetterState.RESOLVED
                : replayedAtMs != null ? LetterState.REPLAYED : LetterState.PENDING;
    }

    /** This letter's context taken from {@code read}, keeping what is known of its lifecycle. */
    public Letter withContext(Letter read) {
        return new Letter(letterId, read.subject, read.sourceTopic, read.stage, read.reason, read.message,
                read.failedAtMs, read.batch, read.attempts, replayedAtMs, resolution);
    }

    public Letter withReplayedAt(Long at) {
        return new Letter(letterId, subject, sourceTopic, stage, reason, message, failedAtMs, batch, attempts, at,
                resolution);
    }

    public Letter withResolution(Resolution resolved) {
        return new Letter(letterId, subject, sourceTopic, stage, reason, message, failedAtMs, batch, attempts,
                replayedAtMs, resolved);
    }
}
