package dev.photopipe.cli.runtime;

import dev.photopipe.schemas.state.DirectoryLock;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Exclusive use of a data directory by one photopipe process, taken before the embedded broker
 * starts. Why: a second broker starting on a directory in use touches its metadata log before
 * Kafka's own lock refuses it, which can leave the running broker unable to stop. Released by
 * {@link #close()} or, if the process dies, by the operating system.
 */
public final class DataDirLock implements AutoCloseable {
    private static final String FILE = "photopipe.lock";

    private final DirectoryLock lock;

    private DataDirLock(DirectoryLock lock) {
        this.lock = lock;
    }

    /**
     * @throws InUseException naming the directory and the fix when another process holds it
     */
    public static DataDirLock acquire(Path dataDir) throws IOException {
        return new DataDirLock(DirectoryLock.tryAcquire(dataDir, FILE).orElseThrow(() -> new InUseException(
                "The data directory " + dataDir + " is in use by another photopipe "
                        + "process. Stop that process, or give this one its own --data-dir.")));
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }

    /** Another process uses the data directory. */
    public static final class InUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InUseException(String message) {
            super(message);
        }
    }
}
