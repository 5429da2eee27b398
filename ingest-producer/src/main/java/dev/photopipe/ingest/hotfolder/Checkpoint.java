package dev.photopipe.ingest.hotfolder;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which files were published, so that a restart neither publishes them again nor
 * misses a file that arrived while the producer was down (it is simply not in here).
 *
 * <p>A file is recorded only after the broker acknowledged its event. A crash between the
 * acknowledgement and the record re-publishes that one file on restart, with the same photo id:
 * the enrich stream drops it as a duplicate capture, so nothing downstream happens twice.
 *
 * <p>Stored as an append-only text file (one line per file: size, modification times, path),
 * compacted at start-up to the files that still exist. Hand-written because it is a set of
 * strings appended to a file; an embedded database would add more than it saves.
 * Thread-safe.
 */
public final class Checkpoint implements AutoCloseable {
    private final Path file;
    private final Map<String, FileVersion> published = new ConcurrentHashMap<>();
    private final BufferedWriter writer;

    /**
     * A photo as seen on disk; a changed size or time, of the photo or of its sidecar, makes it a
     * new version (so fixing a broken sidecar gets the photo taken again).
     *
     * @param sidecarModifiedMillis the sidecar's modification time, 0 without a sidecar
     */
    public record FileVersion(long sizeBytes, long modifiedMillis, long sidecarModifiedMillis) {
    }

    private Checkpoint(Path file) throws IOException {
        this.file = file;
        load();
        compact();
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /**
     * Opens (or creates) the checkpoint file.
     *
     * @throws UncheckedIOException naming the file when it cannot be read or written
     */
    public static Checkpoint open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new Checkpoint(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the ingest checkpoint " + file + ": " + e.getMessage()
                    + ". Point ingest.state.dir at a writable directory.", e);
        }
    }

    /** Whether exactly this version of {@code path} was published. */
    public boolean isPublished(Path path, FileVersion version) {
        return version.equals(published.get(path.toString()));
    }

    /** Records a published file durably (flushed before returning). */
    public synchronized void markPublished(Path path, FileVersion version) {
        published.put(path.toString(), version);
        try {
            writer.write(line(path.toString(), version));
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the ingest checkpoint " + file, e);
        }
    }

    public int size() {
        return published.size();
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the ingest checkpoint " + file, e);
        }
    }

    private static String line(String path, FileVersion version) {
        return version.sizeBytes() + "\t" + version.modifiedMillis() + "\t" + version.sidecarModifiedMillis()
                + "\t" + path + "\n";
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] parts = line.split("\t", 4);
            // A line cut short by a crash mid-write is skipped: its file is published again.
            if (parts.length == 4) {
                try {
                    published.put(parts[3], new FileVersion(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                            Long.parseLong(parts[2])));
                } catch (NumberFormatException ignored) {
                    // same as above: a torn line
                }
            }
        }
    }

    private void compact() throws IOException {
        published.keySet().removeIf(path -> !Files.exists(Path.of(path)));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, FileVersion> entry : published.entrySet()) {
                out.write(line(entry.getKey(), entry.getValue()));
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
