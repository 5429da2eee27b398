package dev.photopipe.sink.piwigo;

/**
 * Piwigo refused the credentials (err 999, or HTTP 401 for an API key or after one re-login).
 * Fatal for the sink: it must stop and report, not dead-letter records.
 */
public final class PiwigoAuthenticationException extends PiwigoException {
    private static final long serialVersionUID = 1L;

    public PiwigoAuthenticationException(String method, int httpStatus, int errorCode, String message) {
        super(Kind.AUTHENTICATION, method, httpStatus, errorCode, message, null);
    }
}
