package dev.photopipe.sink.source;

import java.util.concurrent.CancellationException;

/**
 * Where the sink gets a photo's bytes: the seam between the upload window and the photo store.
 * {@link PhotoStaging} is the implementation; unit tests of the window give their own.
 * Implementations are thread-safe: the upload threads share one.
 */
public interface PhotoSource {

    /**
     * The photo at {@code sourceUri} as a local file whose bytes have the MD5 the event announced;
     * close it after the upload.
     *
     * @param md5Hex    the MD5 the event announced
     * @param sizeBytes the size the event announced
     * @throws SourceProblem saying why not: bytes gone, unreadable, other bytes than announced, store down
     * @throws CancellationException when interrupted while waiting
     */
    StagedPhoto stage(String sourceUri, String md5Hex, long sizeBytes) throws SourceProblem;
}
