package dev.photopipe.sink.piwigo;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Piwigo's web API, as photopipe uses it. Implementations are thread-safe; every call blocks,
 * retries transient failures with bounded exponential backoff and jitter, and throws a classified
 * {@link PiwigoException} when it gives up ({@link PiwigoAuthenticationException} for bad
 * credentials). Create one with {@link PiwigoClients}; close it to release its connections.
 */
public interface PiwigoClient extends AutoCloseable {

    /** Base URL of the gallery; identifies the server (e.g. for locks). */
    URI url();

    /**
     * {@code pwg.session.getStatus}, read once per connection (again after a re-login, and when
     * older than {@link PiwigoSettings#statusMaxAge()}).
     */
    ServerStatus status();

    /**
     * A fresh {@code pwg.session.getStatus}, for health checks: throws when Piwigo does not answer
     * or refuses the credentials. How long it may take is the client's retry policy: make the
     * client with {@link PiwigoSettings#forProbe} for a quick answer.
     */
    ServerStatus probe();

    /**
     * {@code pwg.images.exist}: which of these md5s the gallery holds.
     *
     * @return md5 to image id, only for the md5s found
     */
    Map<String, Long> exist(Collection<String> md5s);

    /**
     * Uploads one photo and returns its image id: {@code uploadDetailed(photo).id()}.
     */
    default long upload(PhotoUpload photo) {
        return uploadDetailed(photo).id();
    }

    /**
     * Uploads one photo and returns what Piwigo holds for it now. Uses {@code pwg.images.uploadAsync}
     * (Piwigo 11+; any chunk can be retried, only unacknowledged chunks are re-sent) with chunks as
     * large as the server takes (usually the whole photo in one request), or, on older servers,
     * {@code addChunk} + {@code add} with one chunk size for the whole file. A final request that
     * failed transiently is followed by {@link #exist} before any retry, never by a blind
     * re-upload. The merging request's answer (Piwigo's getInfo object) is returned as is, so the
     * caller can tell whether a {@link #setInfo} would change anything; only when that answer was
     * lost is {@code pwg.images.getInfo} asked. The photo then waits in the lounge (its
     * {@code albumIds} empty) until {@link #uploadCompleted}. A file type the server does not
     * accept (its status read again first) fails PERMANENT with HTTP status 415, before anything
     * is sent. The caller must not upload the same md5 twice at once (Piwigo has no unique index
     * on md5).
     */
    ImageDetails uploadDetailed(PhotoUpload photo);

    /**
     * {@code pwg.images.uploadCompleted}: publishes the lounge into the albums each photo was
     * uploaded to. Piwigo empties the WHOLE lounge (every waiting photo, not only
     * {@code imageIds}) and leaves already published images alone, so calling it again is harmless.
     */
    void uploadCompleted(Collection<Long> imageIds, long albumId);

    /**
     * {@code pwg.images.emptyLounge} (admin only, Piwigo 12+): publishes every photo waiting in
     * the lounge, like {@link #uploadCompleted} without naming an album.
     */
    void emptyLounge();

    /**
     * {@code pwg.images.setInfo}. An album id Piwigo does not know (e.g. deleted since it was
     * resolved) fails PERMANENT: Piwigo then links none of the albums, though it applies the rest.
     */
    void setInfo(ImageUpdate update);

    /** {@code pwg.images.getInfo}. */
    ImageDetails imageDetails(long imageId);

    /** {@code pwg.categories.getList recursive=true fullname=false}: every album. */
    List<Album> albums();

    /**
     * {@code pwg.categories.add}. Piwigo ALWAYS creates, even when the name exists under that
     * parent: use {@code dev.photopipe.sink.catalog.AlbumDirectory}, not this, to find-or-create.
     *
     * @param parentId parent album, {@code null} for the root
     */
    default long addAlbum(String name, Long parentId) {
        return addAlbum(name, parentId, false);
    }

    /**
     * {@code pwg.categories.add} with {@code status} private or public. Piwigo makes every album
     * created under a private parent private, whatever is asked.
     *
     * @param privateAlbum {@code true}: only users and groups granted access see it (and admins)
     */
    long addAlbum(String name, Long parentId, boolean privateAlbum);

    /**
     * {@code pwg.categories.delete} with {@code photo_deletion_mode=no_delete}: removes these albums
     * (and, as Piwigo does, their sub-albums) but never a photo. Ids that no longer exist are
     * ignored by Piwigo, so a retried delete is harmless. Meant for the empty duplicates
     * {@code AlbumDirectory} created itself in a race; never for albums holding photos.
     */
    void deleteAlbums(Collection<Long> albumIds);

    /**
     * {@code pwg.images.delete} (admin only, with the session's {@code pwg_token}): removes the
     * image, its files and its links from Piwigo. Piwigo answers how many images it deleted and
     * raises no error for an id it does not know: 0 is reported as {@link ImageNotFoundException},
     * except after a retry of this same call, whose lost first answer may have been that deletion.
     *
     * @throws ImageNotFoundException Piwigo had no such image
     */
    void deleteImage(long imageId);

    /**
     * Archives an image: {@code pwg.images.setInfo} with {@code categories=albumId} and
     * {@code multiple_value_mode=replace} (linked to that album only, unlinked from every other)
     * and {@code level=8} with {@code single_value_mode=replace} (admins only). Idempotent: doing
     * it again changes nothing.
     *
     * @throws ImageNotFoundException Piwigo has no such image (its err 404 "image_id not found")
     */
    void archive(long imageId, long albumId);

    /** {@code pwg.tags.getAdminList}: every tag. */
    List<Tag> tags();

    /** {@code pwg.tags.add}; an existing name ({@link Tag#matches}) fails PERMANENT with err 1003. */
    long addTag(String name);

    @Override
    void close();
}
