package dev.photopipe.schemas.registry;

/**
 * The registry answered with an error, or could not be reached. Permanent unless it is a
 * {@link RegistryUnavailableException}: retrying the same call gives the same answer.
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** No HTTP status: the registry was not reached. */
    public static final int NO_STATUS = -1;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status of the registry's answer, or {@link #NO_STATUS}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code} (e.g. 40403 schema not found), or the HTTP status when it sent none. */
    public int errorCode() {
        return errorCode;
    }
}
