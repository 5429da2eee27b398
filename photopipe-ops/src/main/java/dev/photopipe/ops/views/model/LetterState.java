package dev.photopipe.ops.views.model;

/** Where a dead letter is in its lifecycle: each letter is in exactly one state. */
public enum LetterState {
    /** Neither replayed nor resolved: it needs an operator (or a later upload of its photo). */
    PENDING,
    /** Re-published by {@code photopipe replay} (or the page's button); not resolved yet. */
    REPLAYED,
    /** Its photo reached Piwigo later, or an operator resolved it. Replay skips it. */
    RESOLVED
}
