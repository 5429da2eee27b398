package dev.photopipe.ops.views.query;

import java.util.List;

/**
 * The answer to a {@link FindQuery}: photos oldest first. Immutable.
 *
 * @param query       the criteria, as a phrase
 * @param photos      at most the limit
 * @param limitHit    more photos matched than the limit
 * @param unreachable instances whose share could not be read ({@code host:port: why}); their photos are missing
 */
public record FoundPhotos(String query, List<PhotoView> photos, boolean limitHit, List<String> unreachable) {
    public FoundPhotos {
        photos = List.copyOf(photos);
        unreachable = List.copyOf(unreachable);
    }
}
