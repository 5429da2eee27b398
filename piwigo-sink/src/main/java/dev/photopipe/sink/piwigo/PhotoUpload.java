package dev.photopipe.sink.piwigo;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One photo to upload.
 *
 * @param source   the file, read chunk by chunk (never whole into memory)
 * @param md5      md5 of the file, lower-case hex: Piwigo's identity for it
 * @param fileName file name sent to Piwigo; its extension must be an accepted file type
 * @param title    image title
 * @param albumId  album to publish it in (after {@code uploadCompleted})
 * @param tagIds   tags to attach
 * @param description  Piwigo's {@code comment}, {@code null} for none
 * @param privacyLevel Piwigo's {@code level}: who may see it (0 everybody ... 8 admins)
 */
public record PhotoUpload(Path source, String md5, String fileName, String title, long albumId, List<Long> tagIds,
                          String description, int privacyLevel) {
    /** Without description, visible to everybody. */
    public PhotoUpload(Path source, String md5, String fileName, String title, long albumId, List<Long> tagIds) {
        this(source, md5, fileName, title, albumId, tagIds, null, 0);
    }

    public PhotoUpload {
        Objects.requireNonNull(source, "source");
        if (md5 == null || !md5.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("md5 must be 32 lower-case hex digits");
        }
        Objects.requireNonNull(fileName, "fileName");
        tagIds = List.copyOf(tagIds);
        if (privacyLevel < 0) {
            throw new IllegalArgumentException("privacyLevel must be >= 0");
        }
    }
}
