package dev.photopipe.ingest.http;

import dev.photopipe.ingest.capture.UntrustedText;

/**
 * A capture request refused with an HTTP status and a message for the client. The message says
 * what was wrong and how to fix it; it names no server path and no allowed folder, and is cleaned
 * of control characters (it may quote what the client sent, and it is logged).
 */
final class CaptureRefused extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;

    /** @param field the request field at fault ({@code sourceUri}, {@code metadata.batch}), or null */
    CaptureRefused(int status, String field, String message) {
        super(UntrustedText.clean(message));
        this.status = status;
        this.field = field;
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }
}
