package dev.photopipe.ops.views.model;

/**
 * What ingest said of a photo: its first capture event. Immutable.
 *
 * @param captureTimeMs when the photo was taken, epoch ms
 * @param ingestTimeMs  when ingest published it, epoch ms
 * @param fileName      the file name the camera or client gave it
 * @param sourceUri     where the sink reads the bytes
 * @param camera        the source (camera) id
 * @param batch         the batch (lot), or null
 */
public record Capture(long captureTimeMs, long ingestTimeMs, String fileName, String sourceUri, String camera,
                      String site, String line, String station, String batch, String mediaType, long sizeBytes,
                      String md5) {
}
