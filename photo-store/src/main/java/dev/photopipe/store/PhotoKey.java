package dev.photopipe.store;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a photo's bytes live inside a store: derived from its photo id (the SHA-256 of the bytes)
 * and the extension of its content's type, {@code ab/cd/<sha256>.<ext>}. Two levels of folders
 * keep any directory small; the same bytes always get the same key, so a second write of a photo
 * is a no-op. Immutable.
 *
 * @param photoId lower-case hex SHA-256 of the bytes
 * @param extension the content type's extension, e.g. {@code jpg}
 */
public record PhotoKey(String photoId, String extension) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,8}");

    /** Both parts are checked: a key never leaves its store's folder or prefix. */
    public PhotoKey {
        photoId = photoId.toLowerCase(Locale.ROOT);
        extension = extension.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(photoId).matches()) {
            throw new IllegalArgumentException("photo id must be 64 hex digits (a SHA-256): " + photoId);
        }
        if (!EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("extension must be 1-8 letters or digits: " + extension);
        }
    }

    /** The key relative to the store's root or prefix, with '/' separators. */
    public String relative() {
        return photoId.substring(0, 2) + "/" + photoId.substring(2, 4) + "/" + photoId + "." + extension;
    }

    /** The key named by the end of a stored object's path ({@code .../ab/cd/<sha256>.<ext>}); empty for anything else. */
    public static Optional<PhotoKey> parse(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot != 64) {
            return Optional.empty();
        }
        try {
            PhotoKey key = new PhotoKey(name.substring(0, dot), name.substring(dot + 1));
            return path.endsWith(key.relative()) ? Optional.of(key) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
