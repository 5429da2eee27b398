package dev.photopipe.schemas.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Exclusive use of a local directory by one owner: an OS file lock on a file inside it, which
 * holds the owner's pid for whoever looks. Released by {@link #close()} or, if the process dies,
 * by the operating system, so a crash never leaves a stale lock behind. Within one JVM a second
 * attempt is refused too (the JDK reports the overlap instead of granting it).
 *
 * <p>Shared by the places that must not let two processes use the same state: the CLI's data
 * directory and the sink's ledger store. Each caller words its own refusal.
 */
public final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} if needed and locks {@code dir/fileName}.
     *
     * @return empty when another process (or another owner in this JVM) holds the lock
     */
    public static Optional<DirectoryLock> tryAcquire(Path dir, String fileName) throws IOException {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(fileName), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        return Optional.of(new DirectoryLock(channel, lock));
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
