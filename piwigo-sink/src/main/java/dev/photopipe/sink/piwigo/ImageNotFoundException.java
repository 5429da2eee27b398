package dev.photopipe.sink.piwigo;

/**
 * Piwigo has no image with the id a call named: deleted since (by a person, or by an earlier call
 * whose answer was lost). PERMANENT: asking again cannot bring it back. Callers acting on one
 * image tell it apart from other failures to record "already gone" instead of retrying.
 */
public final class ImageNotFoundException extends PiwigoException {
    private static final long serialVersionUID = 1L;

    private final long imageId;

    public ImageNotFoundException(String method, int httpStatus, int errorCode, long imageId) {
        super(Kind.PERMANENT, method, httpStatus, errorCode, "image " + imageId + " does not exist", null);
        this.imageId = imageId;
    }

    /** The image id Piwigo does not know. */
    public long imageId() {
        return imageId;
    }
}
