package dev.photopipe.sink.source;

import dev.photopipe.store.PhotoMissingException;
import dev.photopipe.store.PhotoStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The sink's edge to the photo store: turns an event's source URI into a local file the uploader
 * streams, and checks its bytes against the MD5 the event announced before a single byte goes to
 * Piwigo, so a photo changed or damaged since ingest is refused instead of uploaded under the
 * wrong identity.
 *
 * <ul>
 *   <li>{@code file:} URIs (the local store, or events written before the store existed): the file
 *       itself, read once to check its MD5;</li>
 *   <li>URIs of a remote store ({@code s3://bucket/key} of the configured bucket): streamed into a
 *       spool file, the MD5 computed while streaming, deleted when the upload is done. The spool
 *       holds at most {@code spoolMaxBytes} at once; uploads wait for room.</li>
 * </ul>
 * Memory stays flat whatever the photo's size: everything is streamed through a fixed buffer.
 * Thread-safe: the upload threads share one instance.
 */
public final class PhotoStaging implements PhotoSource, AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    private final PhotoStore store;
    private final Path spool;
    private final SpoolRoom room;

    /** @param store the configured photo store, closed with this */
    public PhotoStaging(PhotoStore store, Path spool, long spoolMaxBytes) {
        this.store = store;
        this.spool = spool.toAbsolutePath().normalize();
        this.room = new SpoolRoom(spoolMaxBytes);
    }

    /**
     * The photo at {@code sourceUri} as a checked local file.
     *
     * @param md5Hex the MD5 the event announced
     * @param sizeBytes the size the event announced: the room taken in the spool
     * @throws SourceProblem saying why not
     * @throws CancellationException when interrupted while waiting for room in the spool
     */
    @Override
    public StagedPhoto stage(String sourceUri, String md5Hex, long sizeBytes) throws SourceProblem {
        URI uri = parse(sourceUri);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.isEmpty() || scheme.equals("file")) {
            Path file = scheme.isEmpty() ? Path.of(sourceUri) : Path.of(uri);
            return inPlace(file, uri, md5Hex);
        }
        if (!store.owns(uri)) {
            throw new SourceProblem(SourceProblem.Kind.UNREADABLE, uri + " is not in this sink's photo store ("
                    + store.describe() + "); give the sink the photo.store.* settings ingest uses", null);
        }
        Optional<Path> local = store.localFile(uri);
        if (local.isPresent()) {
            return inPlace(local.get(), uri, md5Hex);
        }
        return spooled(uri, md5Hex, Math.max(0, sizeBytes));
    }

    private static URI parse(String sourceUri) throws SourceProblem {
        if (sourceUri == null || sourceUri.isBlank()) {
            throw new SourceProblem(SourceProblem.Kind.UNREADABLE, "the event names no photo source", null);
        }
        try {
            return new URI(sourceUri);
        } catch (URISyntaxException e) {
            throw new SourceProblem(SourceProblem.Kind.UNREADABLE, "the photo source is no URI: " + e.getMessage(), e);
        }
    }

    private StagedPhoto inPlace(Path file, URI uri, String md5Hex) throws SourceProblem {
        try (InputStream in = Files.newInputStream(file)) {
            long size = check(uri, in, OutputStream.nullOutputStream(), md5Hex);
            return new Staged(file, size, null, 0);
        } catch (NoSuchFileException e) {
            throw gone(uri, e);
        } catch (AccessDeniedException e) {
            throw new SourceProblem(SourceProblem.Kind.UNREADABLE, "the sink may not read " + file, e);
        } catch (IOException e) {
            throw new SourceProblem(SourceProblem.Kind.UNREADABLE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private StagedPhoto spooled(URI uri, String md5Hex, long sizeBytes) throws SourceProblem {
        try {
            room.take(sizeBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for room in the spool");
        }
        Path file = null;
        try {
            file = Files.createTempFile(Files.createDirectories(spool), "upload-", ".tmp");
            long size;
            try (InputStream in = store.open(uri); OutputStream out = Files.newOutputStream(file)) {
                size = check(uri, in, out, md5Hex);
            }
            return new Staged(file, size, room, sizeBytes);
        } catch (PhotoMissingException e) {
            release(file, sizeBytes);
            throw gone(uri, e);
        } catch (SourceProblem e) {
            release(file, sizeBytes);
            throw e;
        } catch (IOException | RuntimeException e) {
            release(file, sizeBytes);
            throw new SourceProblem(SourceProblem.Kind.UNAVAILABLE, "could not read " + uri + " from the photo store: "
                    + e.getMessage(), e);
        }
    }

    private void release(Path file, long sizeBytes) {
        deleteQuietly(file);
        room.give(sizeBytes);
    }

    /** Copies {@code in} to {@code out}, returns the size; throws when the MD5 differs from the event's. */
    private static long check(URI uri, InputStream in, OutputStream out, String md5Hex) throws IOException, SourceProblem {
        MessageDigest md5 = md5();
        byte[] buffer = new byte[BUFFER_BYTES];
        long size = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            md5.update(buffer, 0, n);
            out.write(buffer, 0, n);
            size += n;
        }
        String actual = HEX.formatHex(md5.digest());
        if (!actual.equalsIgnoreCase(md5Hex)) {
            throw new SourceProblem(SourceProblem.Kind.MD5_MISMATCH, "the bytes at " + uri + " have MD5 " + actual
                    + ", not the " + md5Hex + " ingest recorded: the photo changed or was damaged after its capture; "
                    + "capture it again", null);
        }
        return size;
    }

    private static SourceProblem gone(URI uri, IOException e) {
        return new SourceProblem(SourceProblem.Kind.MISSING, "the photo's bytes are gone from " + uri + " (deleted by "
                + "photo.store.retention.ms after the ledger recorded the upload, or by hand); capture the photo again",
                e);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 missing from this JVM", e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover spool file is deleted with the folder's next cleanup at start.
        }
    }

    /** Bytes the spool holds now. */
    long spooledBytes() {
        return room.used();
    }

    /** Deletes spool files a crash left behind; call before the first {@link #stage}. */
    public void cleanSpool() {
        if (!Files.isDirectory(spool)) {
            return;
        }
        try (var files = Files.list(spool)) {
            files.filter(f -> f.getFileName().toString().startsWith("upload-")).forEach(PhotoStaging::deleteQuietly);
        } catch (IOException ignored) {
            // nothing to clean, or nothing we may clean
        }
    }

    @Override
    public void close() {
        store.close();
    }

    private static final class Staged implements StagedPhoto {
        private final Path path;
        private final long size;
        private final SpoolRoom room;
        private final long taken;
        private boolean closed;

        /** @param room null for a file uploaded in place (not deleted on close) */
        Staged(Path path, long size, SpoolRoom room, long taken) {
            this.path = path;
            this.size = size;
            this.room = room;
            this.taken = taken;
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public long sizeBytes() {
            return size;
        }

        @Override
        public void close() {
            if (closed || room == null) {
                return;
            }
            closed = true;
            deleteQuietly(path);
            room.give(taken);
        }
    }
}
