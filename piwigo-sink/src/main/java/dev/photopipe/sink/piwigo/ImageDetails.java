package dev.photopipe.sink.piwigo;

import java.util.Set;

/**
 * What {@code pwg.images.getInfo} says about one image.
 *
 * @param description  its {@code comment}, {@code null} when it has none
 * @param privacyLevel its {@code level}
 * @param albumIds     albums it is linked to; empty while it waits in the lounge
 * @param tagNames     names of its tags
 * @param tagIds       ids of its tags
 */
public record ImageDetails(long id, String md5, String name, String description, int privacyLevel,
                           Set<Long> albumIds, Set<String> tagNames, Set<Long> tagIds) {
}
