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

    /** Blocks until the photo is in the gallery. Thread-safe; the same md5 is serialized. */
    UploadResult upload(UploadRequest request);

    /**
     * Hint: photos with these md5s will be uploaded soon (they just entered the sink's window).
     * An implementation may ask Piwigo about all of them in one {@code pwg.images.exist} request
     * and let the coming {@link #upload} calls use the answer instead of asking one by one. Must
     * never throw because Piwigo failed ({@code upload()} then checks on its own); may block
     * briefly. By default nothing is asked ahead.
     */
    default void prefetch(java.util.Collection<String> md5s) {
    }
}
