package dev.photopipe.ops.views.topology;

import dev.photopipe.ops.views.model.Letter;
import dev.photopipe.ops.views.model.Resolution;

/**
 * One thing that happened to a dead letter, keyed by letter id: the letter was read, marked
 * replayed, or resolved. Exactly one field is set. Immutable.
 */
record LetterEvent(Letter read, Long replayedAtMs, Resolution resolution) {
    static LetterEvent read(Letter letter) {
        return new LetterEvent(letter, null, null);
    }

    static LetterEvent replayed(long atMs) {
        return new LetterEvent(null, atMs, null);
    }

    static LetterEvent resolved(Resolution resolution) {
        return new LetterEvent(null, null, resolution);
    }

    /** {@code letter} after this event; a letter stays replayed or resolved once it is. */
    Letter applyTo(Letter letter) {
        if (read != null) {
            return letter.withContext(read);
        }
        if (replayedAtMs != null) {
            return letter.replayedAtMs() != null ? letter : letter.withReplayedAt(replayedAtMs);
        }
        return letter.resolution() != null ? letter : letter.withResolution(resolution);
    }
}
