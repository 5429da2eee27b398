package dev.photopipe.sink.upload;

/**
 * Puts one photo into the gallery, exactly once per md5: asks {@code pwg.images.exist} first
 * (answered in advance for many photos at once by {@link #prefetch}); when found, only makes sure
 * the album and tags are linked; otherwise uploads, and sets title, description, level and tags
 * again only where Piwigo's answer to the upload differs from the request. Piwigo keeps a new
 * photo in its lounge until it is published; publishing is batched (see the implementation).
 *
 * <p>Thread-safe and meant to be called from many threads: requests for the same md5 run one at
 * a time (Piwigo has no unique index on md5), different md5s upload in parallel; how many at once
 * is the caller's decision. Failures are the client's classified
 * {@link dev.photopipe.sink.piwigo.PiwigoException}s, and {@link UnstorableTextException} for a
 * name the gallery's database cannot store when the settings say to reject it.
 */
public interface PhotoUploader extends AutoCloseable {

    /** Blocks until the photo is in the gallery. Thread-safe; the same md5 is serialized. */
    UploadResult upload(UploadRequest request);

    /**
     * Hint: photos with these md5s will be uploaded soon (they just entered the sink's window).
     * An implementation may ask Piwigo about all of them in one {@code pwg.images.exist} request
     * (the gallery uploader does so lazily, in the first upload that needs an answer) and let the
     * coming {@link #upload} calls use the answer instead of asking one by one. Never throws
     * ({@code upload()} checks on its own when no answer came); may block briefly. By default
     * nothing is asked ahead.
     */
    default void prefetch(java.util.Collection<String> md5s) {
    }

    /** Finishes background work (e.g. publishes the lounge once more); never throws. */
    @Override
    default void close() {
    }

    /** Stops background work as a killed process would, finishing nothing; never throws. */
    default void abandon() {
    }
}
