package dev.photopipe.ingest.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The folders photopipe may read photos from, and the one rule every {@code file:} source
 * passes, whichever way it came in (hot folder, bulk import, JSON capture): the file's real path,
 * every symbolic link followed, must lie below the real path of one of the roots, and must be a
 * regular file. The event then carries that real path, so what the sink reads later is what was
 * checked and hashed now, not whatever a link points at by then.
 *
 * <p>Roots are resolved on each check: a root created after start (the photo storage, a mounted
 * share) counts once it exists; one that does not exist holds nothing. Immutable and thread-safe.
 */
public final class AllowedRoots {
    private final List<Path> roots;

    private AllowedRoots(List<Path> roots) {
        this.roots = roots;
    }

    public static AllowedRoots of(Collection<Path> roots) {
        return new AllowedRoots(roots.stream().map(p -> p.toAbsolutePath().normalize()).toList());
    }

    public static AllowedRoots of(Path root) {
        return of(List.of(root));
    }

    /**
     * The real path of {@code file}, if it lies below a root.
     *
     * @throws Refused when it leads outside every root (through a link or {@code ..}) or is no
     *     regular file (a folder, a pipe, a device)
     * @throws NoSuchFileException when it does not exist
     * @throws IOException when it cannot be resolved
     */
    public Path resolve(Path file) throws IOException, Refused {
        Path real = file.toAbsolutePath().toRealPath();
        boolean inside = false;
        for (Path root : realRoots()) {
            if (real.startsWith(root)) {
                inside = true;
                break;
            }
        }
        if (!inside) {
            throw new Refused(real, false);
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(real, true);
        }
        return real;
    }

    private List<Path> realRoots() {
        List<Path> real = new ArrayList<>(roots.size());
        for (Path root : roots) {
            try {
                real.add(root.toRealPath());
            } catch (IOException e) {
                // A root that does not exist (yet) holds nothing.
            }
        }
        return real;
    }

    /** A path the rule refuses; {@link #real()} is for the operator's log, never for a client. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Path real;
        private final boolean notAFile;

        Refused(Path real, boolean notAFile) {
            super(notAFile ? "is not a regular file" : "leads outside the allowed folders");
            this.real = real;
            this.notAFile = notAFile;
        }

        /** Where the path really leads, links followed. */
        public Path real() {
            return real;
        }

        /** True when it is inside a root but no regular file; false when it leads outside. */
        public boolean notAFile() {
            return notAFile;
        }
    }
}
