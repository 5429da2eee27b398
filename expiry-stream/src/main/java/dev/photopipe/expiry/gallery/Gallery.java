package dev.photopipe.expiry.gallery;

import dev.photopipe.schemas.expiry.ScheduledExpiry;

/**
 * Where an expiry's action is done: the Piwigo gallery. The topology acts through this seam only,
 * so that it is tested without HTTP and the one Piwigo client stays in the gallery adapter.
 *
 * <p>Every implementation must be idempotent per expiry: the service may ask again for an expiry
 * it already acted on when it crashed before recording it (see {@code ExpiryProcessor}).
 */
public interface Gallery {

    /**
     * Archives or deletes the photo of {@code expiry} (its action is ARCHIVE or DELETE).
     *
     * @return what was done, for the audit: ARCHIVED, DELETED, or ALREADY_GONE when the image is no
     *     longer in the gallery (deleted by a person): then nothing is left to do
     * @throws GalleryException the gallery did not do it (down, refused, an error): try again later
     */
    Done act(ScheduledExpiry expiry);
}
