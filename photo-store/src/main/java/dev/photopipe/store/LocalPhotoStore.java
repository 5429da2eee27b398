package dev.photopipe.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@link PhotoStore} on a directory: {@code <root>/ab/cd/<sha256>.<ext>}, staged in
 * {@code <root>/.incoming} and renamed into place after an fsync, so a photo is on disk before
 * anything points at it and visible whole or not at all. A file of the same file system may be
 * staged as a hard link ({@link #linkStaging}): no second copy of its bytes is written. The directory may be a network share
 * every node mounts (then every node must mount it at the same path: events carry {@code file:}
 * URIs). Thread-safe.
 */
final class LocalPhotoStore implements PhotoStore {
    static final String INCOMING = ".incoming";

    private final Path root;
    private final boolean fsync;
    private final boolean link;

    /**
     * @param fsync whether {@link #put} forces the bytes to disk before the rename (false in tests only)
     * @param link whether {@link #linkStaging} may hard-link files of the same file system
     */
    LocalPhotoStore(Path root, boolean fsync, boolean link) {
        this.root = root.toAbsolutePath().normalize();
        this.fsync = fsync;
        this.link = link;
    }

    Path root() {
        return root;
    }

    @Override
    public Path newStagingFile() throws IOException {
        return Files.createTempFile(stagingDir(), "photo-", ".tmp");
    }

    @Override
    public Optional<Path> linkStaging(Path source) throws IOException {
        if (!link) {
            return Optional.empty();
        }
        Path staged = stagingDir().resolve("link-" + UUID.randomUUID() + ".tmp");
        try {
            return Optional.of(Files.createLink(staged, source));
        } catch (UnsupportedOperationException | FileSystemException e) {
            // Another file system (EXDEV), or one without hard links (some SMB shares): the caller copies.
            return Optional.empty();
        }
    }

    @Override
    public Path stagingDir() throws IOException {
        return Files.createDirectories(root.resolve(INCOMING));
    }

    @Override
    public URI put(Path staged, PhotoKey key, String md5Hex) throws IOException {
        Path target = path(key);
        try {
            if (Files.exists(target)) {
                return target.toUri(); // same key, same bytes: the first copy stays
            }
            Path local = staged;
            if (!staged.toAbsolutePath().normalize().startsWith(root)) {
                // Staged elsewhere (another file system, perhaps): copy into the store's own first.
                local = newStagingFile();
                Files.copy(staged, local, StandardCopyOption.REPLACE_EXISTING);
            }
            if (fsync) {
                force(local, false);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(local, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(local);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("The photo store " + root + " cannot rename files atomically; put it on a "
                        + "local or network file system that can (ext4, xfs, NFS)", e);
            }
            if (fsync) {
                force(target.getParent(), true); // the rename itself survives a power cut
            }
            return target.toUri();
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private static void force(Path path, boolean directory) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!directory) {
                throw e;
            }
            // Some file systems refuse to open or sync a directory; the file itself was forced.
        }
    }

    @Override
    public boolean owns(URI uri) {
        return "file".equalsIgnoreCase(uri.getScheme()) && fileOf(uri).startsWith(root);
    }

    @Override
    public InputStream open(URI uri) throws IOException {
        Path file = checked(uri);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new PhotoMissingException(uri);
        }
    }

    @Override
    public Optional<Path> localFile(URI uri) {
        return Optional.of(checked(uri));
    }

    @Override
    public void list(Consumer<StoredPhoto> each) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> !p.startsWith(root.resolve(INCOMING))).forEach(file -> {
                String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                PhotoKey.parse(relative).ifPresent(key -> {
                    try {
                        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                        each.accept(new StoredPhoto(key, file.toUri(), attributes.size(),
                                attributes.lastModifiedTime().toInstant()));
                    } catch (NoSuchFileException e) {
                        // deleted while listing: nothing to report
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean delete(URI uri) throws IOException {
        return Files.deleteIfExists(checked(uri));
    }

    @Override
    public String describe() {
        return "folder " + root;
    }

    @Override
    public void close() {
        // nothing held open
    }

    private Path path(PhotoKey key) {
        return root.resolve(key.relative());
    }

    private Path checked(URI uri) {
        if (!owns(uri)) {
            throw new IllegalArgumentException(uri + " is not in the photo store " + root);
        }
        return fileOf(uri);
    }

    private static Path fileOf(URI uri) {
        return Path.of(uri).toAbsolutePath().normalize();
    }

}
