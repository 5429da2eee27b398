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

    /** The standard inspector; {@code clock} decides what counts as an EXIF date in the future. */
    static PhotoInspector create(Clock clock) {
        return new StreamingPhotoInspector(clock);
    }
}
