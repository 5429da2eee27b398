package dev.photopipe.ingest.store;

import dev.photopipe.ingest.inspect.Inspection;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps photos received over HTTP under their content hash: {@code <root>/ab/cd/<sha256>.jpg}.
 * The client's file name is never used for the path, so no name can escape the store or
 * overwrite another photo, and the same bytes sent twice are stored once. Thread-safe.
 */
public final class PhotoStore {
    private final Path root;

    public PhotoStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** A temporary file inside the store's file system, so that {@link #keep} is a rename. */
    public Path newTempFile() throws IOException {
        Path incoming = Files.createDirectories(root.resolve(".incoming"));
        return Files.createTempFile(incoming, "capture-", ".tmp");
    }

    /**
     * Moves an inspected temporary file to its content address and returns that path. When the
     * same bytes are already stored, the temporary file is deleted and the stored one returned.
     */
    public Path keep(Path tempFile, Inspection inspection) throws IOException {
        String sha = inspection.sha256Hex();
        Path target = root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4))
                .resolve(sha + "." + inspection.kind().extension());
        Files.createDirectories(target.getParent());
        try {
            Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tempFile);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory tree, so this only happens on exotic file systems: copy, then swap.
            if (!Files.exists(target)) {
                Files.move(tempFile, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(tempFile);
            }
        }
        return target;
    }
}
