package dev.photopipe.sink.piwigo;

/**
 * A failed Piwigo call, classified once (see {@code Answers}). Messages name the method, the
 * HTTP status and Piwigo's {@code err}/{@code message}; they never contain credentials.
 */
public class PiwigoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What the caller should do about a failure. */
    public enum Kind {
        /** Retry later with backoff: I/O error, timeout, 408, 429, 5xx without a Piwigo verdict. */
        TRANSIENT,
        /** Retrying the same request cannot help: dead-letter the record. */
        PERMANENT,
        /** Bad credentials: stop the sink and say so; dead-lettering every record would be wrong. */
        AUTHENTICATION
    }

    private final Kind kind;
    private final String method;
    private final int httpStatus;
    private final int errorCode;

    public PiwigoException(Kind kind, String method, int httpStatus, int errorCode, String message, Throwable cause) {
        super(method + ": " + message + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : ""), cause);
        this.kind = kind;
        this.method = method;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    /** The ws.php method that failed. */
    public String method() {
        return method;
    }

    /** HTTP status, 0 when no answer arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Piwigo's {@code err}, 0 when the body carried no verdict. */
    public int errorCode() {
        return errorCode;
    }
}
