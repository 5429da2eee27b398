package dev.photopipe.expiry.gallery;

/**
 * The gallery did not do an expiry's action: it did not answer, answered an error, or refused the
 * credentials. Nothing is recorded; the same expiry is tried again at the next check.
 */
public final class GalleryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GalleryException(String message, Throwable cause) {
        super(message, cause);
    }
}
