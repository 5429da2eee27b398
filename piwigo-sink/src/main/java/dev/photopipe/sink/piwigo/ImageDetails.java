package dev.photopipe.sink.piwigo;

import java.util.Set;

/**
 * What {@code pwg.images.getInfo} says about one image.
 *
 * @param albumIds albums it is linked to; empty while it waits in the lounge
 */
public record ImageDetails(long id, String md5, String name, Set<Long> albumIds, Set<String> tagNames) {
}
