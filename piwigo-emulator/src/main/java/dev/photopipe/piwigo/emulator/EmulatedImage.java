package dev.photopipe.piwigo.emulator;

import java.util.Set;

/**
 * A snapshot of one image held by the emulator.
 *
 * @param id          image id
 * @param md5         the md5 Piwigo files the image under (the client's {@code original_sum})
 * @param contentMd5  md5 of the bytes actually stored; differs from {@code md5} when
 *                    {@code pwg.images.add} merged mismatched chunks, as the real Piwigo does
 * @param sizeBytes   size of the stored bytes
 * @param name        title
 * @param description the image's {@code comment}, {@code null} when none was given
 * @param level       privacy level (0 everybody, 1 contacts, 2 friends, 4 family, 8 admins)
 * @param albumIds    albums the image is linked to (empty while it waits in the lounge)
 * @param tagNames    names of its tags
 * @param inLounge    whether it still waits for {@code pwg.images.uploadCompleted}
 */
public record EmulatedImage(long id, String md5, String contentMd5, long sizeBytes, String name,
                            String description, int level, Set<Long> albumIds, Set<String> tagNames, boolean inLounge) {
}
