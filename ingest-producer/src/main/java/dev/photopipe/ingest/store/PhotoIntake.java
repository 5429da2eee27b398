package dev.photopipe.ingest.store;

import dev.photopipe.ingest.inspect.Inspection;
import dev.photopipe.ingest.inspect.InspectionException;
import dev.photopipe.ingest.inspect.PhotoInspector;
import dev.photopipe.store.PhotoKey;
import dev.photopipe.store.PhotoStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way bytes enter the photo store, whatever the way in (a hot-folder file, an import, a
 * photo posted over HTTP, a fetched {@code http(s):} source, a JSON capture's {@code file:}):
 * written to a staging file, hashed and inspected there, accepted or refused by the caller, then
 * kept in the store under their photo id. What is hashed is what is kept: a file that changes
 * while or after it is read cannot put other bytes under the id. Thread-safe.
 */
public final class PhotoIntake {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoIntake.class);

    private final PhotoStore store;
    private final PhotoInspector inspector;

    public PhotoIntake(PhotoStore store, PhotoInspector inspector) {
        this.store = store;
        this.inspector = inspector;
    }

    /** Writes the bytes into {@code file} (an empty staging file). */
    @FunctionalInterface
    public interface Writer<E extends Exception> {
        void writeTo(Path file) throws IOException, E;
    }

    /** Refuses bytes whose inspection contradicts what the caller said about them, before they are kept. */
    @FunctionalInterface
    public interface Acceptance<E extends Exception> {
        void accept(Inspection inspection) throws E;
    }

    /** A photo kept in the store. @param uri what its event carries */
    public record Received(URI uri, Inspection inspection) {
    }

    /**
     * Receives one photo. Whatever fails, the staging file is gone afterwards; nothing is kept
     * that was not inspected and accepted. Returns once the store holds the bytes durably.
     *
     * @throws InspectionException when the bytes are no acceptable photo (empty, truncated, wrong type)
     * @throws IOException when the source cannot be read or the store cannot be written
     * @throws E what {@code writer} or {@code acceptance} refuse with
     */
    public <E extends Exception> Received receive(Writer<E> writer, Acceptance<E> acceptance)
            throws IOException, InspectionException, E {
        Path staged = store.newStagingFile();
        try {
            writer.writeTo(staged);
            Inspection inspection = inspector.inspect(staged);
            acceptance.accept(inspection);
            URI uri = store.put(staged, new PhotoKey(inspection.sha256Hex(), inspection.kind().extension()),
                    inspection.md5Hex());
            return new Received(uri, inspection);
        } finally {
            try {
                Files.deleteIfExists(staged);
            } catch (IOException e) {
                LOG.debug("Could not delete staging file {}", staged, e);
            }
        }
    }

    /**
     * Keeps a local file (hot folder, import). On the local store's file system it is staged as a
     * hard link and hashed there (no copy written); elsewhere it is read once, hashed and inspected
     * on its way into the staging file, so a file that changes meanwhile cannot put other bytes
     * under the id.
     *
     * @throws InspectionException when the bytes are no acceptable photo, or the source cannot be read
     * @throws IOException when the store cannot be written
     */
    public Received copyOf(Path source) throws IOException, InspectionException {
        Optional<Path> linked = store.linkStaging(source);
        Path staged = linked.isPresent() ? linked.get() : store.newStagingFile();
        try {
            Inspection inspection;
            if (linked.isPresent()) {
                inspection = inspector.inspect(staged);
            } else {
                try (InputStream in = open(source)) {
                    inspection = inspector.inspectCopy(in, staged, source);
                }
            }
            URI uri = store.put(staged, new PhotoKey(inspection.sha256Hex(), inspection.kind().extension()),
                    inspection.md5Hex());
            return new Received(uri, inspection);
        } finally {
            deleteQuietly(staged);
        }
    }

    private static InputStream open(Path source) throws InspectionException {
        try {
            return Files.newInputStream(source);
        } catch (IOException e) {
            throw new InspectionException(source, InspectionException.Problem.UNREADABLE, e instanceof
                    java.nio.file.NoSuchFileException ? "the file vanished before it could be read"
                    : "cannot be read (" + e.getMessage() + "); check the file's permissions", e);
        }
    }

    private static void deleteQuietly(Path staged) {
        try {
            Files.deleteIfExists(staged);
        } catch (IOException e) {
            LOG.debug("Could not delete staging file {}", staged, e);
        }
    }

    public PhotoStore store() {
        return store;
    }
}
