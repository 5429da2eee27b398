package dev.photopipe.store;

import dev.photopipe.store.s3.S3Settings;
import java.nio.file.Path;

/**
 * Which photo store to use: exactly one of the two is set.
 *
 * @param dir the local store's folder, or null
 * @param link whether the local store may keep a file of its own file system by a hard link
 * @param s3 the S3 store's settings, or null
 */
public record StoreSettings(Path dir, boolean link, S3Settings s3) {
    public StoreSettings {
        if ((dir == null) == (s3 == null)) {
            throw new IllegalArgumentException("exactly one of dir and s3 must be set");
        }
    }

    public static StoreSettings local(Path dir) {
        return new StoreSettings(dir, true, null);
    }
}
