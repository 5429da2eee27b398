package dev.photopipe.sink.upload;

import dev.photopipe.sink.catalog.AlbumDirectory;
import dev.photopipe.sink.catalog.TagDirectory;
import dev.photopipe.sink.piwigo.ImageUpdate;
import dev.photopipe.sink.piwigo.PhotoUpload;
import dev.photopipe.sink.piwigo.PiwigoClient;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;

/** {@link PhotoUploader} over a {@link PiwigoClient}. Thread-safe. */
final class GalleryUploader implements PhotoUploader {
    private final PiwigoClient piwigo;
    private final AlbumDirectory albums;
    private final TagDirectory tags;
    private final KeyedLocks perMd5 = new KeyedLocks();
    /** Limits uploads, not exist checks: the server's PHP workers are what must not run out. */
    private final Semaphore inFlight;

    GalleryUploader(PiwigoClient piwigo, AlbumDirectory albums, TagDirectory tags, int maxInFlight) {
        this.piwigo = piwigo;
        this.albums = albums;
        this.tags = tags;
        this.inFlight = new Semaphore(maxInFlight, true);
    }

    @Override
    public UploadResult upload(UploadRequest request) {
        String md5 = request.md5().toLowerCase(Locale.ROOT);
        long albumId = albums.resolve(request.albumPath());
        List<Long> tagIds = tags.resolve(request.tags());
        return perMd5.withLock(md5, () -> {
            Long existing = piwigo.exist(List.of(md5)).get(md5);
            if (existing != null) {
                // Already there (an earlier run, or another feed): link, keep its title and links.
                // A run killed between the upload and uploadCompleted left it in the lounge:
                // publish it (Piwigo ignores images that are not in the lounge).
                piwigo.uploadCompleted(List.of(existing), albumId);
                piwigo.setInfo(new ImageUpdate(existing, request.title(), request.description(), request.privacyLevel(),
                        List.of(albumId), tagIds, false));
                return new UploadResult(existing, albumId, false);
            }
            long id = withPermit(() -> piwigo.upload(
                    new PhotoUpload(request.source(), md5, request.fileName(), request.title(), albumId, tagIds,
                            request.description(), request.privacyLevel())));
            piwigo.uploadCompleted(List.of(id), albumId);
            // With upload_detect_duplicate on, Piwigo may have reused an image and kept its
            // metadata: set title, description, level, album and tags explicitly, replacing.
            piwigo.setInfo(new ImageUpdate(id, request.title(), request.description(), request.privacyLevel(),
                    List.of(albumId), tagIds, true));
            return new UploadResult(id, albumId, true);
        });
    }

    private long withPermit(java.util.function.LongSupplier work) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for an upload slot");
        }
        try {
            return work.getAsLong();
        } finally {
            inFlight.release();
        }
    }
}
