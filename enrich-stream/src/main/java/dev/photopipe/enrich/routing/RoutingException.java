package dev.photopipe.enrich.routing;

/**
 * A photo could not be routed. Permanent for this record: retrying it with the same rules gives
 * the same answer, so the topology dead-letters it with {@link #reason()} and moves on.
 */
public final class RoutingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why routing failed; written into the dead letter's reason header. */
    public enum Reason {
        /** No enabled rule matched and neither a camera default nor a fallback album applies. */
        UNROUTABLE,
        /** A template referenced a variable the photo and its camera do not provide. */
        TEMPLATE_VARIABLE_MISSING,
        /** A rendered album path came out empty after sanitising (nothing Piwigo could name). */
        INVALID_ALBUM_PATH,
        /** The rule's expiry, rendered for this photo, is not a date (or out of range). */
        INVALID_EXPIRY
    }

    private final Reason reason;

    public RoutingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
