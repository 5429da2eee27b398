package dev.photopipe.store;

import dev.photopipe.store.s3.S3PhotoStore;
import java.nio.file.Path;

/** Creates {@link PhotoStore}s. */
public final class PhotoStores {
    private PhotoStores() {
    }

    /**
     * The store {@code settings} name.
     *
     * @param staging local folder where a remote store's photos wait on their way in (unused by the
     *     local store, which stages inside its own folder)
     */
    public static PhotoStore create(StoreSettings settings, Path staging) {
        return settings.dir() != null ? new LocalPhotoStore(settings.dir(), true, settings.link())
                : new S3PhotoStore(settings.s3(), staging);
    }

    /** A local store that does not force bytes to disk: for benchmarks of the page cache and tests only. */
    public static PhotoStore localWithoutFsync(Path dir) {
        return new LocalPhotoStore(dir, false, true);
    }
}
