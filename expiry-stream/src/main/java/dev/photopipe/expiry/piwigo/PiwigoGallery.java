package dev.photopipe.expiry.piwigo;

import dev.photopipe.expiry.gallery.Done;
import dev.photopipe.expiry.gallery.Gallery;
import dev.photopipe.expiry.gallery.GalleryException;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import dev.photopipe.sink.catalog.AlbumDirectory;
import dev.photopipe.sink.piwigo.ImageNotFoundException;
import dev.photopipe.sink.piwigo.PiwigoClient;
import dev.photopipe.sink.piwigo.PiwigoException;
import java.util.List;
import java.util.Objects;

/**
 * The {@link Gallery} on Piwigo, through the sink's client (the one place speaking HTTP to
 * Piwigo). Both actions are idempotent, which the service's at-least-once Piwigo calls rely on:
 * archiving again links the same one album and sets the same level; deleting an image that is
 * gone answers ALREADY_GONE. Thread-safe as its client and directory are.
 */
public final class PiwigoGallery implements Gallery {
    private final PiwigoClient piwigo;
    private final AlbumDirectory albums;
    private final List<String> archivePath;

    /**
     * @param archivePath the private album expired photos are moved to, root first; created
     *     (private) when missing, at the first archive
     */
    public PiwigoGallery(PiwigoClient piwigo, AlbumDirectory albums, List<String> archivePath) {
        this.piwigo = Objects.requireNonNull(piwigo, "piwigo");
        this.albums = Objects.requireNonNull(albums, "albums");
        this.archivePath = List.copyOf(archivePath);
    }

    @Override
    public Done act(ScheduledExpiry expiry) {
        long imageId = expiry.piwigoImageId();
        try {
            return switch (expiry.action()) {
                case ARCHIVE -> {
                    long album = albums.resolvePrivate(archivePath);
                    piwigo.archive(imageId, album);
                    yield new Done(ExpiryEvent.ARCHIVED, "image " + imageId + " moved to private album " + album
                            + " (" + String.join("/", archivePath) + "), privacy level 8 (admins)");
                }
                case DELETE -> {
                    piwigo.deleteImage(imageId);
                    yield new Done(ExpiryEvent.DELETED, "image " + imageId + " deleted from " + piwigo.url());
                }
                case NONE -> throw new IllegalArgumentException("no action to do for " + expiry);
            };
        } catch (ImageNotFoundException gone) {
            return new Done(ExpiryEvent.ALREADY_GONE, "image " + imageId + " is no longer in Piwigo ("
                    + gone.getMessage() + "): deleted by someone before its expiry");
        } catch (PiwigoException e) {
            throw new GalleryException("Piwigo did not " + expiry.action().name().toLowerCase(java.util.Locale.ROOT)
                    + " image " + imageId + " (" + e.kind() + "): " + e.getMessage(), e);
        }
    }
}
