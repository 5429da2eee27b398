package dev.photopipe.sink.upload;

/**
 * What became of one {@link UploadRequest}.
 *
 * @param imageId  the Piwigo image holding the photo
 * @param albumId  the album it was linked to
 * @param uploaded {@code true} when the bytes were sent now; {@code false} when Piwigo already
 *                 had them (only album and tag links were made sure of)
 */
public record UploadResult(long imageId, long albumId, boolean uploaded) {
}
