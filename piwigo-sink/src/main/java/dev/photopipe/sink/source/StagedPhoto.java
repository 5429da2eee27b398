package dev.photopipe.sink.source;

import java.nio.file.Path;

/**
 * A photo's bytes as a local file the uploader streams, checked against the event's MD5. Close
 * it once the upload is done: a spooled copy is deleted then and its room in the spool released;
 * a file of a local store stays. Not thread-safe; one upload uses it.
 */
public interface StagedPhoto extends AutoCloseable {

    /** The file to upload. */
    Path path();

    /** Its size in bytes. */
    long sizeBytes();

    @Override
    void close();
}
