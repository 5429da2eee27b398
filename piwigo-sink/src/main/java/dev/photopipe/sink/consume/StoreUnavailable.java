package dev.photopipe.sink.consume;

/** The photo store did not answer while a photo was read: not the record's fault, so it is tried again later. */
final class StoreUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
