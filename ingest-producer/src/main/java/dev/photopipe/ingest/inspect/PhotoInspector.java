package dev.photopipe.ingest.inspect;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Reads a photo or video file once to establish its identity (SHA-256 and MD5), its format and
 * its EXIF summary. Implementations are thread-safe: one inspector serves every watcher thread.
 */
public interface PhotoInspector {

    /**
     * Inspects {@code file}.
     *
     * @throws InspectionException when the file is empty, unreadable, of an unsupported type or
     *     visibly truncated; the exception's problem is stable, its message names the file
     */
    Inspection inspect(Path file) throws InspectionException;

    /**
     * Copies {@code source} into {@code copy} and inspects the bytes on their way, in one read:
     * what is hashed is exactly what is written. EXIF is then read from {@code copy}.
     *
     * @param name what messages call the photo (the source's path), never the copy's
     * @throws InspectionException as {@link #inspect}; {@code UNREADABLE} when the source cannot be read
     * @throws java.io.IOException when {@code copy} cannot be written
     */
    Inspection inspectCopy(java.io.InputStream source, Path copy, Path name) throws InspectionException, java.io.IOException;

    /** The standard inspector; {@code clock} decides what counts as an EXIF date in the future. */
    static PhotoInspector create(Clock clock) {
        return new StreamingPhotoInspector(clock);
    }
}
