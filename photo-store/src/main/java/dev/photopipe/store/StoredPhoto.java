package dev.photopipe.store;

import java.net.URI;
import java.time.Instant;

/**
 * One photo as a store lists it.
 *
 * @param key where it is inside the store
 * @param uri what events carry to point at it
 * @param sizeBytes its size
 * @param storedAt when it was written (the file's or object's modification time)
 */
public record StoredPhoto(PhotoKey key, URI uri, long sizeBytes, Instant storedAt) {
}
