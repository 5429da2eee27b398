package dev.photopipe.schemas.deadletter;

import java.util.Locale;

/**
 * Whether a failure may go away by itself. Decided once where the failure is classified;
 * replay tools re-publish {@code TRANSIENT} dead letters first.
 */
public enum FailureKind {
    /** The environment failed (service down, timeout): the same record may succeed later. */
    TRANSIENT,
    /** The record or the configuration is wrong: it fails again until someone fixes it. */
    PERMANENT;

    /** The header value, e.g. {@code permanent}. */
    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FailureKind fromHeaderValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
