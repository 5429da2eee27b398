package dev.photopipe.ingest.store;

import dev.photopipe.ingest.inspect.Inspection;
import dev.photopipe.ingest.inspect.InspectionException;
import dev.photopipe.ingest.inspect.PhotoInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way bytes from outside enter photopipe's photo storage, for a photo posted over HTTP
 * and for a fetched {@code http(s):} source alike: written to a temporary file in the store,
 * hashed and inspected there, accepted or refused by the caller, then moved to its content
 * address. Where photos are kept changes here and in {@link PhotoStore}, nowhere else.
 * Thread-safe.
 */
public final class PhotoIntake {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoIntake.class);

    private final PhotoStore store;
    private final PhotoInspector inspector;

    public PhotoIntake(PhotoStore store, PhotoInspector inspector) {
        this.store = store;
        this.inspector = inspector;
    }

    /** Writes the bytes into {@code file} (an empty temporary file in the store). */
    @FunctionalInterface
    public interface Writer<E extends Exception> {
        void writeTo(Path file) throws IOException, E;
    }

    /** Refuses bytes whose inspection contradicts what the caller said about them, before they are kept. */
    @FunctionalInterface
    public interface Acceptance<E extends Exception> {
        void accept(Inspection inspection) throws E;
    }

    /** A photo kept under its content address. */
    public record Received(Path stored, Inspection inspection) {
    }

    /**
     * Receives one photo. Whatever fails, the temporary file is gone afterwards; nothing is kept
     * that was not inspected and accepted.
     *
     * @throws InspectionException when the bytes are no acceptable photo (empty, truncated, wrong type)
     * @throws IOException when the store cannot be written
     * @throws E what {@code writer} or {@code acceptance} refuse with
     */
    public <E extends Exception> Received receive(Writer<E> writer, Acceptance<E> acceptance)
            throws IOException, InspectionException, E {
        Path temp = store.newTempFile();
        try {
            writer.writeTo(temp);
            Inspection inspection = inspector.inspect(temp);
            acceptance.accept(inspection);
            return new Received(store.keep(temp, inspection), inspection);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.debug("Could not delete temporary file {}", temp, e);
            }
        }
    }

    public PhotoStore store() {
        return store;
    }
}
