package dev.photopipe.piwigo.emulator;

/** A Piwigo {@code PwgError}: the {@code err} code and the HTTP status real Piwigo pairs with it. */
final class WsError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int code;

    WsError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** ws.php sets the HTTP status to the code only for 400 <= code < 600; 999/1002/1003 stay 200. */
    int httpStatus() {
        return code >= 400 && code < 600 ? code : 200;
    }

    static WsError missing(String param) {
        return new WsError(1002, "Missing parameters: " + param);
    }

    static WsError invalid(String message) {
        return new WsError(1003, message);
    }
}
