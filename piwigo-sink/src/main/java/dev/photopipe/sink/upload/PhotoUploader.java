package dev.photopipe.sink.upload;

/**
 * Puts one photo into the gallery, exactly once per md5: asks {@code pwg.images.exist} first;
 * when found, only makes sure the album and tags are linked; otherwise uploads, publishes from
 * the lounge and sets title, album and tags.
 *
 * <p>Thread-safe and meant to be called from many threads: requests for the same md5 run one at
 * a time (Piwigo has no unique index on md5), different md5s upload in parallel up to the
 * in-flight limit ({@code upload.max.in.flight}). Failures are the client's classified
 * {@link dev.photopipe.sink.piwigo.PiwigoException}s.
 */
public interface PhotoUploader {

    /** Blocks until the photo is in the gallery. */
    UploadResult upload(UploadRequest request);
}
