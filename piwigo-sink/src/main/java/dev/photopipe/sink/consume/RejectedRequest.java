package dev.photopipe.sink.consume;

import dev.photopipe.schemas.deadletter.ReasonCode;

/** The record itself is wrong (its source, its type, its bytes): dead-letter it with {@link #reason()}. */
final class RejectedRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ReasonCode reason;

    RejectedRequest(ReasonCode reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    ReasonCode reason() {
        return reason;
    }
}
