package dev.photopipe.sink.source;

/**
 * Why a photo's bytes cannot be handed to the uploader. {@link Kind#UNAVAILABLE} is the store's
 * fault, not the photo's (try again later); the others are the photo's (dead-letter it).
 */
public final class SourceProblem extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** Nothing at the source: never stored, deleted by retention or by hand. */
        MISSING,
        /** The source cannot be read as named: a scheme or bucket this sink does not read, a refused file. */
        UNREADABLE,
        /** The bytes read do not have the MD5 the event announced: changed or damaged since ingest. */
        MD5_MISMATCH,
        /** The photo store did not answer or failed: transient. */
        UNAVAILABLE
    }

    private final Kind kind;

    /** @param message says what is wrong and the fix, for the dead letter */
    public SourceProblem(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
