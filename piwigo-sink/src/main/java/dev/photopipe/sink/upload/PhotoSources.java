package dev.photopipe.sink.upload;

import java.net.URI;
import java.nio.file.Path;

/** Turns the source reference of an upload request into a file the client can stream. */
public final class PhotoSources {
    private PhotoSources() {
    }

    /**
     * A {@code file:} URI or a plain file system path.
     *
     * @throws IllegalArgumentException for any other scheme: the record cannot be uploaded as is
     */
    public static Path path(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("empty photo source");
        }
        if (source.regionMatches(true, 0, "file:", 0, 5)) {
            return Path.of(URI.create(source));
        }
        if (source.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*")) {
            throw new IllegalArgumentException("unsupported photo source scheme: " + URI.create(source).getScheme());
        }
        return Path.of(source);
    }
}
