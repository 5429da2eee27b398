package dev.photopipe.sink.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far a local ledger partition is complete.
 *
 * @param topicId the ledger topic's id when the store was filled: a topic deleted and created
 *                again under the same name gets a new id, and the local state is then wiped
 * @param offset  the next ledger offset to read: every record before it is in the local store
 * @param readAt  a time no later than the append of any record at {@code offset} or beyond, so
 *                that tombstones past the checkpoint are known to be younger than {@code now - readAt}
 */
record Checkpoint(String topicId, long offset, Instant readAt) {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
    private static final String VERSION = "1";

    /** The checkpoint in {@code file}; empty when there is none or it cannot be read (then: rebuild). */
    static Optional<Checkpoint> read(Path file) {
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
            if (!VERSION.equals(props.getProperty("version"))) {
                throw new IllegalArgumentException("unknown version " + props.getProperty("version"));
            }
            return Optional.of(new Checkpoint(props.getProperty("topic.id", ""),
                    Long.parseLong(props.getProperty("offset")), Instant.parse(props.getProperty("read.at"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ledger checkpoint {} unreadable ({}); the partition is rebuilt from the topic", file, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Writes atomically and durably: a crash leaves either the old or the new file, never half of
     * one. Call only once the data the checkpoint covers is durable.
     */
    void write(Path file) {
        String text = "version=" + VERSION + "\ntopic.id=" + topicId + "\noffset=" + offset + "\nread.at=" + readAt + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ledger checkpoint " + file, e);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is fine there. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync directory {}: {}", dir, e.toString());
        }
    }
}
