package dev.photopipe.schemas.registry;

/**
 * The registry failed transiently (unreachable, timeout, 408, 429, 5xx) on every one of the
 * bounded attempts. The message names the URL, the attempts and the setting to check. The cause
 * is the last failure.
 */
public class RegistryUnavailableException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;
    private final int attempts;

    public RegistryUnavailableException(String message, int httpStatus, int attempts, Throwable cause) {
        super(message, httpStatus, httpStatus, cause);
        this.attempts = attempts;
    }

    /** How many calls were made before giving up. */
    public int attempts() {
        return attempts;
    }
}
