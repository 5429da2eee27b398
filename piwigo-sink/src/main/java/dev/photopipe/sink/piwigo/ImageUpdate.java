package dev.photopipe.sink.piwigo;

import java.util.List;

/**
 * A {@code pwg.images.setInfo} call. Empty lists leave that field alone.
 *
 * @param title    new title, {@code null} to leave it
 * @param description  new description (Piwigo's {@code comment}), {@code null} to leave it
 * @param privacyLevel new privacy level (Piwigo's {@code level}), {@code null} to leave it
 * @param albumIds albums to link
 * @param tagIds   tags to attach
 * @param replace  {@code true}: replace title, albums and tags ({@code single_value_mode} and
 *                 {@code multiple_value_mode} = replace); {@code false}: keep existing values and
 *                 append (Piwigo's defaults, which silently keep an existing title)
 */
public record ImageUpdate(long imageId, String title, String description, Integer privacyLevel, List<Long> albumIds,
                          List<Long> tagIds, boolean replace) {
    public ImageUpdate {
        albumIds = List.copyOf(albumIds);
        tagIds = List.copyOf(tagIds);
    }
}
